package visits_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// sqliteStore returns a visit store over a new SQLite database.
func sqliteStore(t testing.TB) visits.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "visits.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.Close() })
	return vs
}

// overlapStore is a real store whose Salt and Forget each wait until the
// other has begun: calls made one after the other fail.
type overlapStore struct {
	visits.Store
	salting, forgetting  chan struct{}
	saltOnce, forgetOnce sync.Once
}

// meet marks mine begun and waits for theirs, within a bound.
func meet(once *sync.Once, mine, theirs chan struct{}) error {
	once.Do(func() { close(mine) })
	select {
	case <-theirs:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("Salt and Forget ran one after the other")
	}
}

func (s *overlapStore) Salt(ctx context.Context, day string, fresh []byte) ([]byte, error) {
	if err := meet(&s.saltOnce, s.salting, s.forgetting); err != nil {
		return nil, err
	}
	return s.Store.Salt(ctx, day, fresh)
}

func (s *overlapStore) Forget(ctx context.Context, before string) error {
	if err := meet(&s.forgetOnce, s.forgetting, s.salting); err != nil {
		return err
	}
	return s.Store.Forget(ctx, before)
}

// TestFirstViewForgetsBesideSalt checks that the first view of a day
// reads the day's salt and forgets the old ones at the same time: a new
// Lambda execution environment waits for both before its first answer.
func TestFirstViewForgetsBesideSalt(t *testing.T) {
	ctx := context.Background()
	vs := sqliteStore(t)
	store := &overlapStore{Store: vs, salting: make(chan struct{}), forgetting: make(chan struct{})}
	c := visits.NewCounter(store)
	got, err := c.Record(ctx, visits.View{IP: "203.0.113.9", UserAgent: "Mozilla/5.0 Firefox/133.0", Path: "/"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Views != 1 || got.Visitors != 1 {
		t.Errorf("counts %+v, want 1 view of 1 visitor", got)
	}
}

// TestFirstViewOfABot checks that a crawler's view is kept apart when it
// is the first of the day, told while the day's salt is fetched, and when
// the salt is known.
func TestFirstViewOfABot(t *testing.T) {
	ctx := context.Background()
	vs := sqliteStore(t)
	c := visits.NewCounter(vs)
	bot := visits.View{IP: "203.0.113.9", UserAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Path: "/"}
	browser := visits.View{IP: "203.0.113.10", UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", Path: "/"}
	for i, tc := range []struct {
		v    visits.View
		want visits.Counts
	}{
		{bot, visits.Counts{Bots: 1}},
		{browser, visits.Counts{Views: 1, Visitors: 1, Bots: 1}},
		{bot, visits.Counts{Views: 1, Visitors: 1, Bots: 2}},
	} {
		got, err := c.Record(ctx, tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("view %d: counts %+v, want %+v", i+1, got, tc.want)
		}
	}
}
