package web

import (
	"net/http"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// statsResponse is what the owner sees of the site's traffic.
type statsResponse struct {
	Visits   visits.Counts      `json:"visits"`
	TopPaths []visits.PathViews `json:"top_paths"`
}

// handleStats answers the visit totals, bots included, and the top paths.
func (s *server) handleStats(w http.ResponseWriter, r *http.Request) {
	c, err := s.cfg.Visits.Counts(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	top, err := s.cfg.Visits.TopPaths(r.Context(), 20)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if top == nil {
		top = []visits.PathViews{}
	}
	s.writeJSON(w, http.StatusOK, statsResponse{Visits: c, TopPaths: top})
}
