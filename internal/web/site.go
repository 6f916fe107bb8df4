package web

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// pageOptions returns how the home page is rendered.
func (s *server) pageOptions() resume.PageOptions {
	return resume.PageOptions{
		SiteURL:    s.cfg.SiteURL,
		Counter:    s.cfg.Visits != nil,
		Contact:    s.contactForm(),
		MoviesLink: s.moviesPage(),
	}
}

// handleHome renders the resume page.
func (s *server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.renderHome(w, r, http.StatusOK, s.pageOptions())
}

// renderHome writes the resume page with opts and status.
func (s *server) renderHome(w http.ResponseWriter, r *http.Request, status int, opts resume.PageOptions) {
	var buf bytes.Buffer
	if err := resume.RenderPage(&buf, s.cfg.Resume, opts); err != nil {
		s.fail(w, r, fmt.Errorf("render page: %w", err))
		return
	}
	s.writePage(w, status, buf.Bytes())
}

// handleResumeJSON answers the resume as JSON Resume.
func (s *server) handleResumeJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.cfg.Resume.Raw())
}

// handleAsset serves a file of the theme.
func (s *server) handleAsset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	body, err := fs.ReadFile(resume.Assets(), name)
	if err != nil {
		s.failMsg(w, r, http.StatusNotFound, "not found")
		return
	}
	switch {
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case strings.HasSuffix(name, ".svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(body)
}

// handleRobots allows every crawler and names the sitemap.
func (s *server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(resume.Robots(s.cfg.SiteURL))
}

// handleSitemap lists the site's pages. Its URLs are absolute, from the
// configured site URL, never from the request's Host header, which the
// client chooses.
func (s *server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(resume.Sitemap(s.cfg.SiteURL, s.moviesPage()))
}

// moviesPage reports whether the /movies page is served.
func (s *server) moviesPage() bool { return s.cfg.Movies != nil && s.cfg.MoviesPage }
