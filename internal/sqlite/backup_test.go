package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// A backup taken while hits are being committed holds every hit
// acknowledged before it started, and the copy is a sound database.
func TestBackupUnderWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs := newVisitStore(t, db)
	defer vs.Close()
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := vs.Record(ctx, visits.Hit{Path: "/", VisitorID: fmt.Sprint(w, "-", i), Day: "2026-01-01"}); err != nil {
					t.Error(err)
					return
				}
				acked.Add(1)
			}
		})
	}
	for acked.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	before := acked.Load()
	dst := filepath.Join(dir, "backup.db")
	err = Backup(ctx, db.Path(), dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	copyDB, err := openPool(dst, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var check string
	var views int64
	if err := copyDB.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := copyDB.QueryRow(`SELECT views FROM visit_totals`).Scan(&views); err != nil {
		t.Fatal(err)
	}
	if views < before {
		t.Fatalf("backup holds %d views, but %d were acknowledged before it started", views, before)
	}
	t.Logf("%d hits acknowledged before the backup, %d in it", before, views)
}

// Restore refuses while a process has the database open, and an open
// waits for no restore: while one holds the lock, Open is refused.
func TestRestoreRefusesAnOpenDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	vs := newVisitStore(t, db)
	if _, err := vs.Record(ctx, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := Backup(ctx, live, backup); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := vs.Record(ctx, visits.Hit{Path: "/", VisitorID: "b", Day: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := Restore(ctx, backup, live); !errors.Is(err, ErrInUse) {
		t.Fatalf("Restore while open = %v, want ErrInUse", err)
	}
	vs.Close()
	db.Close()

	held, err := lock(live, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, live); !errors.Is(err, ErrInUse) {
		t.Fatalf("Open during a restore = %v, want ErrInUse", err)
	}
	held.Close()

	if err := Restore(ctx, backup, live); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(live + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after restore: %v", suffix, err)
		}
	}
	db, err = Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs = newVisitStore(t, db)
	defer vs.Close()
	c, err := vs.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Views != 1 {
		t.Fatalf("restored views = %d, want the backup's 1", c.Views)
	}
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database"), 0o644)
	newer := filepath.Join(dir, "newer.db")
	ndb, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ndb.write.Exec(`INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')`); err != nil {
		t.Fatal(err)
	}
	ndb.Close()
	for _, c := range []struct{ from, want string }{
		{text, "not a"},
		{newer, "newer than this program"},
		{live, "the database itself"},
	} {
		err := Restore(ctx, c.from, live)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Restore(%s) = %v, want an error saying %q", filepath.Base(c.from), err, c.want)
		}
	}
}
