package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "backup", "[flags] FILE", "Write a consistent copy of the SQLite database to FILE, also while serve runs and takes hits.\nOn DynamoDB use point-in-time recovery, or cloudresume export.", storeSettings()...)
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return &exitError{code: 2, err: errors.New("backup: give one FILE to write")}
	}
	if err := needSQLite(cfg, "backup"); err != nil {
		return err
	}
	if err := sqlite.Backup(ctx, cfg.DB, f.Arg(0)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.DB, f.Arg(0))
	return nil
}

// needSQLite refuses a command that works on the SQLite file alone when
// another store is chosen, or when the database does not exist.
func needSQLite(cfg *app.Config, cmd string) error {
	if cfg.Store != "sqlite" {
		return &exitError{code: 2, err: fmt.Errorf("%s works on the SQLite database; --store %s has none (use cloudresume export)", cmd, cfg.Store)}
	}
	if _, err := os.Stat(cfg.DB); errors.Is(err, fs.ErrNotExist) {
		return &exitError{code: 2, err: fmt.Errorf("--db %s: no such database (cloudresume serve creates it)", cfg.DB)}
	}
	return nil
}
