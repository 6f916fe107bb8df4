package theme

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func staticNames(t *Theme) []string {
	var names []string
	for _, f := range t.Static() {
		names = append(names, f.Name)
	}
	return names
}

func TestBuiltin(t *testing.T) {
	for _, name := range Names() {
		th, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if th.Name != name || th.Dir != "" {
			t.Errorf("%s: Name %q, Dir %q", name, th.Name, th.Dir)
		}
		if p := th.Page(); p.Name != name+"/page.html" || !strings.Contains(p.Text, "<!doctype html>") {
			t.Errorf("%s: page %s: %.60q", name, p.Name, p.Text)
		}
		if s := th.Style(); s.Name != name+"/style.css" || !strings.Contains(s.Text, "prefers-color-scheme:dark") {
			t.Errorf("%s: style %s", name, s.Name)
		}
		// The shared files fill in what a theme leaves out.
		if th.Notice().Name != "shared/notice.html" || th.Form().Name != "shared/form.html" {
			t.Errorf("%s: notice %s, form %s", name, th.Notice().Name, th.Form().Name)
		}
		if parts := th.Parts(); len(parts) != 1 || parts[0].Name != "shared/parts.html" {
			t.Errorf("%s: parts %v", name, parts)
		}
		if got := staticNames(th); !slices.Equal(got, []string{"counter.js", "favicon.svg"}) {
			t.Errorf("%s: static %v", name, got)
		}
	}
	if Names()[0] != Default {
		t.Errorf("the default %q is not first in %v", Default, Names())
	}
	_, err := Load("fancy")
	if err == nil || !strings.Contains(err.Error(), "classic, modern, compact") {
		t.Errorf("Load(fancy): %v", err)
	}
}

// writeTheme makes a theme directory with files (name -> content).
func writeTheme(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mytheme")
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOpen(t *testing.T) {
	dir := writeTheme(t, map[string]string{
		"page.html":          "<!doctype html>{{.Name}}",
		"style.css":          "body{color:red}",
		"notice.html":        "<!doctype html>{{.Title}}",
		"parts.html":         `{{define "entry"}}x{{end}}`,
		"static/favicon.svg": "<svg>mine</svg>",
		"static/logo.png":    "png",
	})
	th, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if th.Dir != dir || th.Name != dir {
		t.Errorf("Dir %q, Name %q", th.Dir, th.Name)
	}
	if th.Page().Name != filepath.ToSlash(dir)+"/page.html" || th.Style().Text != "body{color:red}" {
		t.Errorf("page %s, style %q", th.Page().Name, th.Style().Text)
	}
	if !strings.HasSuffix(th.Notice().Name, "mytheme/notice.html") || th.Form().Name != "shared/form.html" {
		t.Errorf("notice %s, form %s", th.Notice().Name, th.Form().Name)
	}
	if parts := th.Parts(); len(parts) != 2 || parts[0].Name != "shared/parts.html" || !strings.HasSuffix(parts[1].Name, "mytheme/parts.html") {
		t.Errorf("parts %v", parts)
	}
	if got := staticNames(th); !slices.Equal(got, []string{"counter.js", "favicon.svg", "logo.png"}) {
		t.Errorf("static %v", got)
	}
	for _, f := range th.Static() {
		if f.Name == "favicon.svg" && string(f.Data) != "<svg>mine</svg>" {
			t.Error("the theme's favicon does not replace the shared one")
		}
	}
	// The files are read when the theme is loaded, not at each page.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if th.Page().Text != "<!doctype html>{{.Name}}" {
		t.Error("the page was not kept")
	}
}

func TestOpenErrors(t *testing.T) {
	big := strings.Repeat("x", MaxFileSize+1)
	many := map[string]string{"page.html": "p", "style.css": "s"}
	for i := range MaxStaticFiles + 1 {
		many["static/f"+strings.Repeat("a", i+1)+".txt"] = "x"
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no page", map[string]string{"style.css": "s"}, "mytheme/page.html is missing: a theme has at least page.html and style.css"},
		{"no style", map[string]string{"page.html": "p"}, "mytheme/style.css is missing"},
		{"page too large", map[string]string{"page.html": big, "style.css": "s"}, "at most 1 MB"},
		{"reserved name", map[string]string{"page.html": "p", "style.css": "s", "static/resume.pdf": "x"}, "static/resume.pdf: the site serves this name itself"},
		{"directory in static", map[string]string{"page.html": "p", "style.css": "s", "static/img/a.png": "x"}, "static/img: not a file"},
		{"bad name", map[string]string{"page.html": "p", "style.css": "s", "static/my logo.png": "x"}, "may hold only letters"},
		{"hidden file", map[string]string{"page.html": "p", "style.css": "s", "static/.env": "x"}, "hidden files are not served"},
		{"static too large", map[string]string{"page.html": "p", "style.css": "s", "static/big.bin": big}, "at most 1 MB"},
		{"too many static files", many, "at most 50"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(writeTheme(t, c.files))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing directory: %v", err)
	}
}

func TestIsDir(t *testing.T) {
	for spec, want := range map[string]bool{"classic": false, "./mine": true, "themes/mine": true, "../t": true, "/abs/t": true, "modern": false} {
		if IsDir(spec) != want {
			t.Errorf("IsDir(%q) = %v", spec, !want)
		}
	}
}
