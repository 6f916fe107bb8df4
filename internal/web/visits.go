package web

import (
	"net/http"
	"strconv"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// visitRequest is the optional body of POST /api/visits. Every field is
// optional; a value the counter cannot use is dropped, not refused.
type visitRequest struct {
	Path      string `json:"path"`
	Referrer  string `json:"referrer"` // document.referrer
	Automated bool   `json:"automated"`
	Query     string `json:"query"` // location.search, for its utm_ parameters
	// Screen is window.screen.width.
	Screen screenWidth `json:"screen"`
}

// screenWidth is a width in CSS pixels, 0 when unknown: a string, a
// fraction or a number too large drops the value rather than the view.
type screenWidth int

// UnmarshalJSON sets w from raw, or to 0.
func (w *screenWidth) UnmarshalJSON(raw []byte) error {
	*w = 0
	if len(raw) == 0 || len(raw) > 8 {
		return nil
	}
	f, err := strconv.ParseFloat(string(raw), 64) // no copy: the conversion does not escape
	if err != nil || f < 0 || f > 1<<20 {
		return nil
	}
	*w = screenWidth(f)
	return nil
}

// country answers the viewer's country the trusted proxy (CloudFront)
// names, or "".
func (s *server) country(r *http.Request) string {
	if !s.cfg.ViewerCountry {
		return ""
	}
	return r.Header.Get("CloudFront-Viewer-Country")
}

// visitCounts is the public answer: bots are not shown to visitors.
type visitCounts struct {
	Visitors int64 `json:"visitors"`
	Views    int64 `json:"views"`
}

// handleVisitRecord records a page view and answers the counts after it.
func (s *server) handleVisitRecord(w http.ResponseWriter, r *http.Request) {
	var req visitRequest
	if err := s.decodeJSON(r, &req, true); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Visits.Record(r.Context(), visits.View{
		IP:        s.clientIP(r),
		UserAgent: r.UserAgent(),
		Path:      req.Path,
		Referrer:  req.Referrer,
		Automated: req.Automated,
		Host:      r.Host,
		Query:     req.Query,
		Screen:    int(req.Screen),
		Country:   s.country(r),
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, visitCounts{Visitors: c.Visitors, Views: c.Views})
}

// handleVisitCounts answers the counts without recording anything.
func (s *server) handleVisitCounts(w http.ResponseWriter, r *http.Request) {
	c, err := s.cfg.Visits.Counts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, visitCounts{Visitors: c.Visitors, Views: c.Views})
}
