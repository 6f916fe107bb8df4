package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// recordAll records one hit of each visitor, from 16 clients at once, and
// returns the totals after the last.
func recordAll(t *testing.T, s *VisitStore, day string, ids []string) visits.Counts {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ids); i += 16 {
				if _, err := s.Record(context.Background(), visits.Hit{Path: "/", VisitorID: ids[i], Day: day}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func visitorIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%04d", prefix, (i*7919)%n) // out of ID order
	}
	return ids
}

// count returns the rows of table for day.
func count(t *testing.T, db *DB, table, day string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE day = ?`, day).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestVisitorLogMerges checks that markers move from the log into
// visitor_days, chunk by chunk, while visitors stay counted once: before,
// during and after the merges.
func TestVisitorLogMerges(t *testing.T) {
	db := openTest(t)
	s, err := openVisitStore(context.Background(), db, 100, 30, VisitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	day := "2026-04-01"
	ids := visitorIDs("v", 1000)
	if c := recordAll(t, s, day, ids); c.Visitors != 1000 || c.Views != 1000 {
		t.Fatalf("first views: %+v, want 1000 visitors and views", c)
	}
	merged := count(t, db, "visitor_days", day)
	if merged == 0 {
		t.Fatal("no marker merged into visitor_days")
	}
	if logged := count(t, db, "visitor_log", day); merged+logged < 1000 {
		t.Fatalf("%d markers merged and %d in the log: some are lost", merged, logged)
	}
	// Every visitor is known, wherever its marker is.
	if c := recordAll(t, s, day, ids); c.Visitors != 1000 || c.Views != 2000 {
		t.Fatalf("repeat views: %+v, want 1000 visitors, 2000 views", c)
	}
	// The copy in memory is the log, whose merged rows are deleted.
	if n, logged := s.log.len(), count(t, db, "visitor_log", day); n != logged {
		t.Fatalf("the log's copy holds %d markers, the log %d", n, logged)
	}
	if n := s.log.len(); n > 100+maxBatch {
		t.Fatalf("the log's copy holds %d markers; bound is %d", n, 100+maxBatch)
	}
}

// TestVisitorLogRestart checks that the markers in the log, and those of a
// merge cut short, are known after a restart.
func TestVisitorLogRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restart.db")
	ctx := context.Background()
	day := "2026-04-02"
	ids := visitorIDs("r", 300)
	for round := range 3 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		// A merge starts at 200 markers, 7 a batch: the store is closed
		// with one under way.
		s, err := openVisitStore(ctx, db, 200, 7, VisitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c := recordAll(t, s, day, ids)
		if want := (visits.Counts{Visitors: 300, Views: int64(300 * (round + 1))}); c != want {
			t.Fatalf("round %d: %+v, want %+v", round, c, want)
		}
		if round == 0 && s.log.len() == 0 {
			t.Fatal("nothing left in the log: the restart tests nothing")
		}
		s.Close()
		db.Close()
	}
}

// TestMergedMarkersAfterRestart: markers merged into visitor_days, the log
// emptied, are known after a restart, through the filter loaded at start.
func TestMergedMarkersAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "merged.db")
	ctx := context.Background()
	day := "2026-04-03"
	ids := visitorIDs("g", 400)
	for round := range 2 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		// One chunk merges the whole log: it is empty again at once.
		s, err := openVisitStore(ctx, db, 50, 1000, VisitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		<-s.loaded // else the store asks visitor_days of every visitor
		c := recordAll(t, s, day, ids)
		if want := (visits.Counts{Visitors: 400, Views: int64(400 * (round + 1))}); c != want {
			t.Fatalf("round %d: %+v, want %+v", round, c, want)
		}
		if round == 0 && count(t, db, "visitor_days", day) < 300 {
			t.Fatalf("%d markers merged: the restart tests little", count(t, db, "visitor_days", day))
		}
		s.Close()
		db.Close()
	}
}

// TestVisitorLogForget checks that Forget empties the log of the days it
// forgets, and that a merge under way does not bring their markers back.
func TestVisitorLogForget(t *testing.T) {
	db := openTest(t)
	s, err := openVisitStore(context.Background(), db, 50, 10, VisitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	recordAll(t, s, "2026-04-01", visitorIDs("old", 120))
	if err := s.Forget(ctx, "2026-04-02"); err != nil {
		t.Fatal(err)
	}
	// New days' hits carry on the merge of the old day's markers.
	recordAll(t, s, "2026-04-02", visitorIDs("new", 200))
	for _, table := range []string{"visitor_days", "visitor_log"} {
		if n := count(t, db, table, "2026-04-01"); n != 0 {
			t.Fatalf("%s holds %d markers of a forgotten day", table, n)
		}
	}
	if c := recordAll(t, s, "2026-04-01", visitorIDs("old", 120)); c.Visitors != 320+120 {
		t.Fatalf("a forgotten day's visitors are new again: %+v, want %d visitors", c, 440)
	}
}
