package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/pdf"
)

// pdfPath is where the resume's PDF is, on the server and in a built site.
const pdfPath = "/resume.pdf"

// pageOptions returns how the home page is rendered.
func (s *server) pageOptions() resume.PageOptions {
	opts := resume.PageOptions{
		SiteURL:    s.cfg.SiteURL,
		Counter:    s.cfg.Visits != nil,
		Contact:    s.contactForm(),
		MoviesLink: s.moviesPage(),
		PDF:        pdfPath,
	}
	if s.cfg.Photo != nil {
		opts.Photo = s.cfg.Photo.URL
	}
	return opts
}

// handleHome renders the resume page.
func (s *server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.renderHome(w, r, http.StatusOK, s.pageOptions())
}

// renderHome writes the resume page with opts and status.
func (s *server) renderHome(w http.ResponseWriter, r *http.Request, status int, opts resume.PageOptions) {
	var buf bytes.Buffer
	if err := s.site.RenderPage(&buf, opts); err != nil {
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

// handleAsset serves a static file of the theme.
func (s *server) handleAsset(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[r.URL.Path]
	if !ok {
		s.failMsg(w, r, http.StatusNotFound, "not found")
		return
	}
	typ := mime.TypeByExtension(path.Ext(f.Name))
	if typ == "" {
		typ = "application/octet-stream"
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(f.Data)
}

// pdfFile is the resume as a PDF, with its entity tag.
type pdfFile struct {
	data []byte
	etag string
}

// makePDF renders the resume as a PDF. The resume does not change while
// the server runs, so this is done once.
func (s *server) makePDF() (*pdfFile, error) {
	var b bytes.Buffer
	res, err := pdf.Write(&b, s.cfg.Resume, pdf.Options{})
	if err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	if len(res.Missing) > 0 {
		s.log.Warn("the PDF's fonts lack characters of the resume, printed as ?", "characters", string(res.Missing))
	}
	sum := sha256.Sum256(b.Bytes())
	return &pdfFile{data: b.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}, nil
}

// handlePDF answers the resume as a PDF, made at the first request.
func (s *server) handlePDF(w http.ResponseWriter, r *http.Request) {
	f, err := s.pdf()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+pdfName(s.cfg.Resume)+`"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// pdfName is the file name a browser saves the PDF as: "Alex-Rivera.pdf".
func pdfName(r *resume.Resume) string {
	var b strings.Builder
	for _, word := range strings.Fields(r.Basics.Name) {
		for _, c := range word {
			if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				b.WriteRune(c)
			}
		}
		b.WriteByte('-')
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "resume"
	}
	return name + ".pdf"
}

// handlePhoto serves the resume's local photo at its URL, which changes
// with its content, so it may be kept for good.
func (s *server) handlePhoto(w http.ResponseWriter, r *http.Request) {
	p := s.cfg.Photo
	if r.URL.Path != p.URL {
		s.failMsg(w, r, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Content-Type", p.Type)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(p.Data)
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
