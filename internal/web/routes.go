package web

import (
	"net/http"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// route is one entry of the routing table.
type route struct {
	method  string
	path    string // a ServeMux path pattern
	admin   bool   // needs the admin bearer token
	page    bool   // part of the site, not the API
	off     bool   // its feature is not configured
	cors    bool   // a page on another origin may call it (Config.CORS)
	maxBody int64  // bound of the request body when above Config.MaxBody
	summary string
	handler http.HandlerFunc
}

// routes is the one list of everything the server answers.
func (s *server) routes() []route {
	return append([]route{
		{method: "GET", path: "/healthz", handler: s.handleHealth, summary: "liveness"},

		{method: "POST", path: "/api/visits", cors: true, handler: s.handleVisitRecord, off: s.cfg.Visits == nil,
			summary: "record a page view; answers the counts after it"},
		{method: "GET", path: pixelPath, handler: s.handlePixel, off: s.cfg.Visits == nil, summary: "a 1x1 GIF that counts a view without JavaScript; ?p=/path"},
		{method: "GET", path: "/api/visits", cors: true, handler: s.handleVisitCounts, off: s.cfg.Visits == nil,
			summary: "the counts, without recording anything"},
		{method: "GET", path: "/api/admin/stats", admin: true, handler: s.handleStats, off: s.cfg.Visits == nil,
			summary: "?from=&to=&dimension=&limit=: the report of a range of days (default the last 30), all-time totals, bots, top paths, the inbox's counts and undelivered messages"},
		{method: "GET", path: "/api/badge.svg", handler: s.handleBadge, off: s.cfg.Visits == nil || !s.cfg.Badge,
			summary: "?metric=visitors|views: the counter as an SVG badge (--badge)"},

		{method: "GET", path: "/api/movies/{id}", cors: true, handler: s.handleMovieGet, off: s.cfg.Movies == nil,
			summary: "the merged movie: info and ratings; 404 only when neither exists"},
		{method: "GET", path: "/api/movies", cors: true, handler: s.handleMovieList, off: s.cfg.Movies == nil,
			summary: "a page of movies in ID order, with a cursor"},
		{method: "PATCH", path: "/api/movies/{id}", admin: true, handler: s.handleMoviePatch, off: s.cfg.Movies == nil,
			summary: "set ratings {rotten_tomatoes_rating, imdb_rating}; answers the merged movie"},

		{method: "POST", path: contactPath, cors: true, handler: s.handleContact, off: s.cfg.Contact == nil, maxBody: contactMaxBody,
			summary: "a message {name, email, message, website, token}; stored before it is answered; JSON or an HTML form post"},
		{method: "GET", path: "/api/contact/token", cors: true, handler: s.handleContactToken, off: s.cfg.Contact == nil,
			summary: "a fresh form token, for a page that was built ahead of time"},
		{method: "GET", path: "/api/admin/messages", admin: true, handler: s.handleMessageList, off: s.cfg.Contact == nil,
			summary: "the contact messages, newest first; ?unread=1, ?limit=N"},
		{method: "POST", path: "/api/admin/messages/{id}/read", admin: true, handler: s.handleMessageRead, off: s.cfg.Contact == nil,
			summary: "mark a message read"},
		{method: "POST", path: "/api/admin/messages/{id}/retry", admin: true, handler: s.handleMessageRetry, off: s.cfg.Contact == nil,
			summary: "send a failed message again"},

		{method: "GET", path: "/api/resume", cors: true, handler: s.handleResumeJSON, off: s.cfg.Resume == nil,
			summary: "the owner's resume as JSON Resume"},

		{method: "GET", path: "/{$}", page: true, handler: s.handleHome, off: s.cfg.Resume == nil,
			summary: "the resume page"},
		{method: "GET", path: "/movies", page: true, handler: s.handleMoviesPage, off: s.cfg.Movies == nil || !s.cfg.MoviesPage,
			summary: "the movies catalog page"},
		{method: "GET", path: "/movies.css", page: true, handler: s.handleMoviesCSS, off: s.cfg.Movies == nil || !s.cfg.MoviesPage,
			summary: "the catalog page's style"},
		{method: "GET", path: "/resume.pdf", page: true, handler: s.handlePDF, off: s.cfg.Resume == nil,
			summary: "the resume as a PDF"},
		{method: "GET", path: "/" + resume.PhotoDir + "/{file}", page: true, handler: s.handlePhoto, off: s.cfg.Photo == nil,
			summary: "the resume's photo (basics.image), when it is a local file"},
		{method: "GET", path: thanksPath, page: true, handler: s.handleThanks, off: s.cfg.Contact == nil,
			summary: "the thank-you page a contact form posted without the script leads to"},
		{method: "GET", path: DashboardPath, page: true, handler: s.handleDashboard, off: s.cfg.Dashboard == nil,
			summary: "the owner's dashboard: visits over a range of days, the inbox, CSV export"},
		{method: "GET", path: DashboardPath + "/{file}", page: true, handler: s.handleDashboard, off: s.cfg.Dashboard == nil,
			summary: "the dashboard's script and style"},
		{method: "GET", path: "/robots.txt", page: true, handler: s.handleRobots, summary: "robots rules"},
		{method: "GET", path: "/sitemap.xml", page: true, handler: s.handleSitemap, off: s.cfg.SiteURL == "",
			summary: "the sitemap; its URLs are absolute, so it needs the site URL"},
	}, s.staticRoutes()...)
}

// staticRoutes serves the theme's static files, each at the site root.
func (s *server) staticRoutes() []route {
	files := resume.DefaultTheme(nil).Static() // what a server of no configuration would serve, for the listing
	if s.site != nil {
		files = s.site.Theme.Static()
	}
	var out []route
	for _, f := range files {
		summary := "a file of the theme"
		switch f.Name {
		case "counter.js":
			summary = "the page script"
		case "favicon.svg":
			summary = "the icon"
		}
		out = append(out, route{method: "GET", path: "/" + f.Name, page: true, handler: s.handleAsset, summary: summary})
	}
	return out
}

// RouteInfo describes one route for `cloudresume routes`.
type RouteInfo struct {
	Method string `json:"method"`
	// Path is the path as a client writes it, with {name} for a parameter.
	Path    string `json:"path"`
	Admin   bool   `json:"admin"`
	Summary string `json:"summary"`
}

func (rt route) info() RouteInfo {
	// "/{$}" is ServeMux's pattern for the root alone.
	return RouteInfo{Method: rt.method, Path: strings.TrimSuffix(rt.path, "{$}"), Admin: rt.admin, Summary: rt.summary}
}

// Routes answers the API routes (those the Lambda function serves; the
// pages are static files on a static host), whatever is configured.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&server{}).routes() {
		if rt.page {
			continue
		}
		out = append(out, rt.info())
	}
	return out
}

// PageRoutes answers the routes of the site's pages.
func PageRoutes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&server{}).routes() {
		if rt.page {
			out = append(out, rt.info())
		}
	}
	return out
}
