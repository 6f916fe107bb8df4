package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// seen is what a handler saw of a request.
type seen struct {
	Method, Path, RawQuery, Body string
	RemoteAddr, UserAgent        string
	Query                        map[string][]string
	Cookies                      map[string]string
	ContentType, Authorization   string
	OriginVerify                 string
}

// probe is an http.Handler that answers what it saw, to check the
// translation from events to requests.
func probe() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seen{
			Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: string(body),
			RemoteAddr: r.RemoteAddr, UserAgent: r.UserAgent(), Query: r.URL.Query(),
			Cookies: map[string]string{}, ContentType: r.Header.Get("Content-Type"),
			Authorization: r.Header.Get("Authorization"), OriginVerify: r.Header.Get("X-Origin-Verify"),
		}
		for _, c := range r.Cookies() {
			s.Cookies[c.Name] = c.Value
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("Set-Cookie", "a=1")
		w.WriteHeader(http.StatusTeapot)
		json.NewEncoder(w).Encode(s)
	})
}

func probeSaw(t *testing.T, api *httpAPI, ev []byte) seen {
	t.Helper()
	h := &handler{api: api, log: api.log}
	resp := invokeHTTP(t, h, "req-1", ev)
	if resp.StatusCode != http.StatusTeapot {
		t.Fatalf("status %d, body %s", resp.StatusCode, resp.Body)
	}
	if len(resp.Cookies) != 1 || resp.Cookies[0] != "a=1" {
		t.Errorf("response cookies %q, want [a=1]", resp.Cookies)
	}
	var s seen
	if err := json.Unmarshal([]byte(resp.Body), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEventBecomesRequest(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	api := newHTTPAPI(probe(), log, "")

	s := probeSaw(t, api, event(t, "http-post-visits.json"))
	if s.Method != "POST" || s.Path != "/api/visits" {
		t.Errorf("request %s %s", s.Method, s.Path)
	}
	if s.Body != `{"path":"/","referrer":"https://www.google.com/"}` {
		t.Errorf("base64 body decoded to %q", s.Body)
	}
	if s.RemoteAddr != "203.0.113.10" || !strings.Contains(s.UserAgent, "Chrome/131") {
		t.Errorf("client %q %q, want the event's sourceIp and user agent", s.RemoteAddr, s.UserAgent)
	}
	if s.ContentType != "application/json" {
		t.Errorf("content type %q", s.ContentType)
	}

	s = probeSaw(t, api, event(t, "http-get-query-cookies.json"))
	if s.RawQuery != "lang=en&tag=a&tag=b&q=caf%C3%A9" {
		t.Errorf("raw query %q", s.RawQuery)
	}
	if got := s.Query["tag"]; len(got) != 2 || got[0] != "a" || got[1] != "b" || s.Query["q"][0] != "café" {
		t.Errorf("query %v", s.Query)
	}
	if s.Cookies["theme"] != "dark" || s.Cookies["consent"] != "none" {
		t.Errorf("cookies %v, want theme and consent from the event's cookies array", s.Cookies)
	}

	s = probeSaw(t, api, event(t, "http-admin-stats.json"))
	if s.Authorization != "Bearer s3cret-admin-token" {
		t.Errorf("authorization %q", s.Authorization)
	}

	// An event without a user-agent header still names the client's.
	var m map[string]any
	json.Unmarshal(event(t, "http-get-visits.json"), &m)
	delete(m["headers"].(map[string]any), "user-agent")
	ev, _ := json.Marshal(m)
	if s = probeSaw(t, api, ev); !strings.Contains(s.UserAgent, "Chrome/131") {
		t.Errorf("user agent %q, want requestContext.http.userAgent", s.UserAgent)
	}
}

func TestClientIPHeader(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	var m map[string]any
	json.Unmarshal(event(t, "http-get-visits.json"), &m)
	m["headers"].(map[string]any)["cloudfront-viewer-address"] = "2001:db8::7:46532"
	ev, _ := json.Marshal(m)

	if s := probeSaw(t, newHTTPAPI(probe(), log, "cloudfront-viewer-address"), ev); s.RemoteAddr != "2001:db8::7" {
		t.Errorf("with the header configured: client %q, want 2001:db8::7", s.RemoteAddr)
	}
	if s := probeSaw(t, newHTTPAPI(probe(), log, ""), ev); s.RemoteAddr != "203.0.113.10" {
		t.Errorf("without: client %q, want sourceIp", s.RemoteAddr)
	}
	// A header that names no address leaves sourceIp.
	m["headers"].(map[string]any)["cloudfront-viewer-address"] = "garbage"
	ev, _ = json.Marshal(m)
	if s := probeSaw(t, newHTTPAPI(probe(), log, "cloudfront-viewer-address"), ev); s.RemoteAddr != "203.0.113.10" {
		t.Errorf("bad header: client %q, want sourceIp", s.RemoteAddr)
	}
}

func TestHeaderIP(t *testing.T) {
	cases := map[string]string{
		"198.51.100.10:46532":   "198.51.100.10",
		"198.51.100.10":         "198.51.100.10",
		"2001:db8::1:46532":     "2001:db8::1",
		"[2001:db8::1]:443":     "2001:db8::1",
		"::1":                   "::1",
		" 203.0.113.5:1 ":       "203.0.113.5",
		"":                      "",
		"example.com:443":       "",
		"198.51.100.10, 10.0.0": "",
	}
	for in, want := range cases {
		if got := headerIP(in); got != want {
			t.Errorf("headerIP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadBase64Body(t *testing.T) {
	api := newHTTPAPI(probe(), slog.New(slog.DiscardHandler), "")
	var m map[string]any
	json.Unmarshal(event(t, "http-post-visits.json"), &m)
	m["body"] = "not base64!"
	ev, _ := json.Marshal(m)
	resp := invokeHTTP(t, &handler{api: api, log: api.log}, "req-1", ev)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.Body, `"error"`) {
		t.Fatalf("status %d body %s, want a 400 JSON error", resp.StatusCode, resp.Body)
	}
}

func TestKindOf(t *testing.T) {
	cases := map[string]eventKind{
		string(event(t, "http-get-visits.json")):    kindHTTP,
		string(event(t, "http-post-visits.json")):   kindHTTP,
		string(event(t, "s3-put-movies.json")):      kindS3,
		string(event(t, "s3-put-notes.json")):       kindS3,
		`{}`:                                        kindUnknown,
		`not json`:                                  kindUnknown,
		`{"version":"1.0","requestContext":{}}`:     kindUnknown, // payload format 1.0
		`{"version":"2.0"}`:                         kindUnknown,
		`{"version":"2.0","requestContext":null}`:   kindUnknown,
		`{"Records":[{"eventSource":"aws:sqs"}]}`:   kindUnknown,
		`{"Records":[{"eventSource":"aws:s3"},{}]}`: kindUnknown,
		string(event(t, "scheduled-event.json")):    kindSchedule,
		string(event(t, "http-post-contact.json")):  kindHTTP,
		`{"source":"aws.events","detail-type":"EC2 Instance State-change Notification"}`: kindUnknown,
		`{"source":"my.app","detail-type":"Scheduled Event"}`:                            kindUnknown,
	}
	for ev, want := range cases {
		if got := kindOf([]byte(ev)); got != want {
			t.Errorf("kindOf(%.60s) = %v, want %v", ev, got, want)
		}
	}
	h := &handler{log: slog.New(slog.DiscardHandler)}
	if _, err := h.Invoke(context.Background(), []byte(`{"Records":[{"eventSource":"aws:sqs"}]}`)); err == nil {
		t.Error("an SQS event: want an error")
	}
}
