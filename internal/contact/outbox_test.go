package contact_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// inbox is a Notifier that records messages and fails while down is set.
type inbox struct {
	mu   sync.Mutex
	down error
	got  []contact.Message
	sent chan string
}

func (n *inbox) Notify(_ context.Context, m contact.Message) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.down != nil {
		return n.down
	}
	n.got = append(n.got, m)
	if n.sent != nil {
		n.sent <- m.ID
	}
	return nil
}

func (n *inbox) setDown(err error) {
	n.mu.Lock()
	n.down = err
	n.mu.Unlock()
}

func pending(id string, at time.Time) contact.Message {
	return contact.Message{
		ID: id, Name: "Ada", Email: "ada@example.com", Body: "Hi", CreatedAt: at,
		Delivery: contact.Delivery{State: contact.Pending, NextAttempt: at},
	}
}

func TestOutboxRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	n := &inbox{down: errors.New("dial tcp 127.0.0.1:25: connection refused")}
	o := &contact.Outbox{Store: store, Notifier: n, Now: c.Now}
	save(t, store, pending("m1", c.Now()))

	// Delays after each failure: 30 s doubling, capped at 1 h.
	wantDelays := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour}
	for i, delay := range wantDelays {
		sent, err := o.RunOnce(ctx)
		if err != nil || sent != 0 {
			t.Fatalf("attempt %d: RunOnce = %d, %v", i+1, sent, err)
		}
		m, _ := store.Get(ctx, "m1")
		d := m.Delivery
		if d.State != contact.Pending || d.Attempts != i+1 || d.LastError != "dial tcp 127.0.0.1:25: connection refused" ||
			!d.NextAttempt.Equal(c.Now().Add(delay)) {
			t.Fatalf("after attempt %d: %+v, want next attempt in %v", i+1, d, delay)
		}
		// Not retried before its time.
		c.Advance(delay - time.Millisecond)
		if sent, _ := o.RunOnce(ctx); sent != 0 {
			t.Fatal("sent before due")
		}
		if m, _ := store.Get(ctx, "m1"); m.Delivery.Attempts != i+1 {
			t.Fatalf("retried %v early", time.Millisecond)
		}
		c.Advance(time.Millisecond)
	}

	n.setDown(nil)
	if sent, err := o.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce after recovery = %d, %v", sent, err)
	}
	m, _ := store.Get(ctx, "m1")
	if d := m.Delivery; d.State != contact.Sent || d.Attempts != 9 || d.LastError != "" || !d.SentAt.Equal(c.Now()) {
		t.Fatalf("after recovery: %+v", d)
	}
	if sent, _ := o.RunOnce(ctx); sent != 0 || len(n.got) != 1 {
		t.Fatalf("sent again: %d (%d received)", sent, len(n.got))
	}
}

func TestOutboxGivesUpAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	n := &inbox{down: errors.New("550 mailbox unavailable")}
	o := &contact.Outbox{Store: store, Notifier: n, Now: c.Now, MaxAttempts: 3}
	save(t, store, pending("m1", c.Now()))
	for range 5 {
		if _, err := o.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Hour)
	}
	m, _ := store.Get(ctx, "m1")
	if d := m.Delivery; d.State != contact.Failed || d.Attempts != 3 || d.LastError != "550 mailbox unavailable" {
		t.Fatalf("delivery = %+v, want failed after 3 attempts", d)
	}
	// The message itself is kept.
	if all, _ := store.List(ctx, contact.ListOptions{}); len(all) != 1 {
		t.Fatalf("%d messages kept", len(all))
	}
}

func TestOutboxSendsEveryDueMessage(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	n := &inbox{}
	o := &contact.Outbox{Store: store, Notifier: n, Now: c.Now, BatchSize: 3}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		save(t, store, pending(id, c.Now()))
	}
	later := pending("later", c.Now().Add(time.Minute))
	save(t, store, later)
	if sent, err := o.RunOnce(ctx); err != nil || sent != 7 {
		t.Fatalf("RunOnce = %d, %v; want 7", sent, err)
	}
	if m, _ := store.Get(ctx, "later"); m.Delivery.State != contact.Pending || m.Delivery.Attempts != 0 {
		t.Fatalf("message not yet due was touched: %+v", m.Delivery)
	}
}

func TestOutboxRunKick(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := newStore(t)
	n := &inbox{sent: make(chan string, 1)}
	o := &contact.Outbox{Store: store, Notifier: n}
	done := make(chan struct{})
	go func() { o.Run(ctx, time.Hour); close(done) }()

	// The first pass finds nothing; a kick after a save sends at once
	// rather than an hour later.
	time.Sleep(20 * time.Millisecond)
	save(t, store, pending("k", time.Now().UTC()))
	o.Kick()
	select {
	case id := <-n.sent:
		if id != "k" {
			t.Fatalf("sent %q", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("kick did not send the message")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}

func TestOutboxClaimsAcrossInstances(t *testing.T) {
	// Two outboxes over one store (two servers, or two Lambda instances)
	// never send the same message twice.
	ctx := context.Background()
	store := newStore(t)
	n := &inbox{}
	for i := range 50 {
		save(t, store, pending(string(rune('A'+i)), time.Now().UTC().Add(-time.Second)))
	}
	var wg sync.WaitGroup
	total := make([]int, 2)
	for i := range total {
		o := &contact.Outbox{Store: store, Notifier: n, BatchSize: 5}
		wg.Go(func() {
			sent, err := o.RunOnce(ctx)
			if err != nil {
				t.Error(err)
			}
			total[i] = sent
		})
	}
	wg.Wait()
	if total[0]+total[1] != 50 || len(n.got) != 50 {
		t.Fatalf("sent %v, received %d; want 50 once each", total, len(n.got))
	}
}
