package resume

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

func TestBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site", "public") // Build creates missing parents
	r := example(t)
	if err := build(t, dir, r, PageOptions{SiteURL: "https://alexrivera.example.com", Counter: true}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("Build did not write %s: %v", name, err)
		}
		return string(b)
	}
	index := read("index.html")
	mustContain(t, index, "<h1>Alex Rivera</h1>", `<p class="visits" id="visits" hidden aria-live="polite"></p>`,
		`<script src="/counter.js" defer></script>`)
	if !strings.Contains(read("counter.js"), "/api/visits") || !strings.HasPrefix(read("favicon.svg"), "<svg") {
		t.Error("assets not copied")
	}
	if got, want := read("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://alexrivera.example.com/sitemap.xml\n"; got != want {
		t.Errorf("robots.txt = %q, want %q", got, want)
	}
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal([]byte(read("sitemap.xml")), &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if len(sm.URLs) != 1 || sm.URLs[0] != "https://alexrivera.example.com/" {
		t.Errorf("sitemap URLs = %v", sm.URLs)
	}
	resumeJSON := read("resume.json")
	if !json.Valid([]byte(resumeJSON)) || strings.TrimSpace(resumeJSON) != string(r.Raw()) {
		t.Errorf("resume.json is not the raw resume: %.100s", resumeJSON)
	}
	if _, err := Parse("resume.json", []byte(resumeJSON)); err != nil {
		t.Errorf("resume.json does not load: %v", err)
	}
}

func TestBuildWithoutSiteURL(t *testing.T) {
	dir := t.TempDir()
	if err := build(t, dir, example(t), PageOptions{MoviesLink: true}); err != nil {
		t.Fatal(err)
	}
	robots, _ := os.ReadFile(filepath.Join(dir, "robots.txt"))
	if string(robots) != "User-agent: *\nAllow: /\n" {
		t.Errorf("robots.txt = %q", robots)
	}
	// A sitemap's URLs must be absolute: without the site's, there is none.
	if _, err := os.Stat(filepath.Join(dir, "sitemap.xml")); !os.IsNotExist(err) {
		t.Errorf("sitemap.xml written without a site URL: %v", err)
	}
	// No contact form, no thank-you page.
	if _, err := os.Stat(filepath.Join(dir, "contact", "thanks", "index.html")); !os.IsNotExist(err) {
		t.Errorf("thank-you page written without a form: %v", err)
	}
}

func TestBuildWithContactForm(t *testing.T) {
	dir := t.TempDir()
	if err := build(t, dir, example(t), PageOptions{SiteURL: "https://cv.example.org", Contact: &ContactForm{}, MoviesLink: true}); err != nil {
		t.Fatal(err)
	}
	thanks, err := os.ReadFile(filepath.Join(dir, "contact", "thanks", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, string(thanks), Thanks, `href="https://cv.example.org/"`)
	sitemap, _ := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	mustContain(t, string(sitemap), "<loc>https://cv.example.org/</loc>", "<loc>https://cv.example.org/movies</loc>")
}

func TestBuildFailsOnUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := build(t, filepath.Join(file, "site"), example(t), PageOptions{}); err == nil {
		t.Error("Build under a regular file succeeded")
	}
}

func build(t *testing.T, dir string, r *Resume, opts PageOptions) error {
	t.Helper()
	return newSite(t, r, "").Build(dir, opts, nil)
}

func TestAssets(t *testing.T) {
	var names []string
	var js []byte
	for _, f := range newSite(t, example(t), "").Theme.Static() {
		names = append(names, f.Name)
		if f.Name == "counter.js" {
			js = f.Data
		}
	}
	if strings.Join(names, ",") != "counter.js,favicon.svg" {
		t.Errorf("assets = %v", names)
	}
	mustContain(t, string(js), `'/api/visits'`, `'/api/contact'`, `navigator.webdriver === true`,
		`keepalive: false`, `new AbortController()`, `meta[name="cloudresume-api"]`, `form.submit()`)
	// Errors stay quiet, and headless browsers count as people.
	mustNotContain(t, string(js), "console.error", "console.log", "HeadlessChrome")
	if node, err := exec.LookPath("node"); err == nil {
		path := filepath.Join(t.TempDir(), "counter.js")
		if err := os.WriteFile(path, js, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", path).CombinedOutput(); err != nil {
			t.Errorf("counter.js does not parse: %v\n%s", err, out)
		}
	}
}

// Build writes the theme's pages and files, the not-found page, and the
// photo under its published URL, which the page shows.
func TestBuildThemePhotoAndNotFound(t *testing.T) {
	dir := t.TempDir()
	th, err := theme.Open(themeDir(t, map[string]string{"static/logo.svg": "<svg>logo</svg>"}))
	if err != nil {
		t.Fatal(err)
	}
	photo := &Published{URL: "/photo/0011223344556677.jpg", Type: "image/jpeg", Data: []byte("\xff\xd8\xffjpeg")}
	if err := NewSite(example(t), th).Build(dir, PageOptions{PDF: "/resume.pdf"}, photo); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("Build did not write %s: %v", name, err)
		}
		return string(b)
	}
	mustContain(t, read("index.html"), `<img class="photo" src="/photo/0011223344556677.jpg"`, `href="/resume.pdf"`)
	if read("photo/0011223344556677.jpg") != string(photo.Data) || read("logo.svg") != "<svg>logo</svg>" || read("counter.js") == "" {
		t.Error("the photo or the theme's files are not written")
	}
	mustContain(t, read("404.html"), "<h1 id=\"notice-title\">Page not found</h1>", `<meta name="robots" content="noindex">`, "<style>")
}
