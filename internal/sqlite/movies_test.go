package sqlite

import (
	"testing"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestMovieStore(t *testing.T) {
	storetest.Movies(t, func(t *testing.T) movies.Store { return NewMovieStore(openTest(t)) })
}
