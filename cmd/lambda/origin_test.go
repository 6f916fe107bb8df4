package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
)

// originSecret is the X-Origin-Verify value in testdata/http-post-contact.json.
const originSecret = "test-origin-secret-not-a-real-one-0123456789"

// withHeader answers the HTTP API event ev with header name set to value,
// or removed when value is "".
func withHeader(t *testing.T, ev []byte, name, value string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(ev, &m); err != nil {
		t.Fatal(err)
	}
	h := m["headers"].(map[string]any)
	if value == "" {
		delete(h, name)
	} else {
		h[name] = value
	}
	out, _ := json.Marshal(m)
	return out
}

func TestOriginSecret(t *testing.T) {
	api := newHTTPAPI(probe(), slog.New(slog.DiscardHandler), "cloudfront-viewer-address")
	api.originSecret = originSecret
	h := &handler{api: api, log: api.log}
	recorded := event(t, "http-post-contact.json") // as CloudFront sends it

	resp := invokeHTTP(t, h, "req-cf", recorded)
	if resp.StatusCode != http.StatusTeapot {
		t.Fatalf("request from CloudFront: %d %s", resp.StatusCode, resp.Body)
	}
	var s seen
	if err := json.Unmarshal([]byte(resp.Body), &s); err != nil {
		t.Fatal(err)
	}
	if s.RemoteAddr != "198.51.100.23:0" && s.RemoteAddr != "198.51.100.23" {
		t.Errorf("client address %q, want the viewer's from CloudFront-Viewer-Address", s.RemoteAddr)
	}
	if s.OriginVerify != "" {
		t.Errorf("the handler saw the origin secret %q", s.OriginVerify)
	}

	for name, value := range map[string]string{
		"no origin header":     "",
		"a wrong value":        "test-origin-secret-not-a-real-one-0123456780",
		"a prefix of it":       originSecret[:20],
		"the secret, extended": originSecret + "x",
	} {
		// Direct to the API's own endpoint, with a forged viewer address.
		ev := withHeader(t, withHeader(t, recorded, "x-origin-verify", value), "cloudfront-viewer-address", "192.0.2.1:1")
		resp := invokeHTTP(t, h, "req-direct", ev)
		if resp.StatusCode != http.StatusForbidden || resp.Headers["Content-Type"] != "application/json" {
			t.Errorf("%s: %d %s, want 403 JSON", name, resp.StatusCode, resp.Body)
		}
	}
	// Header names come in any case.
	ev := withHeader(t, withHeader(t, recorded, "x-origin-verify", ""), "X-Origin-Verify", originSecret)
	if resp := invokeHTTP(t, h, "req-cf-upper", ev); resp.StatusCode != http.StatusTeapot {
		t.Errorf("X-Origin-Verify in another case: %d", resp.StatusCode)
	}
}

func TestOriginSecretOffByDefault(t *testing.T) {
	api := newHTTPAPI(probe(), slog.New(slog.DiscardHandler), "")
	h := &handler{api: api, log: api.log}
	if resp := invokeHTTP(t, h, "req", event(t, "http-get-visits.json")); resp.StatusCode != http.StatusTeapot {
		t.Errorf("without an origin secret: %d", resp.StatusCode)
	}
}
