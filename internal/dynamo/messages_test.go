package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestMessageStore(t *testing.T) {
	storetest.Messages(t, func(t *testing.T) contact.Store { return NewMessageStore(newDB(t)) })
}

// A message leaves the due index when it stops being pending, and the
// spam counter lives beside the messages without being listed.
func TestMessageDueIndex(t *testing.T) {
	db := newDB(t)
	s := NewMessageStore(db)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m := contact.Message{ID: contact.NewID(t0), Name: "Ada", Email: "ada@example.com", Body: "hi", CreatedAt: t0,
		Delivery: contact.Delivery{State: contact.Pending}} // zero NextAttempt: due at once
	if err := s.Save(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Due(ctx, t0, 10); err != nil || len(got) != 1 || !got[0].Delivery.NextAttempt.IsZero() {
		t.Fatalf("Due = %+v, %v; want the message with a zero next attempt", got, err)
	}
	if err := s.SetDelivery(ctx, m.ID, contact.Delivery{State: contact.Sent, Attempts: 1, SentAt: t0}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rawItem(t, db, messagesTable, pkMessage, m.ID)[attrDue]; ok || got.Delivery.State != contact.Sent {
		t.Fatalf("a sent message keeps its due key: %+v", got.Delivery)
	}
	if due, _ := s.Due(ctx, t0.AddDate(1, 0, 0), 10); len(due) != 0 {
		t.Fatalf("a sent message is due: %+v", due)
	}
}

// TestUsedTokenExpires: the record of a used form token carries the
// token's expiry in the table's TTL attribute, so DynamoDB deletes it.
func TestUsedTokenExpires(t *testing.T) {
	db := newDB(t)
	s := NewMessageStore(db)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	expires := t0.Add(24*time.Hour + time.Minute)
	if fresh, err := s.UseToken(context.Background(), "k", t0, expires); err != nil || !fresh {
		t.Fatalf("UseToken = %v, %v", fresh, err)
	}
	it := rawItem(t, db, messagesTable, pkToken, "k")
	if n, err := getN(it, attrExpires); err != nil || n != expires.Unix() {
		t.Fatalf("expires_at = %d, %v; want %d", n, err, expires.Unix())
	}
}
