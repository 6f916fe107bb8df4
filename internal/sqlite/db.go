// Package sqlite is the embedded store: every Store of the domain packages
// over one SQLite database file.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is an open database: one writer connection, because SQLite allows one
// writer at a time and queuing in Go is cheaper than busy retries, and a
// pool of readers, which WAL lets run beside the writer.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB
	lock  *fileLock     // held shared: Restore refuses while any process holds it
	stop  chan struct{} // closed by Close: stops the checkpointer
	done  chan struct{} // closed by the checkpointer when it returns
}

// Options change how a database is opened.
type Options struct {
	// Replicated leaves checkpoints to the replicator (Litestream), which
	// must see every WAL frame before it is copied back into the database:
	// neither the writer nor a background checkpointer runs them.
	Replicated bool
}

// Open opens (creating if needed) the database at path and applies the
// migrations it lacks. It holds the database's shared lock until Close;
// while a restore replaces the file it is ErrInUse.
func Open(ctx context.Context, path string) (*DB, error) { return OpenWith(ctx, path, Options{}) }

// OpenWith is Open with opts.
func OpenWith(ctx context.Context, path string, opts Options) (*DB, error) {
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	lk, err := lock(path, false)
	if err != nil {
		return nil, err
	}
	autocheckpoint := walSafetyPages
	if opts.Replicated {
		autocheckpoint = 0
	}
	write, err := openPool(path, 1, fmt.Sprintf("wal_autocheckpoint(%d)", autocheckpoint))
	if err != nil {
		lk.Close()
		return nil, err
	}
	read, err := openPool(path, 8)
	if err != nil {
		write.Close()
		lk.Close()
		return nil, err
	}
	db := &DB{path: path, write: write, read: read, lock: lk, stop: make(chan struct{}), done: make(chan struct{})}
	if opts.Replicated {
		close(db.done)
	} else {
		go db.checkpointer(db.stop, db.done)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPool(path string, conns int, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)",
		// FULL: a commit survives power loss, not only a crash of this
		// process. Group commit keeps that affordable.
		"synchronous(FULL)",
		"busy_timeout(5000)",
		"foreign_keys(ON)",
	} {
		q.Add("_pragma", p)
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	return newPool("file:"+path+"?"+q.Encode(), path, conns)
}

// newPool returns a pool of at most conns connections to dsn.
func newPool(dsn, path string, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	return pool, nil
}

// Path answers the database file's path.
func (db *DB) Path() string { return db.path }

// Close stops the checkpointer and closes both pools.
func (db *DB) Close() error {
	select {
	case <-db.stop:
	default:
		close(db.stop)
	}
	<-db.done
	errW := db.write.Close()
	errR := db.read.Close()
	db.lock.Close()
	if errW != nil {
		return fmt.Errorf("close writer: %w", errW)
	}
	if errR != nil {
		return fmt.Errorf("close readers: %w", errR)
	}
	return nil
}
