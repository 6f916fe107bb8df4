package resume

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// themeDir makes a theme directory from the classic theme with files
// replaced or added (name -> content).
func themeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	classic, err := theme.Builtin("classic")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "mine")
	all := map[string]string{"page.html": classic.Page().Text, "style.css": classic.Style().Text}
	for k, v := range files {
		all[k] = v
	}
	for name, body := range all {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A theme's own errors are found by Check, with the file and line, before
// any visitor meets them: parse errors, and those that only running the
// template finds.
func TestCheckThemeErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"syntax", map[string]string{"page.html": "<!doctype html>\n<p>\n{{if .Name}\n"}, `mine/page.html:3: bad character U+007D '}'`},
		{"unknown field", map[string]string{"page.html": "<!doctype html>\n<html lang=\"en\">\n<h1>{{.Nmae}}</h1>\n"},
			`mine/page.html:3:6: executing "` + "%DIR%" + `/mine/page.html" at <.Nmae>: can't evaluate field Nmae`},
		{"unknown template", map[string]string{"page.html": "<!doctype html>\n\n{{template \"nope\" .}}"}, `mine/page.html:3:`},
		{"notice", map[string]string{"notice.html": "<!doctype html>\n{{.Nothing}}"}, `mine/notice.html:2:`},
		{"parts", map[string]string{"parts.html": "{{define \"entry\"}}\n{{end}"}, `mine/parts.html:2:`},
		{"unsafe context", map[string]string{"page.html": "<!doctype html>\n<a href=\"{{.Name}}\"{{if .Label}} x=\"{{end}}>"}, `mine/page.html:2:`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := themeDir(t, c.files)
			th, err := theme.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			err = NewSite(example(t), th).Check()
			want := strings.ReplaceAll(c.want, "%DIR%", filepath.Dir(dir))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Check: %v, want %q", err, want)
			}
			// The error starts with the file, as problems do.
			if !strings.HasPrefix(err.Error(), filepath.Dir(dir)) {
				t.Errorf("error does not start with the file: %v", err)
			}
		})
	}
	// A theme that only restyles, and one that redefines a partial.
	for _, files := range []map[string]string{
		{"style.css": "body{color:teal}"},
		{"parts.html": `{{define "entry"}}<article class="mine"><h3>{{.Title}}</h3></article>{{end}}`},
	} {
		th, err := theme.Open(themeDir(t, files))
		if err != nil {
			t.Fatal(err)
		}
		s := NewSite(example(t), th)
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := s.RenderPage(&b, PageOptions{}); err != nil {
			t.Fatal(err)
		}
		if files["parts.html"] != "" && strings.Count(b.String(), `<article class="mine">`) < 10 {
			t.Error("the theme's entry does not replace the shared one")
		}
		if files["style.css"] != "" && !strings.Contains(b.String(), "<style>body{color:teal}</style>") {
			t.Error("the theme's style is not inlined")
		}
	}
}

func TestChooseTheme(t *testing.T) {
	r := example(t)
	for _, c := range []struct{ flag, meta, want string }{
		{"", "", "classic"},
		{"", "modern", "modern"},
		{"compact", "modern", "compact"}, // the flag wins
		{"", "jsonresume-theme-even", "classic"},
	} {
		r.Meta.Theme = c.meta
		th, err := ChooseTheme(c.flag, r)
		if err != nil || th.Name != c.want {
			t.Errorf("--theme %q, meta.theme %q: %v, %v; want %s", c.flag, c.meta, th, err, c.want)
		}
		if got := NewSite(r, nil).Theme.Name; c.flag == "" && got != c.want {
			t.Errorf("NewSite with meta.theme %q: %s", c.meta, got)
		}
	}
	if _, err := ChooseTheme("fancy", r); err == nil {
		t.Error("an unknown theme was chosen")
	}
}

