package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzhttp"

	"github.com/cloudresume/cloudresume/internal/ratelimit"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// maxClients bounds the memory of the per-client rate limit.
const maxClients = 10000

// server holds what the handlers share.
type server struct {
	cfg              Config
	log              *slog.Logger
	mux              *http.ServeMux
	limiter          *ratelimit.Limiter
	pageHeaders      headerSet // security headers of pages
	apiHeaders       headerSet // security headers of API answers
	site             *resume.Site
	static           map[string]theme.File // the theme's files served at the root, by path
	dashboard        map[string][]byte     // the /admin page's files, by path without the leading /
	dashboardHeaders headerSet
	// pdf is the resume as a PDF, made at the first request for it.
	pdf func() (*pdfFile, error)
}

// NewServer answers the handler of the whole site and API.
func NewServer(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	s := &server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), site: newSite(cfg), apiHeaders: apiSecurity()}
	s.pageHeaders = pageSecurity(s.site, policy{form: siteOrigin(cfg.SiteURL)})
	s.static = map[string]theme.File{}
	for _, f := range s.site.Theme.Static() {
		s.static["/"+f.Name] = f
	}
	s.pdf = sync.OnceValues(s.makePDF)
	if cfg.Dashboard != nil {
		// The configuration was checked when it was loaded; a page that
		// cannot be made is left off, and said so.
		files, err := DashboardPage(*cfg.Dashboard)
		if err != nil {
			s.log.Error("the dashboard is off", "err", err)
			s.cfg.Dashboard = nil
		}
		s.dashboard, s.dashboardHeaders = files, dashboardSecurity(*cfg.Dashboard)
	}
	if cfg.RateLimit > 0 {
		s.limiter = &ratelimit.Limiter{
			Every:   time.Duration(float64(time.Second) / float64(cfg.RateLimit)),
			Burst:   max(cfg.RateBurst, 1),
			MaxKeys: maxClients,
		}
	}
	preflight := map[string][]string{} // path -> methods another origin may use
	for _, rt := range s.routes() {
		if rt.off {
			continue
		}
		h := s.limitBody(rt.handler, max(s.cfg.MaxBody, rt.maxBody))
		if rt.admin {
			h = s.requireAdmin(h)
		}
		if rt.cors && len(cfg.CORS) > 0 {
			h = s.allowOrigins(h)
			preflight[rt.path] = append(preflight[rt.path], rt.method)
		}
		s.mux.Handle(rt.method+" "+rt.path, h)
	}
	for path, methods := range preflight {
		s.mux.Handle("OPTIONS "+path, s.preflight(methods))
	}
	// Whatever no route serves lands here, so that a request is routed
	// once and the mux's own plain-text 404 and 405 never reach a client.
	s.mux.HandleFunc("/", s.unrouted)
	var h http.Handler = s.mux
	h = s.rateLimit(h)
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

// probeMethods are the methods unrouted tries to tell 405 from 404.
var probeMethods = [...]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
}

// unrouted answers a request that no route serves: 405 with Allow when the
// path has routes for other methods, else 404; both as JSON.
func (s *server) unrouted(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range probeMethods {
		if m == r.Method {
			continue
		}
		probe := *r
		probe.Method = m
		if _, pattern := s.mux.Handler(&probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.failMsg(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	s.failMsg(w, r, http.StatusNotFound, "not found")
}

// siteOrigin returns the origin of the site URL, or "".
func siteOrigin(siteURL string) string {
	u, err := url.Parse(siteURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
