package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// undelivered tests what shows and retries the messages the owner has not
// been told of: List by state and creation time, Retry, RetryFailed.
func undelivered(t *testing.T, newStore func(t *testing.T) contact.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fill := func(t *testing.T, s contact.Store) {
		t.Helper()
		for i, st := range []struct {
			id    string
			state contact.State
			read  bool
		}{
			{"p-old", contact.Pending, false}, {"f-old", contact.Failed, true}, {"s-old", contact.Sent, false},
			{"p-new", contact.Pending, false}, {"f-new", contact.Failed, false}, {"s-new", contact.Sent, true},
		} {
			m := message(st.id, t0.Add(time.Duration(i)*time.Hour))
			m.Read = st.read
			switch st.state {
			case contact.Failed:
				m.Delivery = contact.Delivery{State: contact.Failed, Attempts: 3, LastError: "550 5.1.1 no such user"}
			case contact.Sent:
				m.Delivery = contact.Delivery{State: contact.Sent, Attempts: 1, SentAt: m.CreatedAt}
			}
			if err := s.Save(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("list by delivery state and creation time", func(t *testing.T) {
		s := newStore(t)
		fill(t, s)
		for _, c := range []struct {
			opts contact.ListOptions
			want string
		}{
			{contact.ListOptions{State: contact.Failed}, "f-new f-old"},
			{contact.ListOptions{State: contact.Pending}, "p-new p-old"},
			{contact.ListOptions{State: contact.Sent}, "s-new s-old"},
			// Created before t0 + 3 h: the first three.
			{contact.ListOptions{State: contact.Pending, Before: t0.Add(3 * time.Hour)}, "p-old"},
			{contact.ListOptions{Before: t0.Add(3 * time.Hour)}, "s-old f-old p-old"},
			// Before is exclusive: p-new was created at t0 + 3 h.
			{contact.ListOptions{State: contact.Pending, Before: t0.Add(3*time.Hour + time.Millisecond)}, "p-new p-old"},
			{contact.ListOptions{State: contact.Failed, UnreadOnly: true}, "f-new"},
			{contact.ListOptions{State: contact.Failed, Limit: 1}, "f-new"},
			{contact.ListOptions{State: contact.Pending, Before: t0}, ""},
		} {
			got, err := s.List(ctx, c.opts)
			if err != nil {
				t.Fatalf("List(%+v): %v", c.opts, err)
			}
			if ids(got) != c.want {
				t.Errorf("List(%+v) = %q, want %q", c.opts, ids(got), c.want)
			}
		}
	})

	t.Run("retry makes a failed message pending and due", func(t *testing.T) {
		s := newStore(t)
		fill(t, s)
		now := t0.Add(24 * time.Hour)
		if got, _ := s.Due(ctx, now, 10); ids(got) != "p-old p-new" {
			t.Fatalf("Due before Retry = %q", ids(got))
		}
		if err := s.Retry(ctx, "f-old", now); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "f-old")
		if err != nil {
			t.Fatal(err)
		}
		// Attempts and the last error stay: they tell what happened.
		if d := got.Delivery; d.State != contact.Pending || !d.NextAttempt.Equal(now) || d.Attempts != 3 || d.LastError != "550 5.1.1 no such user" {
			t.Fatalf("after Retry: %+v", d)
		}
		if due, _ := s.Due(ctx, now, 10); ids(due) != "p-old p-new f-old" {
			t.Fatalf("Due after Retry = %q, want the retried message last (due at now)", ids(due))
		}
		if ok, err := s.Claim(ctx, "f-old", now, now.Add(time.Minute)); err != nil || !ok {
			t.Fatalf("Claim of the retried message = %v, %v", ok, err)
		}
		for id, want := range map[string]error{"f-old": problem.ErrConflict, "s-new": problem.ErrConflict, "missing": problem.ErrNotFound} {
			if err := s.Retry(ctx, id, now); !errors.Is(err, want) {
				t.Errorf("Retry(%s) = %v, want %v", id, err, want)
			}
		}
	})

	t.Run("retry failed makes every failed message pending", func(t *testing.T) {
		s := newStore(t)
		fill(t, s)
		now := t0.Add(24 * time.Hour)
		n, err := s.RetryFailed(ctx, now)
		if err != nil || n != 2 {
			t.Fatalf("RetryFailed = %d, %v; want 2", n, err)
		}
		if got, _ := s.List(ctx, contact.ListOptions{State: contact.Failed}); len(got) != 0 {
			t.Fatalf("still failed: %q", ids(got))
		}
		if due, _ := s.Due(ctx, now, 10); ids(due) != "p-old p-new f-new f-old" && ids(due) != "p-old p-new f-old f-new" {
			t.Fatalf("Due after RetryFailed = %q", ids(due))
		}
		if n, err := s.RetryFailed(ctx, now); err != nil || n != 0 {
			t.Fatalf("RetryFailed again = %d, %v; want 0", n, err)
		}
	})
}