// Every built-in theme's page is the resume's in the same structure:
// one h1, the sections in order under h2, an h3 per entry, the menu that
// works without a script, the PDF link, and the theme's name.
func TestEveryThemeRendersTheContract(t *testing.T) {
	r := example(t)
	for _, name := range theme.Names() {
		page := renderIn(t, name, r, PageOptions{Counter: true, MoviesLink: true, PDF: "/resume.pdf", Photo: "/photo/ab.jpg", Contact: &ContactForm{}})
		mustContain(t, page, `<body class="`+name+`">`, "<h1>Alex Rivera</h1>", `<main id="main" tabindex="-1">`,
			`<nav class="nav" aria-label="Sections">`, `<details class="nav-menu"><summary>Menu</summary>`,
			`<li class="more"><details><summary>More</summary>`,
			`<a class="pdf" href="/resume.pdf" type="application/pdf" download>Download PDF</a>`,
			`<img class="photo" src="/photo/ab.jpg" alt="" width="160" height="160">`,
			`<section id="contact" aria-labelledby="contact-title">`, `<p class="visits" id="visits" hidden aria-live="polite"></p>`,
			`<a href="https://northwind.example.com">Northwind Cloud</a> <span class="about">Managed hosting for online retailers</span>`,
			"Seattle, Washington, United States", `<time datetime="2021-04">Apr 2021</time> – Present`)
		if strings.Count(page, "<h1") != 1 {
			t.Errorf("%s: %d h1", name, strings.Count(page, "<h1"))
		}
		h2 := regexp.MustCompile(`<section id="(\w+)"[^>]*>\n<h2`).FindAllStringSubmatch(page, -1)
		var ids []string
		for _, m := range h2 {
			if m[1] != "contact" && m[1] != "details" { // the form, and modern's contact details
				ids = append(ids, m[1])
			}
		}
		want := []string{"about", "work", "projects", "skills", "education", "certificates", "awards", "publications", "volunteer", "languages", "interests", "references"}
		if name == "modern" { // the sidebar's sections come first
			want = []string{"skills", "languages", "interests", "about", "work", "projects", "education", "certificates", "awards", "publications", "volunteer", "references"}
		}
		if strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Errorf("%s: sections %v", name, ids)
		}
		if got, want := strings.Count(page, "<h3>"), 20; got != want {
			t.Errorf("%s: %d h3, want %d (one per entry)", name, got, want)
		}
	}
}

func TestSectionsOrderAndLabelsOnThePage(t *testing.T) {
	r := example(t)
	r.Meta.Sections = []string{"education", "work"}
	r.Meta.SectionLabels = map[string]string{"work": "Berufserfahrung", "about": "Profil"}
	for _, name := range theme.Names() {
		page := renderIn(t, name, r, PageOptions{})
		mustContain(t, page, "<h2>Profil</h2>", "<h2>Berufserfahrung</h2>", `<li><a href="#work">Berufserfahrung</a></li>`)
		mustNotContain(t, page, `id="skills"`, `id="projects"`, `href="#skills"`)
		if strings.Index(page, `id="education"`) > strings.Index(page, `id="work"`) {
			t.Errorf("%s: meta.sections order not kept", name)
		}
	}
}

// The navigation's row holds the first sections; the others are under
// "More", and all are in the small screens' menu.
func TestNavigation(t *testing.T) {
	v := &pageView{View: NewView(example(t))}
	v.navigation(PageOptions{Contact: &ContactForm{}, MoviesLink: true})
	texts := func(ls []linkView) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Text)
		}
		return strings.Join(out, ",")
	}
	if got := texts(v.NavMain); got != "About,Experience,Projects,Skills,Education" {
		t.Errorf("row: %s", got)
	}
	if got := texts(v.NavMore); got != "Certificates,Awards,Publications,Volunteering,Languages,Interests,References" {
		t.Errorf("more: %s", got)
	}
	if got := texts(v.NavEnd); got != "Contact,Movies" {
		t.Errorf("end: %s", got)
	}
	if len(v.Nav) != 14 {
		t.Errorf("menu: %s", texts(v.Nav))
	}
	// Six sections fit without a "More" of one.
	r := example(t)
	r.Meta.Sections = []string{"work", "projects", "skills", "education", "awards"}
	v = &pageView{View: NewView(r)}
	v.navigation(PageOptions{})
	if len(v.NavMain) != 6 || len(v.NavMore) != 0 {
		t.Errorf("row %s, more %s", texts(v.NavMain), texts(v.NavMore))
	}
}

