package mail_test

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail/mailtest"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// TestOutboxWhileSMTPIsDown: the message waits, attempts and errors are
// recorded, and once the server is up it arrives exactly once.
func TestOutboxWhileSMTPIsDown(t *testing.T) {
	ctx := context.Background()
	// A free port with nothing listening on it yet.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)

	now := time.Now().UTC().Truncate(time.Millisecond)
	clock := func() time.Time { return now }
	// The message store is the real SQLite one, as cloudresume serve runs it.
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "outbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := sqlite.NewMessageStore(db)
	n := notifier(&mailtest.Server{Host: "127.0.0.1"})
	fmt.Sscan(port, &n.Port)
	o := &contact.Outbox{Store: store, Notifier: n, Now: clock, Timeout: 2 * time.Second}

	m := sample()
	m.ID, m.CreatedAt = "m1", now
	m.Delivery = contact.Delivery{State: contact.Pending, NextAttempt: now}
	if err := store.Save(ctx, m); err != nil {
		t.Fatal(err)
	}

	for attempt := 1; attempt <= 2; attempt++ {
		if sent, err := o.RunOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("RunOnce while down = %d, %v", sent, err)
		}
		got, _ := store.Get(ctx, "m1")
		d := got.Delivery
		if d.State != contact.Pending || d.Attempts != attempt || !strings.Contains(d.LastError, "connection refused") {
			t.Fatalf("after attempt %d: %+v", attempt, d)
		}
		now = d.NextAttempt
	}

	srv := mailtest.Start(t, mailtest.Options{Addr: addr})
	if sent, err := o.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce once up = %d, %v", sent, err)
	}
	now = now.Add(24 * time.Hour)
	if sent, err := o.RunOnce(ctx); err != nil || sent != 0 {
		t.Fatalf("RunOnce later = %d, %v", sent, err)
	}
	srv.Wait(t, 1, 5*time.Second)
	time.Sleep(50 * time.Millisecond) // room for a duplicate to arrive
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages received, want exactly 1", len(got))
	}
	if p := parse(t, got[0].Data); !strings.Contains(p.body, m.Body) {
		t.Fatalf("received body:\n%s", p.body)
	}
	final, _ := store.Get(ctx, "m1")
	if d := final.Delivery; d.State != contact.Sent || d.Attempts != 3 || d.LastError != "" || d.SentAt.IsZero() {
		t.Fatalf("final delivery %+v", d)
	}
}
