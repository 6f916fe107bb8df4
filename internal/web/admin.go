package web

import (
	"net/http"
	"strconv"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// Bounds of GET /api/admin/messages.
const (
	defaultMessageLimit = 100
	maxMessageLimit     = 1000
)

// messageList is the answer of GET /api/admin/messages: a page of
// messages, and the totals of the whole inbox.
type messageList struct {
	Messages []contact.Message `json:"messages"`
	contact.Counts
}

// handleMessageList answers the contact messages, newest first.
func (s *server) handleMessageList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	opts := contact.ListOptions{Limit: defaultMessageLimit}
	switch q.Get("unread") {
	case "", "0", "false":
	case "1", "true":
		opts.UnreadOnly = true
	default:
		s.fail(w, r, problem.Fields{"unread": "must be 1 or 0"})
		return
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxMessageLimit {
			s.fail(w, r, problem.Fields{"limit": "must be a number from 1 to 1000"})
			return
		}
		opts.Limit = n
	}
	store := s.cfg.Contact.Store
	msgs, err := store.List(r.Context(), opts)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := store.Counts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if msgs == nil {
		msgs = []contact.Message{}
	}
	s.writeJSON(w, http.StatusOK, messageList{Messages: msgs, Counts: c})
}

// handleMessageRead marks a message read.
func (s *server) handleMessageRead(w http.ResponseWriter, r *http.Request) {
	if err := s.cfg.Contact.Store.MarkRead(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleMessageRetry sends a failed message again.
func (s *server) handleMessageRetry(w http.ResponseWriter, r *http.Request) {
	if err := s.cfg.Contact.Retry(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
