package web

import (
	"net/http"
	"slices"
	"strings"
)

// corsMaxAge is how long, in seconds, a browser may keep a preflight's
// answer.
const corsMaxAge = "600"

// allowedOrigin returns the request's Origin when Config.CORS lists it.
func (s *server) allowedOrigin(r *http.Request) (string, bool) {
	o := r.Header.Get("Origin")
	return o, o != "" && slices.Contains(s.cfg.CORS, o)
}

// allowOrigins lets the pages of the configured origins read next's
// answers. Only public routes get it: no admin route answers another
// origin, so a page there can never use an owner's token.
func (s *server) allowOrigins(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		if o, ok := s.allowedOrigin(r); ok {
			h.Set("Access-Control-Allow-Origin", o)
		}
		next.ServeHTTP(w, r)
	})
}

// preflight answers a browser's OPTIONS request before a call from
// another origin: which of methods it may use, with a JSON body. An
// origin not configured gets no permission, so its page's call fails.
func (s *server) preflight(methods []string) http.Handler {
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Allow", allow+", OPTIONS")
		if o, ok := s.allowedOrigin(r); ok {
			h.Set("Access-Control-Allow-Origin", o)
			h.Set("Access-Control-Allow-Methods", allow)
			h.Set("Access-Control-Allow-Headers", "Content-Type")
			h.Set("Access-Control-Max-Age", corsMaxAge)
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
