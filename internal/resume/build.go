package resume

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Build writes the static site into dir, creating it if needed:
// index.html, the theme's static files (counter.js, favicon.svg),
// robots.txt, resume.json (the document as loaded), 404.html, the photo
// when it is a local file, with a site URL sitemap.xml (whose URLs must be
// absolute), and with the contact form the thank-you page it leads to,
// contact/thanks/index.html.
func (s *Site) Build(dir string, opts PageOptions, photo *Published) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if photo != nil {
		opts.Photo = photo.URL
	}
	var page bytes.Buffer
	if err := s.RenderPage(&page, opts); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	r := s.Resume
	files := map[string][]byte{
		"index.html":  page.Bytes(),
		"robots.txt":  Robots(opts.SiteURL),
		"resume.json": append(append([]byte(nil), r.Raw()...), '\n'),
	}
	if photo != nil {
		files[strings.TrimPrefix(photo.URL, "/")] = photo.Data
	}
	if canonical(opts.SiteURL) != "" {
		files["sitemap.xml"] = Sitemap(opts.SiteURL, opts.MoviesLink)
	}
	notices := map[string]Notice{"404.html": NotFoundNotice(opts.SiteURL)}
	if opts.Contact != nil {
		notices["contact/thanks/index.html"] = ThanksNotice(opts.SiteURL)
	}
	for name, n := range notices {
		var b bytes.Buffer
		if err := s.RenderNotice(&b, n); err != nil {
			return fmt.Errorf("build: %w", err)
		}
		files[name] = b.Bytes()
	}
	for _, f := range s.Theme.Static() {
		files[f.Name] = f.Data
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
