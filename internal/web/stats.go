package web

import (
	"context"
	"net/http"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// statsResponse is what the owner sees of the site's traffic.
type statsResponse struct {
	visits.Summary
	Contact *contactStats `json:"contact,omitempty"` // nil when the contact form is off
}

// contactStats is the state of the contact inbox.
type contactStats struct {
	Unread int `json:"unread"` // messages not yet marked read
	// Failed counts the unread messages whose notification was given up:
	// the owner has not been told of them.
	Failed int   `json:"failed"`
	Spam   int64 `json:"spam"` // spam submissions refused so far
}

// handleStats answers the visit totals, bots included, the top paths and,
// with the contact form on, the inbox counts.
func (s *server) handleStats(w http.ResponseWriter, r *http.Request) {
	sum, err := s.cfg.Visits.Summary(r.Context(), 20)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := statsResponse{Summary: sum}
	if s.cfg.Contact != nil {
		if resp.Contact, err = inboxStats(r.Context(), s.cfg.Contact.Store); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.writeJSON(w, http.StatusOK, resp)
}

// inboxStats counts the unread messages and the spam. Only unread messages
// are read, so the cost stays with what the owner has not dealt with yet.
func inboxStats(ctx context.Context, store contact.Store) (*contactStats, error) {
	unread, err := store.List(ctx, contact.ListOptions{UnreadOnly: true})
	if err != nil {
		return nil, err
	}
	spam, err := store.SpamCount(ctx)
	if err != nil {
		return nil, err
	}
	st := &contactStats{Unread: len(unread), Spam: spam}
	for _, m := range unread {
		if m.Delivery.State == contact.Failed {
			st.Failed++
		}
	}
	return st, nil
}
