package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestMessageStore(t *testing.T) {
	storetest.Messages(t, func(t *testing.T) contact.Store {
		return NewMessageStore(openTest(t))
	})
}

// TestUsedTokensPruned: the records of used form tokens go once their
// token has expired, so a flood of forms leaves no more than a day's.
func TestUsedTokensPruned(t *testing.T) {
	db := openTest(t)
	s := NewMessageStore(db)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 100 {
		at := t0.Add(time.Duration(i) * time.Minute)
		if _, err := s.UseToken(ctx, fmt.Sprint("old-", i), at, at.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// 24 h and 50 min on, the first 51 have expired.
	now := t0.Add(24*time.Hour + 50*time.Minute)
	if _, err := s.UseToken(ctx, "new", now, now.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.read.QueryRow(`SELECT COUNT(*) FROM contact_tokens`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Fatalf("%d token records kept, want the 49 unexpired and the new one", n)
	}
}
