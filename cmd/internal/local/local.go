// Package local opens the stores of a program that runs on a machine with
// a disk: the embedded SQLite database, or DynamoDB. It is apart from
// package app so that the Lambda function, which has no disk, does not
// link SQLite.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

var _ app.Opener = Open

// Open opens the stores of cfg.Store.
func Open(ctx context.Context, cfg *app.Config, a *app.AWS, mode app.Open) (*app.Stores, error) {
	if cfg.Store != "sqlite" {
		return app.OpenDynamo(ctx, cfg, a, mode)
	}
	if mode != app.Create {
		if _, err := os.Stat(cfg.DB); errors.Is(err, fs.ErrNotExist) {
			return nil, &app.Error{Problems: []string{fmt.Sprintf("--db %s: no such database", cfg.DB)}}
		}
	}
	var (
		db  *sqlite.DB
		err error
	)
	if mode == app.ReadOnly {
		db, err = sqlite.OpenReadOnly(ctx, cfg.DB)
	} else {
		db, err = sqlite.OpenWith(ctx, cfg.DB, sqlite.Options{Replicated: cfg.Replicate != ""})
	}
	if errors.Is(err, sqlite.ErrNotWritable) || errors.Is(err, sqlite.ErrSchema) {
		return nil, &app.Error{Problems: []string{err.Error()}}
	}
	if err != nil {
		return nil, err
	}
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return app.NewStores(vs, sqlite.NewMovieStore(db), sqlite.NewMessageStore(db), io.Closer(db), vs), nil
}
