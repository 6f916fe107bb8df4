package web

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

func builtin(t *testing.T, name string) *theme.Theme {
	t.Helper()
	th, err := theme.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// The pages, the not-found page among them, are in the configured theme,
// and their policy allows exactly that theme's style; the API keeps JSON.
func TestThemePages(t *testing.T) {
	for _, name := range theme.Names() {
		cfg := testConfig(t)
		cfg.Theme = builtin(t, name)
		h := NewServer(cfg)
		style := resume.NewSite(cfg.Resume, cfg.Theme).Style()
		home := do(t, h, "GET", "/", "")
		if !strings.Contains(home.Body.String(), `<body class="`+name+`">`) || !strings.Contains(home.Body.String(), "<style>"+style+"</style>") {
			t.Errorf("%s: the home page is not in the theme", name)
		}
		rec := do(t, h, "GET", "/no/such/page", "", "Accept", "text/html,application/xhtml+xml")
		body := rec.Body.String()
		if rec.Code != 404 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(body, "<h1 id=\"notice-title\">Page not found</h1>") || !strings.Contains(body, "<style>"+style+"</style>") {
			t.Errorf("%s: 404 page: %d %s\n%.300s", name, rec.Code, rec.Header().Get("Content-Type"), body)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); csp != home.Header().Get("Content-Security-Policy") {
			t.Errorf("%s: the 404 page's policy %q is not the page policy", name, csp)
		}
		rec = do(t, h, "GET", "/api/nothing", "", "Accept", "text/html")
		var e errorBody
		decode(t, rec, &e)
		if rec.Code != 404 || e.Error != "not found" {
			t.Errorf("%s: /api/ 404: %d %+v", name, rec.Code, e)
		}
	}
}

// The page policy is made from the configuration: the style of the
// resume's colours, and the host of a photo given as a URL.
func TestPagePolicyPerConfiguration(t *testing.T) {
	cfg := testConfig(t)
	cfg.Resume.Basics.Image = "https://images.example.net/me.jpg"
	cfg.Resume.Meta.ThemeOptions.Colors = map[string]resume.Color{"accent": {"#8a2be2"}}
	cfg.Theme = builtin(t, "modern")
	cfg.HTTPS = true
	h := NewServer(cfg)
	rec := do(t, h, "GET", "/", "")
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' data: https://images.example.net;") {
		t.Errorf("CSP = %q, want the photo's host in img-src", csp)
	}
	site := resume.NewSite(cfg.Resume, cfg.Theme)
	for _, hash := range site.StyleHashes() {
		if !strings.Contains(csp, hash) {
			t.Errorf("CSP lacks %s", hash)
		}
	}
	if !strings.Contains(rec.Body.String(), `<img class="photo" src="https://images.example.net/me.jpg"`) {
		t.Error("the page does not show the photo")
	}
	// What a CDN is told to send, and what a built page carries, is the same.
	page, _ := SecurityHeaders(cfg, "")
	for k, v := range page {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s: served %q, SecurityHeaders %q", k, got, v)
		}
	}
	if want := strings.Replace(csp, "; frame-ancestors 'none'", "", 1); PagePolicy(cfg, "") != want {
		t.Errorf("PagePolicy = %q, want %q", PagePolicy(cfg, ""), want)
	}
	// Without the photo's URL the host is not allowed.
	cfg.Resume.Basics.Image = ""
	if p := PagePolicy(cfg, ""); strings.Contains(p, "images.example.net") {
		t.Errorf("policy without a photo: %s", p)
	}
}

func TestResumePDF(t *testing.T) {
	h := NewServer(testConfig(t))
	rec := do(t, h, "GET", "/resume.pdf", "")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("GET /resume.pdf: %d %s %.10q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes())
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `inline; filename="Alex-Rivera.pdf"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	etag := rec.Header().Get("ETag")
	again := do(t, h, "GET", "/resume.pdf", "", "If-None-Match", etag)
	if etag == "" || again.Code != 304 {
		t.Errorf("a second request with its ETag %q: %d", etag, again.Code)
	}
	// Made once: the same bytes each time.
	if third := do(t, h, "GET", "/resume.pdf", ""); !bytes.Equal(third.Body.Bytes(), rec.Body.Bytes()) {
		t.Error("the PDF differs from one request to the next")
	}
	if !strings.Contains(do(t, h, "GET", "/", "").Body.String(), `href="/resume.pdf"`) {
		t.Error("the page does not link the PDF")
	}
}

func TestPhoto(t *testing.T) {
	cfg := testConfig(t)
	cfg.Photo = &resume.Published{URL: "/photo/0123456789abcdef.webp", Type: "image/webp", Data: []byte("RIFF....WEBP")}
	h := NewServer(cfg)
	rec := do(t, h, "GET", cfg.Photo.URL, "")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/webp" || rec.Body.String() != "RIFF....WEBP" ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("photo: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
	}
	if rec := do(t, h, "GET", "/photo/other.webp", ""); rec.Code != 404 {
		t.Errorf("another photo name: %d", rec.Code)
	}
	if !strings.Contains(do(t, h, "GET", "/", "").Body.String(), `src="`+cfg.Photo.URL+`"`) {
		t.Error("the page does not show the photo")
	}
	if rec := do(t, NewServer(testConfig(t)), "GET", cfg.Photo.URL, ""); rec.Code != 404 {
		t.Errorf("a photo with none configured: %d", rec.Code)
	}
}

// A theme directory's static files are served at the site root, with
// their type, and listed among the routes.
func TestThemeStaticFiles(t *testing.T) {
	dir := t.TempDir()
	classic := builtin(t, "classic")
	for name, body := range map[string]string{
		"page.html": classic.Page().Text, "style.css": classic.Style().Text,
		"static/logo.svg": "<svg>logo</svg>", "static/theme.css": "p{}",
	} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th, err := theme.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Theme = th
	h := NewServer(cfg)
	for path, typ := range map[string]string{"/logo.svg": "image/svg+xml", "/theme.css": "text/css; charset=utf-8", "/counter.js": "text/javascript; charset=utf-8"} {
		rec := do(t, h, "GET", path, "")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != typ {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	// The listing of a server of no configuration names the shared files.
	var paths []string
	for _, rt := range PageRoutes() {
		paths = append(paths, rt.Method+" "+rt.Path)
	}
	b, _ := json.Marshal(paths)
	for _, want := range []string{"GET /counter.js", "GET /favicon.svg", "GET /resume.pdf", "GET /photo/{file}"} {
		if !strings.Contains(string(b), `"`+want+`"`) {
			t.Errorf("page routes lack %s: %s", want, b)
		}
	}
}
