package contact_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
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

// TestOutboxRetriesTransientForEver: a failure that may pass (mail down,
// a 4xx) never makes a message Failed, however long it lasts; the delay
// between attempts stays at the 1 h cap.
func TestOutboxRetriesTransientForEver(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	n := &inbox{down: errors.New("451 4.3.0 try again later")}
	o := &contact.Outbox{Store: store, Notifier: n, Now: c.Now}
	save(t, store, pending("m1", c.Now()))
	for attempt := 1; attempt <= 60; attempt++ {
		if _, err := o.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		m, _ := store.Get(ctx, "m1")
		d := m.Delivery
		if d.State != contact.Pending || d.Attempts != attempt {
			t.Fatalf("after attempt %d: %+v, want pending", attempt, d)
		}
		if wait := d.NextAttempt.Sub(c.Now()); wait > time.Hour || (attempt >= 8 && wait != time.Hour) {
			t.Fatalf("after attempt %d: next in %v, want the 1 h cap", attempt, wait)
		}
		c.Advance(d.NextAttempt.Sub(c.Now()))
	}
	n.setDown(nil)
	if sent, err := o.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce after 2 days down = %d, %v; want the message sent", sent, err)
	}
}

// TestOutboxPermanentFailure: a refusal of the message itself marks it
// Failed at once, with the reason, and a retry by hand sends it again.
func TestOutboxPermanentFailure(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	n := &inbox{down: contact.Permanent(errors.New("smtp send: 550 5.1.1 no such user"))}
	o := &contact.Outbox{Store: store, Notifier: n, Now: c.Now}
	svc := &contact.Service{Store: store, Outbox: o, Now: c.Now}
	save(t, store, pending("m1", c.Now()))
	save(t, store, pending("m2", c.Now()))
	if _, err := o.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"m1", "m2"} {
		m, _ := store.Get(ctx, id)
		if d := m.Delivery; d.State != contact.Failed || d.Attempts != 1 || d.LastError != "smtp send: 550 5.1.1 no such user" {
			t.Fatalf("%s after a permanent failure: %+v, want failed with the reason", id, d)
		}
	}
	u, err := svc.Undelivered(ctx, 0)
	if err != nil || len(u.Failed) != 2 || len(u.LongPending) != 0 {
		t.Fatalf("Undelivered = %+v, %v; want the 2 failed", u, err)
	}
	c.Advance(time.Hour)
	if sent, _ := o.RunOnce(ctx); sent != 0 || len(n.got) != 0 {
		t.Fatal("a failed message was retried without being asked")
	}

	n.setDown(nil)
	if err := svc.Retry(ctx, "m1"); err != nil {
		t.Fatal(err)
	}
	if sent, err := o.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce after Retry = %d, %v; want 1", sent, err)
	}
	if n, err := svc.RetryFailed(ctx); err != nil || n != 1 {
		t.Fatalf("RetryFailed = %d, %v; want m2", n, err)
	}
	if sent, err := o.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce after RetryFailed = %d, %v; want 1", sent, err)
	}
	if err := svc.Retry(ctx, "m1"); !errors.Is(err, problem.ErrConflict) {
		t.Fatalf("Retry of a sent message = %v, want ErrConflict", err)
	}
	if all, _ := store.List(ctx, contact.ListOptions{State: contact.Sent}); len(all) != 2 {
		t.Fatalf("%d sent, want 2", len(all))
	}
}

// TestUndeliveredLongPending: a message pending for more than LongPending
// is reported, one younger is not.
func TestUndeliveredLongPending(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := newStore(t)
	svc := &contact.Service{Store: store, Now: c.Now}
	save(t, store, pending("old", c.Now()))
	c.Advance(contact.LongPending - time.Minute)
	save(t, store, pending("young", c.Now()))
	c.Advance(time.Minute + time.Millisecond)
	u, err := svc.Undelivered(ctx, 10)
	if err != nil || len(u.Failed) != 0 || len(u.LongPending) != 1 || u.LongPending[0].ID != "old" {
		t.Fatalf("Undelivered = %+v, %v; want old only", u, err)
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
