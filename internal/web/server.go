package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/klauspost/compress/gzhttp"
)

// server holds what the handlers share.
type server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	limiter *limiter
}

// NewServer answers the handler of the whole site and API.
func NewServer(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	s := &server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux()}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, max(cfg.RateBurst, 1))
	}
	for _, rt := range s.routes() {
		if rt.off {
			continue
		}
		h := http.Handler(rt.handler)
		if rt.admin {
			h = s.requireAdmin(h)
		}
		s.mux.Handle(rt.method+" "+rt.path, h)
	}
	var h http.Handler = http.HandlerFunc(s.dispatch)
	h = s.rateLimit(h)
	h = s.limitBody(h)
	h = s.securityHeaders(h)
	h = compressReads(h)
	h = s.recoverPanics(h)
	return s.logRequests(h)
}

// compressReads gzips the answers to reads; the answers to writes are a
// few bytes of JSON, where compression would cost more than it saves.
func compressReads(next http.Handler) http.Handler {
	gz := gzhttp.GzipHandler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			gz.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// dispatch serves r with its route, answering the mux's own 404 and 405 as
// JSON like every other error.
func (s *server) dispatch(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		// Through the mux, not h: only ServeMux.ServeHTTP sets the path
		// values ({id}) that handlers read with r.PathValue.
		s.mux.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if allow := rec.Header().Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	switch rec.Code {
	case http.StatusMethodNotAllowed:
		s.writeErrorMsg(w, http.StatusMethodNotAllowed, "method not allowed")
	default:
		s.writeErrorMsg(w, http.StatusNotFound, "not found")
	}
}
