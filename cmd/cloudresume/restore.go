package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/sqlite"
)

func runRestore(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "restore", "[flags] FILE", "Replace the SQLite database with the backup FILE. Refused while a server or any\nother command has the database open: stop it first.", storeSettings()...)
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return &exitError{code: 2, err: errors.New("restore: give one backup FILE")}
	}
	if cfg.Store != "sqlite" {
		return &exitError{code: 2, err: fmt.Errorf("restore works on the SQLite database; --store %s has none (use cloudresume import)", cfg.Store)}
	}
	if err := sqlite.Restore(ctx, f.Arg(0), cfg.DB); err != nil {
		if errors.Is(err, sqlite.ErrInUse) {
			return &exitError{code: 1, err: fmt.Errorf("restore: %w", err)}
		}
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", cfg.DB, f.Arg(0))
	return nil
}