func TestThemeColors(t *testing.T) {
	y := `basics: {name: Ada}
meta:
  theme: modrn
  themeOptions:
    colors:
      accent: ["#8a2be2", "#d8b4fe"]
      background: ivory
      primry: "#000"
`
	assertProblems(t, warningsOf(t, "r.yaml", y),
		`r.yaml:3: warning: meta.theme: "modrn" is not a built-in theme (classic, modern, compact) (did you mean "modern"?); the site is shown in classic (a theme directory is given with --theme)`,
		`r.yaml:8: warning: meta.themeOptions.colors.primry: "primry" is not a colour of the themes (accent, background, dimmed, primary, secondary) (did you mean "primary"?); it is ignored`,
	)
	r, err := Parse("r.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Meta.ThemeOptions.Colors; len(c["accent"]) != 2 || len(c["background"]) != 1 || c["background"][0] != "ivory" {
		t.Errorf("colors = %v", c)
	}
	for _, bad := range []struct{ yaml, want string }{
		{`accent: "red;}body{display:none"`, `r.yaml:5: meta.themeOptions.colors.accent[0]: "red;}body{display:none" is not a colour`},
		{`accent: "</style><script>"`, `meta.themeOptions.colors.accent[0]: "</style><script>" is not a colour`},
		{`accent: ["#fff", "#000", "#111"]`, `meta.themeOptions.colors.accent: want one colour, or two: [light, dark]`},
		{`accent: "#12345"`, `"#12345" is not a colour`},
		{`accent: 12`, `meta.themeOptions.colors.accent: expected an array, got a number`},
	} {
		y := "basics: {name: Ada}\nmeta:\n  themeOptions:\n    colors:\n      " + bad.yaml + "\n"
		ps := problemsOf(t, "r.yaml", y)
		if len(ps) == 0 || !strings.Contains(ps[0], bad.want) {
			t.Errorf("%s: problems %v, want %q", bad.yaml, ps, bad.want)
		}
	}
	// What a page cannot take never reaches its style.
	css := colorCSS(ThemeOptions{Colors: map[string]Color{"accent": {"red;}body{x"}, "primary": {"#123"}}})
	if css != "\n@media screen{:root{--fg:#123}}" {
		t.Errorf("colorCSS = %q", css)
	}
}

func TestPhotoPublish(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "me.png"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &Resume{Basics: Basics{Name: "Ada", Image: "me.png"}}
	ph, err := r.Photo(dir)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ph.Publish()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/photo/[0-9a-f]{16}\.png$`).MatchString(pub.URL) || pub.Type != "image/png" || !bytes.Equal(pub.Data, b.Bytes()) {
		t.Errorf("published %s %s, %d bytes", pub.URL, pub.Type, len(pub.Data))
	}
	// Another photo is another URL.
	if err := os.WriteFile(filepath.Join(dir, "me.png"), append(b.Bytes(), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if again, err := ph.Publish(); err != nil || again.URL == pub.URL {
		t.Errorf("a changed photo: %v, %v", again, err)
	}
	// A file that stopped being an image is refused.
	if err := os.WriteFile(filepath.Join(dir, "me.png"), []byte("GIF89a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ph.Publish(); err == nil {
		t.Error("a photo that is no longer a PNG was published")
	}
	// The page shows the published URL, and an https photo as it is.
	mustContain(t, render(t, r, PageOptions{Photo: pub.URL}), `src="`+pub.URL+`"`)
	r.Basics.Image = "https://img.example.com/ada.jpg"
	mustContain(t, render(t, r, PageOptions{}), `src="https://img.example.com/ada.jpg"`)
	if o := r.PhotoOrigin(); o != "https://img.example.com" {
		t.Errorf("PhotoOrigin = %q", o)
	}
	for _, image := range []string{"http://img.example.com/a.jpg", "me.png", "", "https://u:p@img.example.com/a.jpg"} {
		r.Basics.Image = image
		if o := r.PhotoOrigin(); o != "" {
			t.Errorf("PhotoOrigin of %q = %q", image, o)
		}
		if image != "me.png" {
			mustNotContain(t, render(t, r, PageOptions{}), `class="photo"`)
		}
	}
}
