package stacktest

import (
	"context"
	"testing"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/storetest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// The stores pass their conformance suites on the tables that the dev
// stage's template declares, made as it declares them.
func TestStoresOnTheDeployedTables(t *testing.T) {
	tm := dev.Template(t)
	if err := tm.Check(); err != nil {
		t.Fatalf("the dev stage's tables do not serve the code:\n%v", err)
	}
	client := testClient()
	db := func(t *testing.T) *dynamo.DB { return dynamo.New(client, Tables(t, client, tm)) }
	t.Run("visits", func(t *testing.T) {
		storetest.Visits(t, func(t *testing.T) visits.Store { return dynamo.NewVisitStore(db(t)) })
	})
	t.Run("messages", func(t *testing.T) {
		storetest.Messages(t, func(t *testing.T) contact.Store { return dynamo.NewMessageStore(db(t)) })
	})
	t.Run("movies", func(t *testing.T) {
		storetest.Movies(t, func(t *testing.T) movies.Store { return dynamo.NewMovieStore(db(t)) })
	})
}

// The dev stage's tables are the code's own, to the last index and time
// to live: what the stores would not notice today is a trap tomorrow.
func TestDeployedTablesMatchTheCode(t *testing.T) {
	tm := dev.Template(t)
	if err := Compare(context.Background(), testClient(), tm, awstest.Prefix(t)); err != nil {
		t.Fatalf("the dev stage's tables differ from the code's:\n%v", err)
	}
}
