package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"basics":{"name":"Jane Doe","email":"jane@example.com"},"work":[{"name":"Acme","startDate":"2020-01"}]}`), 0o644)
	out, _, err := cli(t, nil, "validate", good)
	if err != nil || !strings.Contains(out, "valid") {
		t.Fatalf("valid file: %v %q", err, out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n \"basics\": {\"name\": \"Jane\", \"email\": \"not-an-address\"},\n \"work\": [{\"name\": \"Acme\", \"startDate\": \"2021-02-30\"}]\n}\n"), 0o644)
	_, stderr, err := cli(t, nil, "validate", bad)
	if code := exitCode(&bytes.Buffer{}, err); code != 2 {
		t.Fatalf("invalid file: exit %d (%v)", code, err)
	}
	for _, want := range []string{"bad.json:2: basics.email", "bad.json:3: work[0].startDate"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	_, _, err = cli(t, nil, "validate", filepath.Join(dir, "missing.yaml"))
	if exitCode(&bytes.Buffer{}, err) != 2 {
		t.Fatalf("missing file: %v", err)
	}
	if _, _, err := cli(t, nil, "validate"); exitCode(&bytes.Buffer{}, err) != 2 {
		t.Fatalf("no file: %v", err)
	}
}

func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "--api-url", "https://api.example.com", "--site-url", "https://jane.example", "-o", out); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	for _, f := range []string{"index.html", "counter.js", "favicon.svg", "robots.txt", "sitemap.xml", "resume.json"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), "https://api.example.com") {
		t.Error("index.html does not name the API URL")
	}
}

func TestRoutesJSON(t *testing.T) {
	out, _, err := cli(t, nil, "routes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var routes []struct {
		Method, Path string
		Admin        bool
	}
	if err := json.Unmarshal([]byte(out), &routes); err != nil {
		t.Fatalf("routes --json: %v\n%s", err, out)
	}
	found := false
	for _, r := range routes {
		if r.Method == "POST" && r.Path == "/api/visits" && !r.Admin {
			found = true
		}
		if r.Path == "/" {
			t.Error("pages listed without --all")
		}
	}
	if !found {
		t.Fatalf("POST /api/visits missing: %s", out)
	}
	// The pages as a client writes them, not ServeMux's patterns.
	out, _, err = cli(t, nil, "routes", "--all")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "{$}") || !regexp.MustCompile(`(?m)^GET\s+/\s`).MatchString(out) {
		t.Errorf("routes --all:\n%s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	_, stderr, err := cli(t, nil, "frobnicate")
	if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(stderr, "usage: cloudresume") {
		t.Fatalf("%v %q", err, stderr)
	}
	if out, _, err := cli(t, nil, "--help"); err != nil || !strings.Contains(out, "serve") {
		t.Fatalf("--help: %v %q", err, out)
	}
}

// The CDN serves the built site with the page headers `headers` prints, so
// their CSP must allow every inline style of the built pages, and nothing
// inline besides.
func TestHeadersAllowTheBuiltSite(t *testing.T) {
	out, _, err := cli(t, nil, "headers", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var sets headerSets
	if err := json.Unmarshal([]byte(out), &sets); err != nil {
		t.Fatalf("headers --json: %v\n%s", err, out)
	}
	csp := sets.Page["Content-Security-Policy"]
	if strings.Contains(csp, "unsafe-inline") || sets.API["Content-Security-Policy"] != "default-src 'none'; frame-ancestors 'none'" {
		t.Fatalf("page CSP %q, API CSP %q", csp, sets.API["Content-Security-Policy"])
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "-o", dir); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	styles := regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`).FindAllSubmatch(index, -1)
	if len(styles) == 0 {
		t.Fatal("index.html has no inline style: the test checks nothing")
	}
	for _, m := range styles {
		sum := sha256.Sum256(m[1])
		if src := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, src) {
			t.Errorf("page CSP does not allow the inline style %s", src)
		}
	}
}
