// Package web is the HTTP side of cloudresume: one http.Handler that serves
// the site and the API, locally and on AWS Lambda alike.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// DefaultMaxBody bounds every request body.
const DefaultMaxBody = 16 << 10

// Config is what the server serves. A nil service turns its feature off.
type Config struct {
	Logger *slog.Logger
	Resume *resume.Resume
	// Theme is the theme of the pages; nil is the built-in theme the
	// resume's meta.theme names, else the default.
	Theme *theme.Theme
	// Photo is the resume's local photo, served at its URL; nil when
	// basics.image is a URL or not given.
	Photo *resume.Published
	// SiteURL is the public address of the site, for canonical links and
	// the sitemap; empty when unknown.
	SiteURL string
	Visits  *visits.Counter
	// Movies is the movies catalog; nil turns the movies API and page off.
	Movies movies.Store
	// MoviesPage serves the /movies HTML page of the catalog.
	MoviesPage bool

	// Contact takes the contact form's messages; nil turns the form and the
	// messages API off.
	Contact *contact.Service

	// AdminToken is the bearer token of the admin routes; empty turns them off.
	AdminToken string
	// AdminAuth, when set, checks admin requests in place of AdminToken (on
	// AWS: the Cognito JWT). It answers nil to let the request through; an
	// error wrapping problem.ErrUnauthorized answers 401, any other error is
	// the server's failure (500).
	AdminAuth func(*http.Request) error
	// CORS lists the origins (scheme://host[:port]) whose pages may call
	// the public API: visits, the contact form, movies, the resume. Admin
	// routes never answer another origin.
	CORS []string
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	// ViewerCountry takes a view's country from the CloudFront-Viewer-Country
	// header, which only a trusted CDN in front may set.
	ViewerCountry bool
	// HTTPS marks a server that is only reached over HTTPS (behind a TLS
	// proxy), so HSTS is sent even though the connection is plain.
	HTTPS bool
	// RateLimit is the sustained request rate allowed per client on /api/,
	// with RateBurst; zero turns the limit off.
	RateLimit rate.Limit
	RateBurst int
	// MaxBody bounds request bodies; zero means DefaultMaxBody.
	MaxBody int64
	// Now is the clock of the default stats range; nil is time.Now.
	Now func() time.Time
	// Badge serves GET /api/badge.svg, the public counter badge.
	Badge bool
	// Dashboard serves the owner's /admin page, which signs in as it
	// says; nil turns the page off.
	Dashboard *Dashboard
}
