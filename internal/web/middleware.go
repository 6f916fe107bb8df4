package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request. The client address is left out
// on purpose: it is personal data. The record carries no caller: it would
// always be this function, and finding it costs a stack walk per request.
func (s *server) logRequests(next http.Handler) http.Handler {
	h := s.log.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		ctx := r.Context()
		if !h.Enabled(ctx, slog.LevelInfo) {
			return
		}
		end := time.Now()
		rec := slog.NewRecord(end, slog.LevelInfo, "request", 0)
		rec.AddAttrs(slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes), slog.Float64("duration_ms", float64(end.Sub(start).Microseconds())/1000))
		h.Handle(ctx, rec)
	})
}

// recoverPanics turns a panic into a 500 and a log line.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.failMsg(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the security headers on every response: the API
// set on /api/, the page set elsewhere. A handler under /api/ that renders
// a page applies the page set itself.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	hstsValue := []string{hsts}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if isAPI(r) {
			s.apiHeaders.apply(h)
		} else {
			s.pageHeaders.apply(h)
		}
		if s.isHTTPS(r) {
			h["Strict-Transport-Security"] = hstsValue[:1:1]
		}
		next.ServeHTTP(w, r)
	})
}

// isAPI reports whether r is for the API, which has its own headers and
// rate limit, rather than for a page.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// isHTTPS reports whether the client reached the site over HTTPS.
func (s *server) isHTTPS(r *http.Request) bool {
	if r.TLS != nil || s.cfg.HTTPS {
		return true
	}
	return s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// limitBody bounds a route's request body to limit; reading past it fails
// with an error that fail answers as 413.
func (s *server) limitBody(next http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			s.fail(w, r, &http.MaxBytesError{Limit: limit})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// rateLimit answers 429 to a client that exceeds its rate on /api/; an
// IPv6 client is its /64.
func (s *server) rateLimit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			if ok, wait := s.limiter.Allow(ipKey(s.clientIP(r))); !ok {
				s.fail(w, r, &tooMany{wait: wait})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requireAdmin lets through only requests that Config.AdminAuth accepts
// or, without it, that carry the admin bearer token.
func (s *server) requireAdmin(next http.Handler) http.Handler {
	if s.cfg.AdminAuth != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := s.cfg.AdminAuth(r); err != nil {
				if errors.Is(err, problem.ErrUnauthorized) {
					// Why goes to the log only; the client learns nothing of it.
					s.log.InfoContext(r.Context(), "admin request refused", "path", r.URL.Path, "reason", err.Error())
				}
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	// Comparing hashes keeps the comparison constant-time whatever the
	// lengths.
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := BearerToken(r)
		got := sha256.Sum256([]byte(token))
		if s.cfg.AdminToken == "" || !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			s.fail(w, r, problem.ErrUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// BearerToken returns the token of r's "Authorization: Bearer" header. The
// scheme is case-insensitive (RFC 7235).
func BearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
