package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// runDocCommand runs one "go run ./cmd/cloudresume ..." line of the docs
// in-process. A serve runs on a free port until it answers its page,
// which it must, then stops.
func runDocCommand(t *testing.T, c string) {
	t.Helper()
	rest, ok := strings.CutPrefix(c, "go run ./cmd/cloudresume ")
	if !ok {
		t.Fatalf("%q does not run cloudresume", c)
	}
	args := strings.Fields(rest)
	if args[0] != "serve" {
		if out, stderr, err := cliIn(t, "", args...); err != nil {
			t.Errorf("%s: %v\n%s%s", c, err, out, stderr)
		}
		return
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr syncbuf.Buffer
	go func() {
		done <- run(ctx, append(args, "--addr", addr), func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Errorf("%s: serve did not stop", c)
		}
	}()
	waitHealthy(t, "http://"+addr, done, &stderr)
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `<body class="`
	if i := strings.Index(rest, "--theme "); i >= 0 && !strings.HasPrefix(rest[i+8:], ".") {
		want += strings.Fields(rest[i+8:])[0] + `"`
	}
	if resp.StatusCode != 200 || !strings.Contains(string(page), want) {
		t.Errorf("%s: GET /: %d, want a page with %s", c, resp.StatusCode, want)
	}
}

// The commands of the README's section on themes and of docs/themes.md run
// as written, in order, in an empty directory.
func TestThemeDocsCommands(t *testing.T) {
	for _, doc := range []struct{ file, heading string }{
		{filepath.Join("..", "..", "README.md"), "Themes"},
		{filepath.Join("..", "..", "docs", "themes.md"), "A theme of your own"},
	} {
		data, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(doc.file), func(t *testing.T) {
			t.Chdir(t.TempDir())
			cmds := readmeCommands(t, string(data), doc.heading)
			if len(cmds) < 5 {
				t.Fatalf("only %d commands in %s", len(cmds), doc.file)
			}
			for _, c := range cmds {
				runDocCommand(t, c)
			}
			if _, err := os.Stat(filepath.Join("mytheme", "page.html")); err != nil {
				t.Errorf("no theme of one's own was made: %v", err)
			}
		})
	}
}

// The smallest page docs/themes.md shows is a theme that works.
func TestThemeDocsSmallestPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "themes.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, page, ok := strings.Cut(string(data), "```html\n")
	if !ok {
		t.Fatal("docs/themes.md shows no page")
	}
	page, _, _ = strings.Cut(page, "```")
	dir := filepath.Join(t.TempDir(), "smallest")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "style.css"), []byte("body{margin:0}"), 0o644)
	out := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "--theme", dir, "-o", out); err != nil {
		t.Fatalf("build with the docs' page: %v %s", err, stderr)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{"<h1>Alex Rivera</h1>", `<section id="work">`, `<nav class="nav"`, "Download PDF"} {
		if !strings.Contains(string(index), want) {
			t.Errorf("the docs' page lacks %q", want)
		}
	}
}

// The README's gallery shows every built-in theme from small PNG files
// that are in the repository.
func TestREADMEGallery(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	images := regexp.MustCompile(`!\[[^\]]+\]\((docs/themes/[^)]+)\)`).FindAllStringSubmatch(string(data), -1)
	seen := map[string]bool{}
	for _, m := range images {
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(m[1])))
		if err != nil {
			t.Errorf("the README shows %s: %v", m[1], err)
			continue
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) > 200<<10 {
			t.Errorf("%s: not a PNG of at most 200 KB (%d bytes)", m[1], len(b))
		}
		seen[strings.SplitN(filepath.Base(m[1]), "-", 2)[0]] = true
	}
	for _, name := range theme.Names() {
		if !seen[name] {
			t.Errorf("the gallery does not show %s", name)
		}
	}
}
