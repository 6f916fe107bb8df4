package dynamo

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

// endpoint is the dynalite every test of the package shares; each test
// works in tables of its own prefix.
var endpoint string

func TestMain(m *testing.M) {
	srv, err := awstest.StartDynalite()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint = srv.Endpoint
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

// testClient answers a client of the shared dynalite.
func testClient() *dynamodb.Client { return NewClient(awstest.Config(endpoint)) }

// newDB creates the tables of a prefix unique to t and deletes them when
// t ends.
func newDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	client := testClient()
	prefix := awstest.Prefix(t)
	sts, err := CreateTables(ctx, client, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, st := range sts {
			client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(st.Name)})
		}
	})
	return New(client, prefix)
}
