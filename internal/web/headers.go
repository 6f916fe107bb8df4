package web

import (
	"net/http"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// headerSet is a fixed set of response headers, built once with canonical
// names, which spares each response the work of Header.Set.
type headerSet http.Header

// apply sets every header of the set on h, replacing what h had.
func (set headerSet) apply(h http.Header) {
	for k, v := range set {
		h[k] = v[:1:1] // full slice: an Add by a handler copies, never writes into the set
	}
}

// hsts tells browsers to come back over HTTPS only, for two years,
// subdomains included.
const hsts = "max-age=63072000; includeSubDomains"

// SecurityHeaders returns the security headers a server of cfg reached
// over HTTPS sends with its pages and with its API answers, one value per
// name, so that a CDN in front of a site built from the same resume and
// theme can send exactly the same. apiOrigin is the origin of an API on
// another host that the pages call ("" when the API is on the site's own
// origin).
func SecurityHeaders(cfg Config, apiOrigin string) (page, api map[string]string) {
	return pageSecurity(newSite(cfg), policy{connect: apiOrigin, form: apiOrigin}).withHSTS(), apiSecurity().withHSTS()
}

// PagePolicy returns the Content-Security-Policy of the pages of cfg as a
// page's own <meta> element can carry it (which cannot hold
// frame-ancestors), for a built site whose host may send none.
func PagePolicy(cfg Config, apiOrigin string) string {
	var kept []string
	for d := range strings.SplitSeq(contentSecurityPolicy(newSite(cfg), policy{connect: apiOrigin, form: apiOrigin}), "; ") {
		if !strings.HasPrefix(d, "frame-ancestors ") {
			kept = append(kept, d)
		}
	}
	return strings.Join(kept, "; ")
}

// newSite returns the pages cfg describes.
func newSite(cfg Config) *resume.Site { return resume.NewSite(cfg.Resume, cfg.Theme) }

func (set headerSet) withHSTS() map[string]string {
	m := map[string]string{"Strict-Transport-Security": hsts}
	for k, v := range set {
		m[k] = v[0]
	}
	return m
}

// pageSecurity is the security header set of the site's pages: their own
// scripts and exactly their inline style, images from the site and from
// the photo's host, nothing else from anywhere but the origins of p, never
// framed.
func pageSecurity(site *resume.Site, p policy) headerSet {
	h := http.Header{}
	h.Set("Content-Security-Policy", contentSecurityPolicy(site, p))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	return headerSet(h)
}

// apiSecurity is the security header set of API answers: JSON loads
// nothing, is never framed and opens no window, so the policy forbids all.
func apiSecurity() headerSet {
	h := http.Header{}
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	return headerSet(h)
}

// policy names the origins besides the site's own that its pages reach.
type policy struct {
	connect string // the API's, when on another origin
	// form is where a form may post, or be redirected to after: the API's,
	// or the site's for a page that the API answers with (its thank-you
	// redirect goes there).
	form string
}

// contentSecurityPolicy allows the site's own script and exactly the
// inline style of its theme, images from the site and from the host of a
// photo given as a URL, and nothing from anywhere else but the origins of
// p.
func contentSecurityPolicy(site *resume.Site, p policy) string {
	style := "'self'"
	for _, h := range site.StyleHashes() {
		style += " " + h
	}
	img := "'self' data:"
	if p.connect != "" {
		img += " " + p.connect // the pixel, for a page without script
	}
	if site.Resume != nil {
		if o := site.Resume.PhotoOrigin(); o != "" {
			img += " " + o
		}
	}
	with := func(origin string) string {
		if origin == "" {
			return "'self'"
		}
		return "'self' " + origin
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src " + style,
		"img-src " + img,
		"connect-src " + with(p.connect),
		"form-action " + with(p.form),
		"frame-ancestors 'none'",
		"base-uri 'self'",
		"object-src 'none'",
	}, "; ")
}
