package main

import (
	"encoding/json"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestBuildContactForm(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "--api-url", "https://api.example.com/", "-o", out); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	// The form posts to the API, and carries no token: the script fetches
	// a fresh one when the page loads.
	for _, want := range []string{
		`<form id="contact-form" method="post" action="https://api.example.com/api/contact"`,
		`<input type="hidden" name="token" value="">`,
		`<meta name="cloudresume-api" content="https://api.example.com">`,
	} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}

	// "/" is the site's own origin; --contact=false leaves the form out.
	if _, _, err := cli(t, nil, "build", "--api-url", "/", "-o", out); err != nil {
		t.Fatal(err)
	}
	index, _ = os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), `action="/api/contact"`) {
		t.Error("same-origin build: form does not post to /api/contact")
	}
	if _, err := os.Stat(filepath.Join(out, "contact", "thanks", "index.html")); err != nil {
		t.Errorf("no thank-you page: %v", err)
	}
	if _, _, err := cli(t, nil, "build", "--api-url", "/", "--contact=false", "-o", out); err != nil {
		t.Fatal(err)
	}
	if index, _ = os.ReadFile(filepath.Join(out, "index.html")); strings.Contains(string(index), `id="contact-form"`) {
		t.Error("--contact=false: the form is there")
	}
}

// Without an API there is nothing to post to or count with: the built
// page has neither form nor counter, and build says so.
func TestBuildWithoutAPI(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	_, stderr, err := cli(t, nil, "build", "-o", out)
	if err != nil {
		t.Fatal(err)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, gone := range []string{`id="contact-form"`, `id="visits"`, `counter.js`} {
		if strings.Contains(string(index), gone) {
			t.Errorf("index.html has %s without an API", gone)
		}
	}
	if !strings.Contains(stderr, "no --api-url") {
		t.Errorf("stderr %q does not say there is no API", stderr)
	}
	if _, _, err := cli(t, nil, "build", "--api-url", "api.example.com", "-o", out); exitCode(io.Discard, err) != 2 {
		t.Errorf("relative --api-url: %v, want exit 2", err)
	}
}

// A site whose API is on another origin allows it, and only it, in the
// policy the page carries and in the one a CDN is told to send.
func TestBuildCrossOriginPolicy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, _, err := cli(t, nil, "build", "--api-url", "https://api.example.com/", "-o", out); err != nil {
		t.Fatal(err)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindSubmatch(index)
	if m == nil {
		t.Fatal("no policy in the page")
	}
	policy := html.UnescapeString(string(m[1]))
	for _, want := range []string{"connect-src 'self' https://api.example.com", "form-action 'self' https://api.example.com"} {
		if !strings.Contains(policy, want) {
			t.Errorf("page policy %q lacks %q", policy, want)
		}
	}
	out2, _, err := cli(t, nil, "headers", "--json", "--api-url", "https://api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	var sets headerSets
	if err := json.Unmarshal([]byte(out2), &sets); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sets.Page["Content-Security-Policy"], "connect-src 'self' https://api.example.com;") {
		t.Errorf("headers --api-url: %q", sets.Page["Content-Security-Policy"])
	}
}
