package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// Messages runs the contact.Store suite. newStore answers an empty store
// that the test owns.
func Messages(t *testing.T, newStore func(t *testing.T) contact.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	t.Run("save and get keep every field", func(t *testing.T) {
		s := newStore(t)
		m := message("a", t0)
		m.Name = "Zoë O'Brien \"ZO\""
		m.Body = strings.Repeat("é✓ line\n", 600) + "\nend"
		m.Delivery = contact.Delivery{
			State: contact.Pending, Attempts: 2, LastError: "dial tcp: connection refused",
			NextAttempt: t0.Add(90*time.Second + 123*time.Millisecond),
		}
		if err := s.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		assertMessage(t, got, m)

		if err := s.Save(ctx, m); !errors.Is(err, problem.ErrConflict) {
			t.Fatalf("Save of a duplicate id = %v, want ErrConflict", err)
		}
		if _, err := s.Get(ctx, "missing"); !errors.Is(err, problem.ErrNotFound) {
			t.Fatalf("Get(missing) = %v, want ErrNotFound", err)
		}
	})

	t.Run("list newest first, unread only, limit", func(t *testing.T) {
		s := newStore(t)
		for i, id := range []string{"m1", "m2", "m3", "m4"} {
			if err := s.Save(ctx, message(id, t0.Add(time.Duration(i)*time.Minute))); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.MarkRead(ctx, "m3"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkRead(ctx, "m3"); err != nil {
			t.Fatalf("MarkRead twice: %v", err)
		}
		cases := []struct {
			opts contact.ListOptions
			want string
		}{
			{contact.ListOptions{}, "m4 m3 m2 m1"},
			{contact.ListOptions{UnreadOnly: true}, "m4 m2 m1"},
			{contact.ListOptions{Limit: 2}, "m4 m3"},
			{contact.ListOptions{UnreadOnly: true, Limit: 2}, "m4 m2"},
		}
		for _, c := range cases {
			got, err := s.List(ctx, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != c.want {
				t.Errorf("List(%+v) = %s, want %s", c.opts, ids(got), c.want)
			}
		}
		all, _ := s.List(ctx, contact.ListOptions{})
		for _, m := range all {
			if m.Read != (m.ID == "m3") {
				t.Errorf("%s: Read = %v", m.ID, m.Read)
			}
		}
		if err := s.MarkRead(ctx, "nope"); !errors.Is(err, problem.ErrNotFound) {
			t.Fatalf("MarkRead(nope) = %v, want ErrNotFound", err)
		}
		empty := newStore(t)
		if got, err := empty.List(ctx, contact.ListOptions{}); err != nil || len(got) != 0 {
			t.Fatalf("List on an empty store = %v, %v", got, err)
		}
	})

	t.Run("due returns pending messages whose time has come", func(t *testing.T) {
		s := newStore(t)
		save := func(id string, st contact.State, next time.Time) {
			m := message(id, t0)
			m.Delivery = contact.Delivery{State: st, NextAttempt: next}
			if st == contact.Sent {
				m.Delivery.SentAt = t0
			}
			if err := s.Save(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		save("late", contact.Pending, t0.Add(-time.Hour))
		save("now", contact.Pending, t0)
		save("soon", contact.Pending, t0.Add(time.Millisecond))
		save("sent", contact.Sent, time.Time{})
		save("failed", contact.Failed, time.Time{})
		save("early", contact.Pending, t0.Add(-2*time.Hour))

		got, err := s.Due(ctx, t0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != "early late now" {
			t.Fatalf("Due = %s, want early late now", ids(got))
		}
		if got, _ := s.Due(ctx, t0, 2); ids(got) != "early late" {
			t.Fatalf("Due with limit 2 = %s", ids(got))
		}
		if got, _ := s.Due(ctx, t0.Add(time.Millisecond), 10); ids(got) != "early late now soon" {
			t.Fatalf("Due 1 ms later = %s", ids(got))
		}
	})

	t.Run("claim reserves a due message once", func(t *testing.T) {
		s := newStore(t)
		m := message("c", t0)
		m.Delivery = contact.Delivery{State: contact.Pending, NextAttempt: t0}
		if err := s.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Claim(ctx, "c", t0.Add(-time.Second), t0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("Claim before it is due = %v, %v; want false", ok, err)
		}
		if ok, err := s.Claim(ctx, "c", t0, t0.Add(time.Minute)); err != nil || !ok {
			t.Fatalf("Claim = %v, %v; want true", ok, err)
		}
		if ok, err := s.Claim(ctx, "c", t0, t0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("second Claim = %v, %v; want false", ok, err)
		}
		if got, _ := s.Due(ctx, t0.Add(59*time.Second), 10); len(got) != 0 {
			t.Fatalf("claimed message is due during its lease: %s", ids(got))
		}
		got, _ := s.Get(ctx, "c")
		if !got.Delivery.NextAttempt.Equal(t0.Add(time.Minute)) || got.Delivery.State != contact.Pending {
			t.Fatalf("after Claim: %+v", got.Delivery)
		}
		// The lease runs out: due again, claimable again.
		if got, _ := s.Due(ctx, t0.Add(time.Minute), 10); ids(got) != "c" {
			t.Fatalf("Due after the lease = %s", ids(got))
		}
		if ok, err := s.Claim(ctx, "missing", t0, t0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("Claim(missing) = %v, %v; want false, nil", ok, err)
		}
		if err := s.SetDelivery(ctx, "c", contact.Delivery{State: contact.Sent, Attempts: 1, SentAt: t0}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.Claim(ctx, "c", t0.Add(time.Hour), t0.Add(2*time.Hour)); ok {
			t.Fatal("claimed a sent message")
		}
	})

	t.Run("concurrent claims: exactly one wins", func(t *testing.T) {
		s := newStore(t)
		m := message("race", t0)
		m.Delivery = contact.Delivery{State: contact.Pending, NextAttempt: t0}
		if err := s.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Go(func() {
				ok, err := s.Claim(ctx, "race", t0, t0.Add(time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d claims won, want 1", wins)
		}
	})

	t.Run("set delivery replaces the state", func(t *testing.T) {
		s := newStore(t)
		m := message("d", t0)
		m.Delivery = contact.Delivery{State: contact.Pending, NextAttempt: t0}
		if err := s.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
		steps := []contact.Delivery{
			{State: contact.Pending, Attempts: 1, LastError: "421 try later", NextAttempt: t0.Add(30 * time.Second)},
			{State: contact.Failed, Attempts: 10, LastError: "554 rejected"},
			{State: contact.Sent, Attempts: 11, SentAt: t0.Add(2*time.Hour + 7*time.Millisecond)},
		}
		for _, d := range steps {
			if err := s.SetDelivery(ctx, "d", d); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, "d")
			if err != nil {
				t.Fatal(err)
			}
			want := m
			want.Delivery = d
			assertMessage(t, got, want)
		}
		if err := s.SetDelivery(ctx, "nope", steps[0]); !errors.Is(err, problem.ErrNotFound) {
			t.Fatalf("SetDelivery(nope) = %v, want ErrNotFound", err)
		}
	})

	t.Run("inbox counters", func(t *testing.T) { inboxCounts(t, newStore(t)) })

	t.Run("spam counter", func(t *testing.T) {
		s := newStore(t)
		if c, err := s.Counts(ctx); err != nil || c != (contact.Counts{}) {
			t.Fatalf("Counts on an empty store = %+v, %v", c, err)
		}
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if err := s.AddSpam(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if c, err := s.Counts(ctx); err != nil || c != (contact.Counts{Spam: 20}) {
			t.Fatalf("Counts = %+v, %v; want 20 spam and no message", c, err)
		}
		if got, _ := s.List(ctx, contact.ListOptions{}); len(got) != 0 {
			t.Fatalf("spam left messages: %s", ids(got))
		}
	})

	undelivered(t, newStore)
	tokens(t, newStore)
}

// inboxCounts checks that the counters follow saves and reads exactly,
// under concurrency and repeated marks, without reading the messages.
func inboxCounts(t *testing.T, s contact.Store) {
	ctx := context.Background()
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	const n = 30
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m := message(fmt.Sprintf("c%02d", i), base.Add(time.Duration(i)*time.Second))
			m.Read = i%10 == 9 // saved read already
			if err := s.Save(ctx, m); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := s.Save(ctx, message("c00", base)); !errors.Is(err, problem.ErrConflict) {
		t.Fatalf("Save of a duplicate = %v, want ErrConflict", err)
	}
	if c, err := s.Counts(ctx); err != nil || c != (contact.Counts{Total: n, Unread: n - 3}) {
		t.Fatalf("after %d saves (3 read) and a refused duplicate: Counts = %+v, %v", n, c, err)
	}
	// Each of the first ten marked read by three callers at once, and one
	// saved read marked again: the counter drops by ten.
	for i := range 10 {
		for range 3 {
			wg.Go(func() {
				if err := s.MarkRead(ctx, fmt.Sprintf("c%02d", i)); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Go(func() {
		if err := s.MarkRead(ctx, "c19"); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	if err := s.MarkRead(ctx, "nope"); !errors.Is(err, problem.ErrNotFound) {
		t.Fatalf("MarkRead(nope) = %v, want ErrNotFound", err)
	}
	if c, err := s.Counts(ctx); err != nil || c != (contact.Counts{Total: n, Unread: n - 3 - 9}) {
		t.Fatalf("after marking read: Counts = %+v, %v; want %d unread", c, err, n-3-9)
	}
}

func message(id string, at time.Time) contact.Message {
	return contact.Message{
		ID: id, Name: "Ada " + id, Email: id + "@example.com", Body: "Hello from " + id,
		CreatedAt: at,
		Delivery:  contact.Delivery{State: contact.Pending, NextAttempt: at},
	}
}

func ids(ms []contact.Message) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.ID
	}
	return strings.Join(s, " ")
}

// assertMessage compares every field, times by instant.
func assertMessage(t *testing.T, got, want contact.Message) {
	t.Helper()
	if describe(got) != describe(want) {
		t.Fatalf("message differs\n got: %s\nwant: %s", describe(got), describe(want))
	}
}

func describe(m contact.Message) string {
	tm := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	d := m.Delivery
	return fmt.Sprintf("id=%q name=%q email=%q body=%q created=%s read=%v state=%s attempts=%d err=%q next=%s sent=%s",
		m.ID, m.Name, m.Email, m.Body, tm(m.CreatedAt), m.Read, d.State, d.Attempts, d.LastError, tm(d.NextAttempt), tm(d.SentAt))
}
