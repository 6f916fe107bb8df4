package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// pixelPath is the image a page without JavaScript loads to be counted.
const pixelPath = "/api/visits/pixel.gif"

// pixelGIF is a transparent 1x1 GIF.
var pixelGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// handlePixel counts a view without the page script and answers the
// pixel. The page is the query's p, else the Referer's path; the bot
// rules are the User-Agent's alone, as no script ran. The image is
// answered even when the view is not counted: a page must not show a
// broken image for the counter's sake.
func (s *server) handlePixel(w http.ResponseWriter, r *http.Request) {
	// The Referer of an image is the page that shows it: its query holds
	// the page's utm_ parameters.
	var query string
	path := r.URL.Query().Get("p")
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Path != "" {
		query = ref.RawQuery
		if path == "" {
			path = ref.Path
		}
	}
	_, err := s.cfg.Visits.Record(r.Context(), visits.View{
		IP:        s.clientIP(r),
		UserAgent: r.UserAgent(),
		Path:      path,
		Host:      r.Host,
		Query:     query,
		Country:   s.country(r),
	})
	var bad problem.Fields
	if err != nil && !errors.As(err, &bad) {
		s.log.Warn("visits: pixel", "err", err)
	}
	h := w.Header()
	h.Set("Content-Type", "image/gif")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(pixelGIF)
	}
}
