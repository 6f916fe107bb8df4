package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// badgeMaxAge is how long a cache may keep a badge: short, so it follows
// the counter, and long enough that a busy page costs one read a minute.
const badgeMaxAge = 60

// handleBadge answers the counter's visitors or views as an SVG badge. It
// reads the totals (one item), never a report over days.
func (s *server) handleBadge(w http.ResponseWriter, r *http.Request) {
	metric := r.URL.Query().Get("metric")
	if metric == "" {
		metric = "visitors"
	}
	if metric != "visitors" && metric != "views" {
		s.failQuery(w, r, problem.Fields{"metric": "must be visitors or views"})
		return
	}
	c, err := s.cfg.Visits.Counts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := c.Visitors
	if metric == "views" {
		n = c.Views
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(badgeMaxAge))
	w.Write(badgeSVG(metric, strconv.FormatInt(n, 10)))
}

// badgeSVG draws label and value as two boxes; both are ASCII of our own
// (the metric's name and digits), so nothing needs escaping. Widths are
// estimated at 7 px a character of an 11 px sans-serif.
func badgeSVG(label, value string) []byte {
	lw, vw := 10+7*len(label), 10+7*len(value)
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="%[1]d" height="20" role="img" aria-label="%[3]s: %[4]s">`+
		`<title>%[3]s: %[4]s</title>`+
		`<rect width="%[2]d" height="20" rx="3" fill="#555"/>`+
		`<rect x="%[2]d" width="%[5]d" height="20" rx="3" fill="#2b7a3d"/>`+
		`<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`+
		`<text x="%[6]d" y="14">%[3]s</text><text x="%[7]d" y="14">%[4]s</text></g></svg>`,
		lw+vw, lw, label, value, vw, lw/2, lw+vw/2)
}
