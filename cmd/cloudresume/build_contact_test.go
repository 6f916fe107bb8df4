package main

import (
	"os"
	"path/filepath"
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

	// Same origin by default; --contact=false leaves the form out.
	if _, _, err := cli(t, nil, "build", "-o", out); err != nil {
		t.Fatal(err)
	}
	index, _ = os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), `action="/api/contact"`) {
		t.Error("same-origin build: form does not post to /api/contact")
	}
	if _, _, err := cli(t, nil, "build", "--contact=false", "-o", out); err != nil {
		t.Fatal(err)
	}
	if index, _ = os.ReadFile(filepath.Join(out, "index.html")); strings.Contains(string(index), `id="contact-form"`) {
		t.Error("--contact=false: the form is there")
	}
}
