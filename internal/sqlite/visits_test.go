package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cloudresume/cloudresume/internal/storetest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// openTest opens a fresh database in the test's temporary directory.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newVisitStore answers a VisitStore over db.
func newVisitStore(t *testing.T, db *DB) *VisitStore {
	t.Helper()
	s, err := NewVisitStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVisitStore(t *testing.T) {
	storetest.Visits(t, func(t *testing.T) visits.Store {
		s := newVisitStore(t, openTest(t))
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestVisitStoreClosed(t *testing.T) {
	s := newVisitStore(t, openTest(t))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(context.Background(), visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}); err != ErrClosed {
		t.Fatalf("Record after Close = %v, want ErrClosed", err)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for range 2 {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.read.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		ms, _ := loadMigrations()
		if n != len(ms) {
			t.Fatalf("schema_migrations has %d rows, want %d", n, len(ms))
		}
		db.Close()
	}
}

func TestVisitReport(t *testing.T) {
	storetest.Report(t, func(t *testing.T, maxValues int) visits.Store {
		s, err := NewVisitStoreWith(context.Background(), openTest(t), VisitOptions{MaxValues: maxValues})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
