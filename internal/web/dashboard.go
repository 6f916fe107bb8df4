package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

// dashboardFiles are the /admin page and its script and style.
//
//go:embed dashboard
var dashboardFiles embed.FS

// DashboardPath is where the owner's dashboard is served.
const DashboardPath = "/admin"

// Dashboard is how the /admin page signs in and where it finds the API.
// Without a Cognito client ID the page asks for the admin token.
type Dashboard struct {
	// APIURL is the origin of the API when it is not the page's own (a
	// built dashboard on another host); "" is the page's origin.
	APIURL string
	// CognitoClientID is the user pool's app client; set, the page signs
	// in with the pool's username and password.
	CognitoClientID string
	// CognitoRegion is the pool's region, for its endpoint.
	CognitoRegion string
	// CognitoEndpoint replaces https://cognito-idp.<region>.amazonaws.com/
	// (a local endpoint, for tests).
	CognitoEndpoint string
}

// endpoint answers the Cognito Identity Provider API the page calls; ""
// without Cognito.
func (d Dashboard) endpoint() string {
	if d.CognitoClientID == "" {
		return ""
	}
	return d.cognitoAPI()
}

// cognitoAPI answers the pool's endpoint, which the page's policy allows
// whenever the region is known: a CDN's headers are written before the
// deployment has made the app client.
func (d Dashboard) cognitoAPI() string {
	switch {
	case d.CognitoEndpoint != "":
		return d.CognitoEndpoint
	case d.CognitoRegion != "":
		return "https://cognito-idp." + d.CognitoRegion + ".amazonaws.com/"
	}
	return ""
}

// Check answers what is wrong with d, or nil.
func (d Dashboard) Check() error {
	for name, v := range map[string]string{"api url": d.APIURL, "cognito endpoint": d.CognitoEndpoint} {
		if v != "" && originOf(v) == "" {
			return fmt.Errorf("dashboard %s %q: want an absolute http(s) URL", name, v)
		}
	}
	if d.CognitoClientID != "" && d.CognitoRegion == "" && d.CognitoEndpoint == "" {
		return fmt.Errorf("dashboard: a Cognito client ID needs its region")
	}
	if strings.ContainsAny(d.CognitoClientID+d.CognitoRegion, " \"'<>&/") {
		return fmt.Errorf("dashboard: the Cognito client ID and region are names, not %q", d.CognitoClientID+" "+d.CognitoRegion)
	}
	return nil
}

// originOf answers the scheme://host of an absolute http(s) URL, or "".
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// dashboardSecurity is the security header set of the /admin page and its
// files: its own script and style only, and requests to its own origin,
// the API's and Cognito's.
func dashboardSecurity(d Dashboard) headerSet {
	connect := "'self'"
	for _, o := range []string{originOf(d.APIURL), originOf(d.cognitoAPI())} {
		if o != "" && !strings.Contains(connect, o) {
			connect += " " + o
		}
	}
	h := http.Header{}
	h.Set("Content-Security-Policy", strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"connect-src " + connect,
		"form-action 'none'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
	}, "; "))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	h.Set("Cache-Control", "no-cache")
	return headerSet(h)
}

// DashboardHeaders answers the headers of the /admin page and its files
// served over HTTPS, for a CDN that serves the built page.
func DashboardHeaders(d Dashboard) map[string]string {
	return dashboardSecurity(d).withHSTS()
}

// DashboardPage answers the files of the dashboard, by path under the site
// root: admin/index.html with d written into it, and its assets.
func DashboardPage(d Dashboard) (map[string][]byte, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	tmpl, err := template.ParseFS(dashboardFiles, "dashboard/index.html")
	if err != nil {
		return nil, fmt.Errorf("dashboard page: %w", err)
	}
	signIn := "token"
	if d.CognitoClientID != "" {
		signIn = "cognito"
	}
	var page bytes.Buffer
	if err := tmpl.Execute(&page, map[string]string{
		"API": strings.TrimSuffix(d.APIURL, "/"), "SignIn": signIn, "ClientID": d.CognitoClientID, "Endpoint": d.endpoint(),
	}); err != nil {
		return nil, fmt.Errorf("dashboard page: %w", err)
	}
	out := map[string][]byte{"admin/index.html": page.Bytes()}
	for _, name := range dashboardAssets {
		data, err := dashboardFiles.ReadFile("dashboard/" + name)
		if err != nil {
			return nil, fmt.Errorf("dashboard page: %w", err)
		}
		out["admin/"+name] = data
	}
	return out, nil
}

// dashboardAssets are the page's files besides itself.
var dashboardAssets = []string{"app.js", "chart.js", "app.css"}

// dashboardTypes are the content types of the dashboard's files.
var dashboardTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
}

// handleDashboard serves the /admin page and its files, made once at start.
func (s *server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	name := "admin/index.html"
	if r.URL.Path != DashboardPath {
		name = strings.TrimPrefix(r.URL.Path, "/")
	}
	data, ok := s.dashboard[name]
	if !ok {
		s.failMsg(w, r, http.StatusNotFound, "not found")
		return
	}
	s.dashboardHeaders.apply(w.Header())
	w.Header().Set("Content-Type", dashboardTypes[name[strings.LastIndexByte(name, '.'):]])
	w.Write(data)
}
