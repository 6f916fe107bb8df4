package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/sqlite"
)

func runRestore(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	f := newFlags(e, "restore", "[flags] FILE", "Replace the SQLite database with the backup FILE. Refused while a server or any\nother command has the database open: stop it first.")
	sf.register(f)
	pos, help, err := parseInterspersed(f, args)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		f.Usage()
		return &exitError{code: 2, err: errors.New("restore: give one backup FILE")}
	}
	if sf.kind != "sqlite" {
		return &exitError{code: 2, err: fmt.Errorf("restore works on the SQLite database; --store %s has none (use cloudresume import)", sf.kind)}
	}
	if err := sqlite.Restore(ctx, pos[0], sf.db); err != nil {
		if errors.Is(err, sqlite.ErrInUse) {
			return &exitError{code: 1, err: fmt.Errorf("restore: %w", err)}
		}
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", sf.db, pos[0])
	return nil
}
