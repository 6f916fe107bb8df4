package web

import (
	"net/http"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// visitRequest is the optional body of POST /api/visits.
type visitRequest struct {
	Path      string `json:"path"`
	Referrer  string `json:"referrer"`
	Automated bool   `json:"automated"`
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
