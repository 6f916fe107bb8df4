package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// Stores is one implementation of every Store, over one backend.
type Stores struct {
	Visits   visits.Store
	Movies   movies.Store
	Messages contact.Store
	// closers are closed last first. Closers, not func values: what the
	// Lambda function may ask of AWS is derived from the calls it can reach.
	closers []io.Closer
}

// Open says what OpenStores does with a SQLite file that does not exist.
type Open int

const (
	// Create makes a new database, as serve does.
	Create Open = iota
	// Existing refuses a missing file: a command that reads or changes
	// what is there must not answer from a new, empty database.
	Existing
)

// OpenStores opens the stores of cfg.Store.
func OpenStores(ctx context.Context, cfg *Config, a *AWS, mode Open) (*Stores, error) {
	switch cfg.Store {
	case "sqlite":
		return openSQLite(ctx, cfg, mode)
	case "dynamodb":
		awsCfg, err := a.Config(ctx)
		if err != nil {
			return nil, err
		}
		st := dynamo.Open(withEndpoint(awsCfg, cfg.DynamoDBEndpoint), cfg.TablePrefix)
		return &Stores{Visits: st.Visits, Movies: st.Movies, Messages: st.Messages}, nil
	}
	return nil, &Error{Problems: []string{fmt.Sprintf("--store %q: want sqlite or dynamodb", cfg.Store)}}
}

func openSQLite(ctx context.Context, cfg *Config, mode Open) (*Stores, error) {
	if mode == Existing {
		if _, err := os.Stat(cfg.DB); errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{Problems: []string{fmt.Sprintf("--db %s: no such database", cfg.DB)}}
		}
	}
	db, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	st := &Stores{closers: []io.Closer{db}}
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		st.Close()
		return nil, err
	}
	st.closers = append(st.closers, vs)
	st.Visits = vs
	st.Movies = sqlite.NewMovieStore(db)
	st.Messages = sqlite.NewMessageStore(db)
	return st, nil
}

// Close releases the stores in reverse order of opening; a store with
// pending writes commits them first.
func (s *Stores) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i].Close())
	}
	s.closers = nil
	return errors.Join(errs...)
}
