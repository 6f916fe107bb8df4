package sqlite

import (
	"errors"
	"fmt"
	"os"
)

// ErrInUse is returned by Restore while another process has the database
// open, and by Open while a restore replaces it.
var ErrInUse = errors.New("database in use")

// lockPath answers the lock file of the database at path. Every process
// that opens the database holds a shared lock on it for as long as it is
// open; Restore takes it exclusively, so it can never replace a file that
// a server is writing. The kernel drops the lock when a process dies, so a
// crashed server leaves nothing to clean up.
func lockPath(path string) string { return path + "-lock" }

// fileLock is a held lock; Close releases it.
type fileLock struct{ f *os.File }

// lock takes the lock of the database at path, shared or exclusive,
// without waiting: a lock held the other way is ErrInUse.
func lock(path string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(lockPath(path), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock of %s: %w", path, err)
	}
	busy, err := tryLock(f, exclusive)
	if err != nil && !exclusive && lockUnsupported(err) {
		// A file system without locks (some network ones) still serves;
		// only Restore, which must know, refuses there.
		f.Close()
		return nil, nil
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if busy {
		f.Close()
		if exclusive {
			return nil, fmt.Errorf("%s is open in another process (a running cloudresume serve?): stop it first: %w", path, ErrInUse)
		}
		return nil, fmt.Errorf("%s is being restored by another process: %w", path, ErrInUse)
	}
	return &fileLock{f: f}, nil
}

// Close releases the lock.
func (l *fileLock) Close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
