package main

import (
	"bytes"
	"encoding/json"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// photoResume writes a resume with a local JPEG photo, and returns its
// path and the photo's bytes.
func photoResume(t *testing.T, extra string) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "img", "me.jpg"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "me.yaml")
	doc := "basics:\n  name: Jane Doe\n  label: Engineer\n  image: img/me.jpg\n" + extra
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes()
}

var (
	photoSrcRE = regexp.MustCompile(`<img class="photo" src="(/photo/[0-9a-f]{16}\.jpg)"`)
	metaCSPRE  = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`)
)

// build copies a local photo under its published name and links it, in
// the theme given; the page's own policy is the one `headers` prints for
// the same resume and theme (less frame-ancestors, which a <meta> cannot
// carry).
func TestBuildThemeAndPhoto(t *testing.T) {
	res, photo := photoResume(t, "meta:\n  themeOptions:\n    colors:\n      accent: \"#8a2be2\"\n")
	out := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "--resume", res, "--theme", "modern", "-o", out); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := photoSrcRE.FindSubmatch(index)
	if m == nil {
		t.Fatalf("index.html shows no local photo:\n%.2000s", index)
	}
	copied, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(string(m[1]))))
	if err != nil || !bytes.Equal(copied, photo) {
		t.Fatalf("the photo is not copied to %s: %v", m[1], err)
	}
	for _, want := range []string{`<body class="modern">`, `href="/resume.pdf"`, "--accent:#8a2be2"} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	for _, f := range []string{"resume.pdf", "404.html"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	stdout, stderr, err := cli(t, nil, "headers", "--json", "--resume", res, "--theme", "modern")
	if err != nil {
		t.Fatalf("headers: %v %s", err, stderr)
	}
	var sets headerSets
	if err := json.Unmarshal([]byte(stdout), &sets); err != nil {
		t.Fatal(err)
	}
	meta := metaCSPRE.FindSubmatch(index)
	if meta == nil {
		t.Fatal("index.html carries no policy")
	}
	if got, want := html.UnescapeString(string(meta[1])), strings.Replace(sets.Page["Content-Security-Policy"], "; frame-ancestors 'none'", "", 1); got != want {
		t.Errorf("built page's policy\n  %s\nheaders' policy\n  %s", got, want)
	}
	// The same through the environment, as a deployment sets it.
	env := map[string]string{"CLOUDRESUME_RESUME": res, "CLOUDRESUME_THEME": "modern"}
	if again, _, err := cli(t, env, "headers", "--json"); err != nil || again != stdout {
		t.Errorf("headers from the environment differ: %v\n%s", err, again)
	}
}

func TestBuildPhotoOfURLAllowedByPolicy(t *testing.T) {
	res := filepath.Join(t.TempDir(), "me.yaml")
	os.WriteFile(res, []byte("basics:\n  name: Jane\n  image: https://cdn.example.org/jane.webp\n"), 0o644)
	out := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "--resume", res, "-o", out); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte(`src="https://cdn.example.org/jane.webp"`)) || !bytes.Contains(index, []byte("img-src &#39;self&#39; data: https://cdn.example.org;")) {
		t.Errorf("the photo or its host in the policy is missing:\n%.1500s", index)
	}
	stdout, _, err := cli(t, nil, "headers", "--resume", res)
	if err != nil || !strings.Contains(stdout, "img-src 'self' data: https://cdn.example.org;") {
		t.Errorf("headers: %v\n%s", err, stdout)
	}
}

// A theme directory with an error stops validate, build and serve at
// once, naming the file and line.
func TestThemeErrorsStopEveryCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mytheme")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "style.css"), []byte("body{}"), 0o644)
	os.WriteFile(filepath.Join(dir, "page.html"), []byte("<!doctype html>\n<html lang=\"en\">\n<h1>{{.Nmae}}</h1>\n"), 0o644)
	want := filepath.ToSlash(dir) + "/page.html:3:6: executing"
	example := filepath.Join("..", "..", "internal", "resume", "example.yaml")
	for _, args := range [][]string{
		{"validate", "--theme", dir, example},
		{"build", "--theme", dir, "-o", filepath.Join(t.TempDir(), "site")},
		{"serve", "--theme", dir, "--addr", freeAddr(t), "--db", filepath.Join(t.TempDir(), "x.db")},
		{"headers", "--theme", dir},
	} {
		_, stderr, err := cli(t, nil, args...)
		if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: %v, stderr %q, want %q", args[0], err, stderr, want)
		}
	}
	// validate names the theme's error after the resume's own problems.
	if _, stderr, err := cli(t, nil, "validate", "--theme", "fancy", example); err == nil || !strings.Contains(stderr, `"fancy": want classic, modern, compact`) {
		t.Errorf("an unknown theme: %v %s", err, stderr)
	}
}

// serve shows the theme, the local photo at its URL, and the PDF.
func TestServeThemePhotoAndPDF(t *testing.T) {
	res, photo := photoResume(t, "meta:\n  theme: compact\n")
	s := startServe(t, "--resume", res, "--db", filepath.Join(t.TempDir(), "x.db"))
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	_, page := get("/")
	if !bytes.Contains(page, []byte(`<body class="compact">`)) {
		t.Errorf("meta.theme compact is not served:\n%.500s", page)
	}
	m := photoSrcRE.FindSubmatch(page)
	if m == nil {
		t.Fatal("the page shows no local photo")
	}
	resp, body := get(string(m[1]))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal(body, photo) {
		t.Errorf("photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, body = get("/resume.pdf")
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("resume.pdf: %d", resp.StatusCode)
	}
	if pages, _ := checkPDF(t, body); pages != 1 {
		t.Errorf("a one-line resume's PDF has %d pages", pages)
	}
	// A missing photo stops serve at start, as validate reports it.
	os.Remove(filepath.Join(filepath.Dir(res), "img", "me.jpg"))
	_, stderr, err := cli(t, nil, "serve", "--resume", res, "--addr", freeAddr(t), "--db", filepath.Join(t.TempDir(), "y.db"))
	if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(stderr, `me.yaml:4: basics.image: "img/me.jpg" does not exist`) {
		t.Errorf("serve with a missing photo: %v %q", err, stderr)
	}
}
