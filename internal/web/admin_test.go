package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
)

func TestAdminMessages(t *testing.T) {
	e := newContactEnv(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, id := range []string{"m1", "m2", "m3"} {
		at := t0.Add(time.Duration(i) * time.Minute)
		if err := e.store.Save(ctx, contact.Message{ID: id, Name: "N" + id, Email: id + "@example.com", Body: "hi " + id,
			CreatedAt: at, Delivery: contact.Delivery{State: contact.Pending, NextAttempt: at}}); err != nil {
			t.Fatal(err)
		}
	}
	e.store.AddSpam(ctx)
	auth := []string{"Authorization", "Bearer s3cret-admin-token"}

	if rec := do(t, e.h, "GET", "/api/admin/messages", ""); rec.Code != http.StatusUnauthorized {
		t.Fatalf("without token: %d", rec.Code)
	}
	if rec := do(t, e.h, "POST", "/api/admin/messages/m1/read", "", "Authorization", "Bearer wrong"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("mark read with a wrong token: %d", rec.Code)
	}

	list := func(query string) messageList {
		t.Helper()
		rec := do(t, e.h, "GET", "/api/admin/messages"+query, "", auth...)
		if rec.Code != http.StatusOK {
			t.Fatalf("list%s: %d %s", query, rec.Code, rec.Body)
		}
		var got messageList
		decode(t, rec, &got)
		return got
	}
	ids := func(l messageList) string {
		s := ""
		for _, m := range l.Messages {
			s += m.ID + " "
		}
		return s
	}
	if got := list(""); ids(got) != "m3 m2 m1 " || got.Spam != 1 || got.Messages[0].Body != "hi m3" ||
		got.Messages[0].Delivery.State != contact.Pending || !got.Messages[0].CreatedAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("list = %+v", got)
	}

	if rec := do(t, e.h, "POST", "/api/admin/messages/m2/read", "", auth...); rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Fatalf("mark read: %d %q", rec.Code, rec.Body)
	}
	if got := list("?unread=1"); ids(got) != "m3 m1 " {
		t.Fatalf("unread = %s", ids(got))
	}
	if got := list("?limit=1"); ids(got) != "m3 " {
		t.Fatalf("limit 1 = %s", ids(got))
	}
	if rec := do(t, e.h, "POST", "/api/admin/messages/nope/read", "", auth...); rec.Code != http.StatusNotFound {
		t.Fatalf("mark unknown read: %d", rec.Code)
	}
	for _, q := range []string{"?limit=0", "?limit=x", "?limit=1001", "?unread=maybe"} {
		if rec := do(t, e.h, "GET", "/api/admin/messages"+q, "", auth...); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", q, rec.Code)
		}
	}

	empty := newContactEnv(t)
	rec := do(t, empty.h, "GET", "/api/admin/messages", "", auth...)
	if rec.Body.String() != "{\"messages\":[],\"total\":0,\"unread\":0,\"spam\":0}\n" {
		t.Fatalf("empty list = %s", rec.Body)
	}
}
