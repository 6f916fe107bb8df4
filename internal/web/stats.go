package web

import (
	"net/http"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// statsResponse is what the owner sees of the site's traffic.
type statsResponse struct {
	visits.Summary
	Contact *contact.Counts `json:"contact,omitempty"` // nil when the contact form is off
}

// handleStats answers the visit totals, bots included, the top paths and,
// with the contact form on, the inbox counts.
func (s *server) handleStats(w http.ResponseWriter, r *http.Request) {
	sum, err := s.cfg.Visits.Summary(r.Context(), 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := statsResponse{Summary: sum}
	if s.cfg.Contact != nil {
		c, err := s.cfg.Contact.Store.Counts(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		resp.Contact = &c
	}
	s.writeJSON(w, http.StatusOK, resp)
}
