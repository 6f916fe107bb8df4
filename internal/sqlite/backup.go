package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database at src to dst, while
// other processes go on writing to it: VACUUM INTO reads one snapshot of
// the database (WAL lets it run beside the writer), so the copy holds every
// transaction committed before it started and none half. The copy is
// written beside dst and renamed over it once it is complete and checked,
// so dst is either the old file or the whole new one.
func Backup(ctx context.Context, src, dst string) (err error) {
	lk, err := lock(src, false)
	if err != nil {
		return err
	}
	defer lk.Close()
	pool, err := openPool(src, 1)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := schemaVersion(ctx, pool, src); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	tmp.Close()
	defer func() {
		if err != nil {
			removeDB(tmp.Name())
		}
	}()
	// An empty file is a valid target of VACUUM INTO.
	if _, err := pool.ExecContext(ctx, `VACUUM INTO ?`, tmp.Name()); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	if err := checkCopy(ctx, tmp.Name()); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	return replaceFile(tmp.Name(), dst)
}

// Restore replaces the database at to with the backup at from. It refuses
// with ErrInUse while any process has to open (a server holds its lock for
// as long as it runs), and refuses a file that is not a sound database of
// this program or that a newer version made. The old database's WAL is
// removed with it: replayed over the restored file it would corrupt it.
func Restore(ctx context.Context, from, to string) (err error) {
	if fi, err := os.Stat(from); err != nil {
		return fmt.Errorf("restore: %w", err)
	} else if ti, err := os.Stat(to); err == nil && os.SameFile(fi, ti) {
		return fmt.Errorf("restore: %s is the database itself", from)
	}
	lk, err := lock(to, true)
	if err != nil {
		return err
	}
	defer lk.Close()
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".*.tmp")
	if err != nil {
		return fmt.Errorf("restore to %s: %w", to, err)
	}
	defer func() {
		if err != nil {
			removeDB(tmp.Name())
		}
	}()
	if err := copyInto(tmp, from); err != nil {
		return fmt.Errorf("restore %s: %w", from, err)
	}
	if err := checkCopy(ctx, tmp.Name()); err != nil {
		return fmt.Errorf("restore %s: %w", from, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: remove the old %s: %w", suffix, err)
		}
	}
	return replaceFile(tmp.Name(), to)
}

// copyInto copies the file at from into dst, synced, and closes dst.
func copyInto(dst *os.File, from string) error {
	src, err := os.Open(from)
	if err != nil {
		dst.Close()
		return err
	}
	defer src.Close()
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	return errors.Join(err, dst.Close())
}

// checkCopy opens the database copy at path, checks its integrity and its
// schema version, and closes it with its WAL folded back in, so that the
// file alone is the whole copy.
func checkCopy(ctx context.Context, path string) error {
	pool, err := openPool(path, 1)
	if err != nil {
		return err
	}
	var result string
	err = pool.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result)
	if err == nil && result != "ok" {
		err = fmt.Errorf("integrity check: %s", result)
	}
	if err == nil {
		_, err = schemaVersion(ctx, pool, path)
	}
	if err == nil {
		_, err = pool.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	// Back to a rollback journal, so that the file carries no WAL flag and
	// no -wal file needs to travel with it.
	if err == nil {
		_, err = pool.ExecContext(ctx, `PRAGMA journal_mode=DELETE`)
	}
	err = errors.Join(err, pool.Close())
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// schemaVersion answers the migration version of the database at path,
// refusing one that is not this program's or that a newer version made.
func schemaVersion(ctx context.Context, pool *sql.DB, path string) (int, error) {
	var v sql.NullInt64
	if err := pool.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("%s is not a cloudresume database: %w", path, err)
	}
	if !v.Valid {
		return 0, fmt.Errorf("%s is not a cloudresume database: no schema version", path)
	}
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	if latest := ms[len(ms)-1].version; int(v.Int64) > latest {
		return 0, fmt.Errorf("%s has schema version %d, newer than this program's %d: use a newer cloudresume", path, v.Int64, latest)
	}
	return int(v.Int64), nil
}

// replaceFile renames tmp over dst and syncs the directory, so that the
// rename itself survives a crash.
func replaceFile(tmp, dst string) error {
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	dir, err := os.Open(filepath.Dir(dst))
	if err != nil {
		return fmt.Errorf("sync %s: %w", filepath.Dir(dst), err)
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", filepath.Dir(dst), err)
	}
	return nil
}

// removeDB removes a database file and its WAL and shared-memory files.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
