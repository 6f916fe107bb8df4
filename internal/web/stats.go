package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// DefaultStatsDays is the range GET /api/admin/stats reports without
// from and to: this many days ending today (UTC).
const DefaultStatsDays = 30

// maxUndelivered bounds each list of undelivered messages in the stats.
const maxUndelivered = 100

// StatsResponse is what the owner sees of the site's traffic: the all-time
// totals and top paths, the report of a range of days and, with the
// contact form on, the inbox counts and what was not delivered.
type StatsResponse struct {
	visits.Summary
	Report      visits.Report   `json:"report"`
	Contact     *contact.Counts `json:"contact,omitempty"`     // nil when the contact form is off
	Undelivered *Undelivered    `json:"undelivered,omitempty"` // nil when the contact form is off
}

// Undelivered is the messages the owner was not told of.
type Undelivered struct {
	Failed      []contact.Message `json:"failed"`       // refused for good
	LongPending []contact.Message `json:"long_pending"` // pending longer than contact.LongPending
}

// StatsQuery answers the report query of a stats request: from, to,
// dimension and limit, the last DefaultStatsDays days up to today (UTC)
// when neither day is given. It is not checked here; Counter.Report does.
func StatsQuery(q map[string][]string, now time.Time) (visits.Query, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	vq := visits.Query{From: get("from"), To: get("to"), Dimension: get("dimension")}
	if vq.From == "" && vq.To == "" {
		vq.From, vq.To = LastDays(now, DefaultStatsDays)
	}
	if v := get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > visits.MaxLimit {
			return vq, problem.Fields{"limit": "must be a number from 1 to " + strconv.Itoa(visits.MaxLimit)}
		}
		vq.Limit = n
	}
	return vq, nil
}

// LastDays answers the first and last day of the n days ending on now's
// UTC day.
func LastDays(now time.Time, n int) (from, to string) {
	day := now.UTC()
	return day.AddDate(0, 0, 1-n).Format(visits.DayLayout), day.Format(visits.DayLayout)
}

// handleStats answers StatsResponse for the range the query asks.
func (s *server) handleStats(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, err := StatsQuery(r.URL.Query(), s.now())
	if err != nil {
		s.failQuery(w, r, err)
		return
	}
	rep, err := s.cfg.Visits.Report(ctx, q)
	if err != nil {
		s.failQuery(w, r, err)
		return
	}
	sum, err := s.cfg.Visits.Summary(ctx, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := StatsResponse{Summary: sum, Report: rep}
	if s.cfg.Contact != nil {
		c, err := s.cfg.Contact.Store.Counts(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		u, err := s.cfg.Contact.Undelivered(ctx, maxUndelivered)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		resp.Contact = &c
		resp.Undelivered = &Undelivered{Failed: nonNil(u.Failed), LongPending: nonNil(u.LongPending)}
	}
	s.writeJSON(w, http.StatusOK, resp)
}

// nonNil answers msgs, or an empty list for nil, so JSON says [].
func nonNil(msgs []contact.Message) []contact.Message {
	if msgs == nil {
		return []contact.Message{}
	}
	return msgs
}

func (s *server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}
