package web

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
)

func TestAdminStatsContact(t *testing.T) {
	ctx := context.Background()
	e := newContactEnv(t)
	at := e.clock.Now()
	for id, d := range map[string]contact.Delivery{
		"read":    {State: contact.Failed, Attempts: 10},
		"failed":  {State: contact.Failed, Attempts: 10, LastError: "550 mailbox unavailable"},
		"pending": {State: contact.Pending, NextAttempt: at},
		"sent":    {State: contact.Sent, Attempts: 1, SentAt: at},
	} {
		m := contact.Message{ID: id, Name: "Ada", Email: "ada@example.com", Body: "Hi", CreatedAt: at, Delivery: d}
		if err := e.store.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.store.MarkRead(ctx, "read"); err != nil {
		t.Fatal(err)
	}
	// Two spam posts through the API, one too soon after its token.
	if rec := e.postJSON(t, contactRequest{Name: "Bot", Email: "bot@example.com", Message: "Buy", Website: "x", Token: e.token()}); rec.Code != http.StatusAccepted {
		t.Fatalf("honeypot: %d", rec.Code)
	}
	if rec := e.postJSON(t, contactRequest{Name: "Bot", Email: "bot@example.com", Message: "Buy", Token: e.svc.Token()}); rec.Code != http.StatusAccepted {
		t.Fatalf("too fast: %d", rec.Code)
	}
	// A stale token is not spam.
	if rec := e.postJSON(t, contactRequest{Name: "Ada", Email: "ada@example.com", Message: "Hi"}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("no token: %d", rec.Code)
	}

	rec := do(t, e.h, "GET", "/api/admin/stats", "", "Authorization", "Bearer s3cret-admin-token")
	var st StatsResponse
	decode(t, rec, &st)
	if st.Contact == nil || *st.Contact != (contact.Counts{Total: 4, Unread: 3, Spam: 2}) {
		t.Fatalf("contact stats = %+v, want 4 messages, 3 unread, 2 spam", st.Contact)
	}

	if err := e.store.MarkRead(ctx, "failed"); err != nil {
		t.Fatal(err)
	}
	decode(t, do(t, e.h, "GET", "/api/admin/stats", "", "Authorization", "Bearer s3cret-admin-token"), &st)
	if *st.Contact != (contact.Counts{Total: 4, Unread: 2, Spam: 2}) {
		t.Fatalf("after reading the failed one: %+v", st.Contact)
	}
}

func TestAdminStatsWithoutContact(t *testing.T) {
	rec := do(t, NewServer(testConfig(t)), "GET", "/api/admin/stats", "", "Authorization", "Bearer s3cret-admin-token")
	var raw map[string]json.RawMessage
	decode(t, rec, &raw)
	if _, ok := raw["contact"]; ok || raw["visits"] == nil {
		t.Fatalf("stats without the contact form: %s", rec.Body)
	}
}
