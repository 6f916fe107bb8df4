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
// index.html, counter.js, favicon.svg, robots.txt, resume.json (the
// document as loaded), with a site URL sitemap.xml (whose URLs must be
// absolute), and with the contact form the thank-you page it leads to,
// contact/thanks/index.html.
func Build(dir string, r *Resume, opts PageOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	var page bytes.Buffer
	if err := RenderPage(&page, r, opts); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	files := map[string][]byte{
		"index.html":  page.Bytes(),
		"robots.txt":  Robots(opts.SiteURL),
		"resume.json": append(append([]byte(nil), r.Raw()...), '\n'),
	}
	if canonical(opts.SiteURL) != "" {
		files["sitemap.xml"] = Sitemap(opts.SiteURL, opts.MoviesLink)
	}
	if opts.Contact != nil {
		var thanks bytes.Buffer
		if err := RenderNotice(&thanks, r, ThanksNotice(opts.SiteURL)); err != nil {
			return fmt.Errorf("build: %w", err)
		}
		files["contact/thanks/index.html"] = thanks.Bytes()
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
// the movies page when it is linked. A sitemap's URLs must be absolute:
// siteURL is the absolute URL of the site.
func Sitemap(siteURL string, movies bool) []byte {
	base := canonical(siteURL)
	pages := []string{base}
	if movies {
		pages = append(pages, resolve(base, "/movies"))
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
