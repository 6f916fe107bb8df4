package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// storeFlags choose and locate the store: the embedded SQLite file, or
// DynamoDB tables.
type storeFlags struct {
	kind     string
	db       string
	endpoint string
	region   string
	prefix   string
}

func (sf *storeFlags) register(f *flags) {
	f.String(&sf.kind, "store", "sqlite", "where data lives: sqlite or dynamodb")
	f.String(&sf.db, "db", "cloudresume.db", "SQLite database file (with --store sqlite)")
	f.String(&sf.endpoint, "dynamodb-endpoint", "", "DynamoDB endpoint URL, for a local server (with --store dynamodb)")
	f.String(&sf.region, "region", "us-east-1", "AWS region (with --store dynamodb)")
	f.String(&sf.prefix, "table-prefix", "cloudresume-", "prefix of the DynamoDB table names (with --store dynamodb)")
}

// stores holds one implementation of every Store, over one backend.
type stores struct {
	visits   visits.Store
	movies   movies.Store
	messages contact.Store // nil until the backend has one
	closers  []func() error
}

// close releases the stores in reverse order of opening; a store with
// pending writes commits them first.
func (s *stores) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	return errors.Join(errs...)
}

// open opens the chosen backend.
func (sf *storeFlags) open(ctx context.Context) (*stores, error) {
	switch sf.kind {
	case "sqlite":
		return sf.openSQLite(ctx)
	case "dynamodb":
		return sf.openDynamo(ctx)
	}
	return nil, &exitError{code: 2, err: fmt.Errorf("--store %q: want sqlite or dynamodb", sf.kind)}
}

// openExisting opens the chosen backend for a command that only reads or
// changes what is there: a SQLite file that does not exist is an error, not
// a new empty database that would answer as if nothing had happened.
func (sf *storeFlags) openExisting(ctx context.Context) (*stores, error) {
	if sf.kind == "sqlite" {
		if _, err := os.Stat(sf.db); errors.Is(err, fs.ErrNotExist) {
			return nil, &exitError{code: 2, err: fmt.Errorf("--db %s: no such database (cloudresume serve creates it)", sf.db)}
		}
	}
	return sf.open(ctx)
}

func (sf *storeFlags) openSQLite(ctx context.Context) (*stores, error) {
	db, err := sqlite.Open(ctx, sf.db)
	if err != nil {
		return nil, err
	}
	st := &stores{closers: []func() error{db.Close}}
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		st.close()
		return nil, err
	}
	st.visits = vs
	st.closers = append(st.closers, vs.Close)
	st.movies = sqlite.NewMovieStore(db)
	st.messages = sqlite.NewMessageStore(db)
	return st, nil
}
