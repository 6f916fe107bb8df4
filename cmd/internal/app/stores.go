package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/movies"
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
	// Existing refuses a missing file: a command that changes what is
	// there must not answer from a new, empty database.
	Existing
	// ReadOnly is Existing for a command that only reads: the database is
	// opened read-only, with no migration, so a read-only copy serves.
	ReadOnly
)

// Opener opens the stores of cfg.Store. A program gets the backends it
// links: the Lambda function has no disk and no SQLite (OpenDynamo), the
// CLI both (package local).
type Opener func(ctx context.Context, cfg *Config, a *AWS, mode Open) (*Stores, error)

// OpenDynamo opens the stores over DynamoDB; it refuses any other store.
func OpenDynamo(ctx context.Context, cfg *Config, a *AWS, mode Open) (*Stores, error) {
	if cfg.Store != "dynamodb" {
		return nil, &Error{Problems: []string{fmt.Sprintf("--store %q: this program has only dynamodb", cfg.Store)}}
	}
	awsCfg, err := a.Config(ctx)
	if err != nil {
		return nil, err
	}
	st := dynamo.Open(withEndpoint(awsCfg, cfg.DynamoDBEndpoint), cfg.TablePrefix)
	return &Stores{Visits: st.Visits, Movies: st.Movies, Messages: st.Messages}, nil
}

// NewStores returns stores that Close closes, last first.
func NewStores(v visits.Store, m movies.Store, msg contact.Store, closers ...io.Closer) *Stores {
	return &Stores{Visits: v, Movies: m, Messages: msg, closers: closers}
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
