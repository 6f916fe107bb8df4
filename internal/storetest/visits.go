// Package storetest holds one conformance suite per Store interface, run
// against every implementation so that they behave alike.
package storetest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Visits runs the visits.Store suite. newStore answers an empty store that
// the test owns.
func Visits(t *testing.T, newStore func(t *testing.T) visits.Store) {
	ctx := context.Background()

	t.Run("counts views and daily visitors", func(t *testing.T) {
		s := newStore(t)
		steps := []struct {
			hit  visits.Hit
			want visits.Counts
		}{
			{visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}, visits.Counts{Visitors: 1, Views: 1}},
			{visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}, visits.Counts{Visitors: 1, Views: 2}},
			{visits.Hit{Path: "/movies", VisitorID: "b", Day: "2026-01-01"}, visits.Counts{Visitors: 2, Views: 3}},
			{visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-02"}, visits.Counts{Visitors: 3, Views: 4}},
			{visits.Hit{Path: "/", VisitorID: "bot", Day: "2026-01-02", Bot: true}, visits.Counts{Visitors: 3, Views: 4, Bots: 1}},
		}
		for i, st := range steps {
			got, err := s.Record(ctx, st.hit)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if got != st.want {
				t.Fatalf("step %d: Record = %+v, want %+v", i, got, st.want)
			}
		}
		got, err := s.Counts(ctx)
		if err != nil || got != steps[len(steps)-1].want {
			t.Fatalf("Counts = %+v, %v", got, err)
		}
		top, err := s.TopPaths(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []visits.PathViews{{Path: "/", Views: 3}, {Path: "/movies", Views: 1}}
		if fmt.Sprint(top) != fmt.Sprint(want) {
			t.Fatalf("TopPaths = %v, want %v", top, want)
		}
	})

	t.Run("salt is stored once per day and forgotten", func(t *testing.T) {
		s := newStore(t)
		first, err := s.Salt(ctx, "2026-01-01", []byte("salt-one"))
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.Salt(ctx, "2026-01-01", []byte("salt-two"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, []byte("salt-one")) || !bytes.Equal(again, first) {
			t.Fatalf("salts = %q, %q; want the first one kept", first, again)
		}
		if _, err := s.Record(ctx, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Forget(ctx, "2026-01-02"); err != nil {
			t.Fatal(err)
		}
		after, err := s.Salt(ctx, "2026-01-01", []byte("salt-three"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(after, []byte("salt-three")) {
			t.Fatalf("salt after Forget = %q, want the fresh one", after)
		}
		// The totals are never forgotten.
		got, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Visitors != 1 || got.Views != 1 {
			t.Fatalf("after Forget: %+v, want 1 visitor 1 view", got)
		}
		// Today's salt stays.
		if _, err := s.Salt(ctx, "2026-01-02", []byte("today")); err != nil {
			t.Fatal(err)
		}
		if err := s.Forget(ctx, "2026-01-02"); err != nil {
			t.Fatal(err)
		}
		if kept, err := s.Salt(ctx, "2026-01-02", []byte("other")); err != nil || !bytes.Equal(kept, []byte("today")) {
			t.Fatalf("salt of the day Forget starts from = %q, %v; want it kept", kept, err)
		}
	})

	t.Run("exact under concurrency", func(t *testing.T) {
		s := newStore(t)
		const workers, each, people = 32, 25, 7
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		answered := make(chan visits.Counts, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					id := fmt.Sprintf("visitor-%d", (w*each+i)%people)
					c, err := s.Record(ctx, visits.Hit{Path: "/", VisitorID: id, Day: "2026-03-01"})
					if err != nil {
						errs <- err
						return
					}
					answered <- c
				}
			}()
		}
		wg.Wait()
		close(errs)
		close(answered)
		for err := range errs {
			t.Fatal(err)
		}
		// Each hit is answered the totals just after it: the views
		// answered are 1 to N, each once, and never more visitors than
		// views or people. (A repeat view racing its visitor's first one
		// may be answered before that visitor is counted: a store may
		// mark visitors and count views in separate steps.)
		seen := make([]bool, workers*each+1)
		for c := range answered {
			if c.Views < 1 || c.Views > workers*each || seen[c.Views] {
				t.Fatalf("answered views %d twice or out of range", c.Views)
			}
			seen[c.Views] = true
			if c.Visitors < 0 || c.Visitors > min(c.Views, people) {
				t.Fatalf("answered %+v: visitors out of range", c)
			}
		}
		got, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := (visits.Counts{Visitors: people, Views: workers * each}); got != want {
			t.Fatalf("Counts = %+v, want %+v", got, want)
		}
	})

	t.Run("counter rotates salts daily", func(t *testing.T) {
		s := newStore(t)
		now := time.Date(2026, 5, 1, 23, 59, 0, 0, time.UTC)
		c := visits.NewCounter(s, visits.WithClock(func() time.Time { return now }))
		view := visits.View{IP: "198.51.100.7", UserAgent: "Mozilla/5.0 Firefox/130.0", Path: "/"}
		for range 3 {
			if _, err := c.Record(ctx, view); err != nil {
				t.Fatal(err)
			}
		}
		day1, err := s.Salt(ctx, "2026-05-01", []byte("unused"))
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Minute) // a new UTC day: a new salt, a new visitor
		got, err := c.Record(ctx, view)
		if err != nil {
			t.Fatal(err)
		}
		if got.Visitors != 2 || got.Views != 4 {
			t.Fatalf("next day: %+v, want 2 visitors 4 views", got)
		}
		day2, err := s.Salt(ctx, "2026-05-02", []byte("unused"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(day1, day2) || bytes.Equal(day1, []byte("unused")) {
			t.Fatal("each day must have its own random salt")
		}
		now = now.AddDate(0, 0, 2) // two days on, day 1's salt is gone
		if _, err := c.Record(ctx, view); err != nil {
			t.Fatal(err)
		}
		kept, err := s.Salt(ctx, "2026-05-01", []byte("replaced"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(kept, []byte("replaced")) {
			t.Fatal("the salt of two days ago must be deleted")
		}
	})
}
