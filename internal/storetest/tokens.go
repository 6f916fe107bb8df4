package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// tokens tests the record of used form tokens: each is used once, until
// it expires, and a use can be released.
func tokens(t *testing.T, newStore func(t *testing.T) contact.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	use := func(t *testing.T, s contact.Store, key string, now, expires time.Time) bool {
		t.Helper()
		fresh, err := s.UseToken(ctx, key, now, expires)
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}

	t.Run("a token is used once until it expires", func(t *testing.T) {
		s := newStore(t)
		expires := t0.Add(24 * time.Hour)
		if !use(t, s, "k1", t0, expires) {
			t.Fatal("first use refused")
		}
		if use(t, s, "k1", t0.Add(time.Second), expires) || use(t, s, "k1", expires.Add(-time.Second), expires) {
			t.Fatal("a replay before the token expired was taken")
		}
		if !use(t, s, "k2", t0, expires) {
			t.Fatal("another token refused")
		}
		// Past its expiry the record is gone (the token itself is refused
		// as expired by then).
		if !use(t, s, "k1", expires.Add(time.Second), expires.Add(24*time.Hour)) {
			t.Fatal("the record outlived the token's expiry")
		}
	})

	t.Run("release forgets a use", func(t *testing.T) {
		s := newStore(t)
		expires := t0.Add(time.Hour)
		use(t, s, "k", t0, expires)
		if err := s.ReleaseToken(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if !use(t, s, "k", t0, expires) {
			t.Fatal("a released token refused")
		}
		if err := s.ReleaseToken(ctx, "never used"); err != nil {
			t.Fatalf("ReleaseToken of an unknown token = %v", err)
		}
	})

	t.Run("concurrent uses: exactly one wins", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Go(func() {
				fresh, err := s.UseToken(ctx, "race", t0, t0.Add(time.Hour))
				if err != nil {
					t.Error(err)
				}
				if fresh {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d uses won, want 1", wins)
		}
	})
}
