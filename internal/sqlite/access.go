package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ErrNotWritable is wrapped by Open's error when the database cannot be
// written where it is.
var ErrNotWritable = errors.New("database not writable")

// ErrSchema is wrapped by OpenReadOnly's error when the database's schema
// is not this program's.
var ErrSchema = errors.New("schema of another version")

// checkWritable reports why the database at path cannot be written: the
// file is read-only, its directory is (SQLite writes the -wal and -shm
// files beside it), or those files were left by another user. It tries the
// writes rather than reading permission bits, which the superuser ignores.
func checkWritable(path string) error {
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: the database file is read-only (%v): %w", path, cause(err), ErrNotWritable)
	}
	dir := filepath.Dir(path)
	if err := tryCreateIn(dir); err != nil {
		return fmt.Errorf("%s: its directory %s is read-only (%v), and SQLite writes the database's -wal and -shm files there: %w",
			path, dir, cause(err), ErrNotWritable)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		f, err := os.OpenFile(path+suffix, os.O_RDWR, 0)
		switch {
		case err == nil:
			f.Close()
		case errors.Is(err, fs.ErrNotExist):
		default:
			owner := ""
			if fi, serr := os.Stat(path + suffix); serr == nil {
				owner = fileOwner(fi)
			}
			return fmt.Errorf("%s%s is not writable (%v%s): left by another user? remove it, or run as its owner: %w",
				path, suffix, cause(err), owner, ErrNotWritable)
		}
	}
	return nil
}

// tryCreateIn creates a file in dir and removes it again.
func tryCreateIn(dir string) error {
	probe, err := os.CreateTemp(dir, ".cloudresume-write-check-*")
	if err != nil {
		return err
	}
	probe.Close()
	return os.Remove(probe.Name())
}

func canCreateIn(dir string) bool { return tryCreateIn(dir) == nil }

// cause is the system's reason of a file error, without the path it names.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// OpenReadOnly opens the database at path to read it only: no migration
// runs and nothing is written, so a read-only copy serves too. A database
// of another schema version than this program's is ErrSchema, which says
// what to do.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// The shared lock keeps a restore from replacing the file while it is
	// read; where the lock cannot be made (a read-only directory) nothing
	// can replace the file either.
	lk, err := lock(path, false)
	if errors.Is(err, ErrInUse) {
		return nil, err
	}
	if err != nil {
		lk = nil
	}
	// In WAL mode even a reader needs the -shm file. Where it is not there
	// and cannot be made, nobody can be writing the database either: it is
	// read as an immutable file.
	immutable := false
	if _, err := os.Stat(path + "-shm"); errors.Is(err, fs.ErrNotExist) && !canCreateIn(filepath.Dir(path)) {
		immutable = true
	}
	write, err := readOnlyPool(path, 1, immutable)
	if err != nil {
		lk.Close()
		return nil, err
	}
	read, err := readOnlyPool(path, 4, immutable)
	if err != nil {
		write.Close()
		lk.Close()
		return nil, err
	}
	db := &DB{path: path, write: write, read: read, lock: lk, stop: make(chan struct{}), done: make(chan struct{})}
	close(db.done) // no checkpointer: nothing is written
	if err := db.checkSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func readOnlyPool(path string, conns int, immutable bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "query_only(1)")
	return newPool("file:"+path+"?"+q.Encode(), path, conns)
}

// checkSchema refuses a database whose schema is not this program's.
func (db *DB) checkSchema(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].version
	var current int
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("%s: not a cloudresume database (%v): %w", db.path, err, ErrSchema)
	}
	switch {
	case current > latest:
		return fmt.Errorf("%s was written by a newer cloudresume (schema %d; this one knows up to %d): use that version or newer: %w",
			db.path, current, latest, ErrSchema)
	case current < latest:
		return fmt.Errorf("%s needs a newer schema (it has %d, this program %d), which reading it cannot apply: run `cloudresume serve` on it once: %w",
			db.path, current, latest, ErrSchema)
	}
	return nil
}
