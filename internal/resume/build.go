package resume

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// Assets returns the static files served as they are at the site root:
// counter.js and favicon.svg.
func Assets() fs.FS { return theme.Static() }

// Build writes the static site into dir, creating it if needed:
// index.html (with the counter), counter.js, favicon.svg, robots.txt,
// sitemap.xml and resume.json (the document as loaded).
func Build(dir string, r *Resume, opts PageOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	opts.Counter = true
	var page bytes.Buffer
	if err := RenderPage(&page, r, opts); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	files := map[string][]byte{
		"index.html":  page.Bytes(),
		"robots.txt":  Robots(opts.SiteURL),
		"sitemap.xml": Sitemap(opts.SiteURL, opts.MoviesLink),
		"resume.json": append(append([]byte(nil), r.Raw()...), '\n'),
	}
	err := fs.WalkDir(Assets(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Assets(), name)
		files[name] = b
		return err
	})
	if err != nil {
		return fmt.Errorf("build: read assets: %w", err)
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("build: %w", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	return nil
}

// Robots returns robots.txt: everything may be crawled, and the sitemap is
// named when the site URL is known.
func Robots(siteURL string) []byte {
	b := []byte("User-agent: *\nAllow: /\n")
	if base := canonical(siteURL); base != "" {
		b = fmt.Appendf(b, "\nSitemap: %s\n", resolve(base, "/sitemap.xml"))
	}
	return b
}

// Sitemap returns sitemap.xml listing the site's pages: the resume, and
// the movies page when it is linked. Without a site URL the paths are
// relative to the site root.
func Sitemap(siteURL string, movies bool) []byte {
	base := canonical(siteURL)
	loc := func(path string) string {
		if base == "" {
			return path
		}
		return resolve(base, path)
	}
	pages := []string{"/"}
	if base != "" {
		pages[0] = base
	}
	if movies {
		pages = append(pages, loc("/movies"))
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range pages {
		b.WriteString("<url><loc>")
		_ = xml.EscapeText(&b, []byte(p)) // writes to a bytes.Buffer cannot fail
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}
