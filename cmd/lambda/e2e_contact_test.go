package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// adminEvent answers the recorded admin request (testdata/http-admin-stats.json,
// with the static admin token) sent as method to rawPath?rawQuery.
func adminEvent(t *testing.T, method, rawPath, rawQuery string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(event(t, "http-admin-stats.json"), &m); err != nil {
		t.Fatal(err)
	}
	m["rawPath"], m["rawQueryString"] = rawPath, rawQuery
	h := m["requestContext"].(map[string]any)["http"].(map[string]any)
	h["method"], h["path"] = method, rawPath
	out, _ := json.Marshal(m)
	return out
}

// httpCall invokes f with an HTTP API event and decodes its answer into
// body, and reports whether it answered with status want.
func (f *function) httpCall(t *testing.T, ev []byte, want int, body any) bool {
	t.Helper()
	resp := f.invoke(t, ev)
	if resp.Err != nil {
		t.Fatalf("function error %+v\n%s", resp.Err, f.logs)
	}
	var r struct {
		StatusCode      int               `json:"statusCode"`
		Body            string            `json:"body"`
		IsBase64Encoded bool              `json:"isBase64Encoded"`
		Headers         map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(resp.Payload, &r); err != nil {
		t.Fatalf("answer %s: %v", resp.Payload, err)
	}
	r.Body = plainBody(t, r.Body, r.IsBase64Encoded, r.Headers["Content-Encoding"])
	if r.StatusCode != want {
		var req struct {
			RawPath        string `json:"rawPath"`
			RequestContext struct {
				HTTP struct{ Method string } `json:"http"`
			} `json:"requestContext"`
		}
		json.Unmarshal(ev, &req)
		t.Errorf("%s %s: status %d, want %d: %s\n%s", req.RequestContext.HTTP.Method, req.RawPath, r.StatusCode, want, r.Body, f.logs)
		return false
	}
	if body != nil {
		if err := json.Unmarshal([]byte(r.Body), body); err != nil {
			t.Fatalf("body %s: %v", r.Body, err)
		}
	}
	return true
}

// The owner's side of a contact message, through the bootstrap: the visitor
// posts, SES is asked to mail it in the same invocation, the owner lists
// it, marks it read, and the stats count the inbox.
func TestBootstrapContactToAdmin(t *testing.T) {
	ses := startSES(t)
	env := contactDeployment(t, ses)
	f := startFunction(t, env)

	if !f.httpCall(t, contactEvent(t), http.StatusAccepted, nil) {
		t.FailNow()
	}
	if sent := ses.requests(); len(sent) != 1 {
		t.Errorf("%d SendEmail requests, want 1", len(sent))
	} else {
		checkNotification(t, sent[0])
	}

	var stats struct {
		Contact struct{ Unread int } `json:"contact"`
	}
	if f.httpCall(t, adminEvent(t, "GET", "/api/admin/stats", ""), http.StatusOK, &stats) && stats.Contact.Unread != 1 {
		t.Errorf("stats: %d unread, want 1", stats.Contact.Unread)
	}
	var list struct {
		Messages []contact.Message `json:"messages"`
	}
	if !f.httpCall(t, adminEvent(t, "GET", "/api/admin/messages", ""), http.StatusOK, &list) {
		t.FailNow()
	}
	if len(list.Messages) != 1 || list.Messages[0].Name != "Ada Lovelace" || list.Messages[0].Read ||
		list.Messages[0].Delivery.State != contact.Sent {
		t.Fatalf("listed %+v, want the message, unread and sent", list.Messages)
	}

	f.httpCall(t, adminEvent(t, "POST", "/api/admin/messages/"+list.Messages[0].ID+"/read", ""), http.StatusNoContent, nil)
	list.Messages = nil
	if f.httpCall(t, adminEvent(t, "GET", "/api/admin/messages", "unread=1"), http.StatusOK, &list) && len(list.Messages) != 0 {
		t.Errorf("unread after marking read: %+v", list.Messages)
	}
	if f.httpCall(t, adminEvent(t, "GET", "/api/admin/stats", ""), http.StatusOK, &stats) && stats.Contact.Unread != 0 {
		t.Errorf("stats after marking read: %d unread, want 0", stats.Contact.Unread)
	}
}
