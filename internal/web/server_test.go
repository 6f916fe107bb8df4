package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"

// testDB opens a fresh SQLite database for one test.
func testDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// testConfig answers a Config with the example resume and a real visit
// store; edit may change it before the server is built.
func testConfig(t *testing.T) Config {
	t.Helper()
	res, err := resume.Parse("example.yaml", resume.Example())
	if err != nil {
		t.Fatal(err)
	}
	vs, err := sqlite.NewVisitStore(context.Background(), testDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.Close() })
	return Config{Resume: res, Visits: visits.NewCounter(vs), AdminToken: "s3cret-admin-token"}
}

// do sends one request to h and answers the recorded response.
func do(t *testing.T, h http.Handler, method, target, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	req.Header.Set("User-Agent", browserUA)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decode parses a JSON response body into v.
func decode(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
}

func TestVisitsAPI(t *testing.T) {
	h := NewServer(testConfig(t))
	var got visitCounts
	for i, want := range []visitCounts{{1, 1}, {1, 2}} {
		rec := do(t, h, "POST", "/api/visits", `{"path":"/","referrer":""}`, "Content-Type", "application/json")
		if rec.Code != http.StatusOK {
			t.Fatalf("hit %d: status %d: %s", i, rec.Code, rec.Body)
		}
		decode(t, rec, &got)
		if got != want {
			t.Fatalf("hit %d: %+v, want %+v", i, got, want)
		}
	}
	// Another browser is another visitor; an empty body is allowed.
	rec := do(t, h, "POST", "/api/visits", "", "User-Agent", "Mozilla/5.0 (Macintosh) Firefox/130.0")
	decode(t, rec, &got)
	if got != (visitCounts{2, 3}) {
		t.Fatalf("second browser: %+v", got)
	}
	// Crawlers and automated browsers are kept apart.
	do(t, h, "POST", "/api/visits", `{}`, "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	do(t, h, "POST", "/api/visits", `{"automated":true}`)
	rec = do(t, h, "GET", "/api/visits", "")
	decode(t, rec, &got)
	if got != (visitCounts{2, 3}) {
		t.Fatalf("after bots: %+v, want unchanged", got)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control = %q", cc)
	}
}

func TestErrors(t *testing.T) {
	h := NewServer(testConfig(t))
	cases := []struct {
		name, method, target, body string
		status                     int
		errPart                    string
	}{
		{"bad json", "POST", "/api/visits", `{"path":`, 400, "not valid JSON"},
		{"unknown field", "POST", "/api/visits", `{"pth":"/"}`, 400, "unknown field"},
		{"trailing data", "POST", "/api/visits", `{} {}`, 400, "after the JSON value"},
		{"bad path", "POST", "/api/visits", `{"path":"nope"}`, 422, "invalid input"},
		{"too big", "POST", "/api/visits", `{"path":"/","referrer":"` + strings.Repeat("x", 17<<10) + `"}`, 413, "larger than"},
		{"unknown route", "GET", "/api/nothing", "", 404, "not found"},
		{"wrong method", "DELETE", "/api/visits", "", 405, "method not allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := do(t, h, c.method, c.target, c.body)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			var body errorBody
			decode(t, rec, &body)
			if !strings.Contains(body.Error, c.errPart) {
				t.Fatalf("error %q does not mention %q", body.Error, c.errPart)
			}
			if c.status == 422 && body.Problems["path"] == "" {
				t.Fatalf("problems = %v, want one for path", body.Problems)
			}
			if c.status == 405 {
				allow := rec.Header().Get("Allow")
				if !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
					t.Fatalf("Allow = %q", allow)
				}
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	cfg := testConfig(t)
	cfg.TrustProxy = true
	h := NewServer(cfg)
	for _, target := range []string{"/", "/healthz", "/api/visits", "/api/nothing", "/counter.js"} {
		rec := do(t, h, "GET", target, "")
		hd := rec.Header()
		csp := hd.Get("Content-Security-Policy")
		// Pages may load their own scripts; API answers nothing at all.
		scripts := "script-src 'self'"
		if strings.HasPrefix(target, "/api/") {
			scripts = "default-src 'none'"
		}
		if !strings.Contains(csp, scripts) || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", target, csp)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy", target)
		}
		if hd.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", target)
		}
	}
	rec := do(t, h, "GET", "/healthz", "", "X-Forwarded-Proto", "https")
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS behind an HTTPS proxy")
	}
}

// SecurityHeaders is what a CDN in front of a built site is told to send,
// so it must be exactly what the server itself sends over HTTPS.
func TestSecurityHeadersExported(t *testing.T) {
	cfg := testConfig(t)
	cfg.HTTPS = true
	h := NewServer(cfg)
	page, api := SecurityHeaders(cfg, "")
	for target, want := range map[string]map[string]string{"/": page, "/counter.js": page, "/api/visits": api, "/api/nothing": api} {
		hd := do(t, h, "GET", target, "").Header()
		for name, value := range want {
			if got := hd.Values(name); len(got) != 1 || got[0] != value {
				t.Errorf("%s: %s = %q, SecurityHeaders says %q", target, name, got, value)
			}
		}
		for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Strict-Transport-Security"} {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: SecurityHeaders leaves out %s", target, name)
			}
		}
	}
	if page["Content-Security-Policy"] == api["Content-Security-Policy"] {
		t.Error("pages and API answers have the same CSP")
	}
}

func TestRateLimit(t *testing.T) {
	cfg := testConfig(t)
	cfg.RateLimit, cfg.RateBurst = 1, 3
	h := NewServer(cfg)
	for i := range 3 {
		if rec := do(t, h, "GET", "/api/visits", ""); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := do(t, h, "GET", "/api/visits", "")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("4th request: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	// Pages are not limited, and other clients have their own bucket.
	if rec := do(t, h, "GET", "/healthz", ""); rec.Code != 200 {
		t.Fatalf("healthz limited: %d", rec.Code)
	}
	req := httptest.NewRequest("GET", "/api/visits", nil)
	req.RemoteAddr = "203.0.113.50:4242"
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("another client limited: %d", rec.Code)
	}
}

// TestRateLimitIPv6 checks that the addresses of one IPv6 /64, which one
// subscriber holds whole, share one bucket, and another /64 has its own.
func TestRateLimitIPv6(t *testing.T) {
	cfg := testConfig(t)
	cfg.RateLimit, cfg.RateBurst = 1, 3
	h := NewServer(cfg)
	get := func(addr string) int {
		req := httptest.NewRequest("GET", "/api/visits", nil)
		req.RemoteAddr = "[" + addr + "]:4242"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 3 {
		if code := get(fmt.Sprintf("2001:db8:1:2::%x", i+1)); code != 200 {
			t.Fatalf("request %d: %d", i, code)
		}
	}
	if code := get("2001:db8:1:2:ffff:ffff:ffff:ffff"); code != http.StatusTooManyRequests {
		t.Fatalf("4th request from the same /64, another address: %d, want 429", code)
	}
	if code := get("2001:db8:1:3::1"); code != 200 {
		t.Fatalf("another /64 limited: %d", code)
	}
}

func TestAdminStats(t *testing.T) {
	h := NewServer(testConfig(t))
	do(t, h, "POST", "/api/visits", `{"path":"/"}`)
	do(t, h, "POST", "/api/visits", `{"path":"/movies"}`, "User-Agent", "curl/8.5.0")
	for _, auth := range []string{"", "Bearer wrong", "s3cret-admin-token", "Basic s3cret-admin-token"} {
		rec := do(t, h, "GET", "/api/admin/stats", "", "Authorization", auth)
		if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
			t.Fatalf("auth %q: status %d", auth, rec.Code)
		}
	}
	rec := do(t, h, "GET", "/api/admin/stats", "", "Authorization", "Bearer s3cret-admin-token")
	var st StatsResponse
	decode(t, rec, &st)
	if st.Visits != (visits.Counts{Visitors: 1, Views: 1, Bots: 1}) || len(st.TopPaths) != 1 || st.TopPaths[0].Path != "/" {
		t.Fatalf("stats = %+v", st)
	}
	// With no token configured the admin API is closed to everyone.
	cfg := testConfig(t)
	cfg.AdminToken = ""
	if rec := do(t, NewServer(cfg), "GET", "/api/admin/stats", "", "Authorization", "Bearer "); rec.Code != 401 {
		t.Fatalf("empty token: %d", rec.Code)
	}
}

// TestAdminTokenScheme: the scheme of Authorization is case-insensitive
// (RFC 7235), and spaces around the token do not matter.
func TestAdminTokenScheme(t *testing.T) {
	h := NewServer(testConfig(t))
	for auth, want := range map[string]int{
		"Bearer s3cret-admin-token":       200,
		"bearer s3cret-admin-token":       200,
		"BEARER s3cret-admin-token":       200,
		"bEaReR   s3cret-admin-token  ":   200,
		"Bearers3cret-admin-token":        401,
		"Basic s3cret-admin-token":        401,
		"bearer":                          401,
		"bearer s3cret-admin-token-not":   401,
		"s3cret-admin-token bearer":       401,
		"Bearer s3cret-admin-token extra": 401,
	} {
		if rec := do(t, h, "GET", "/api/admin/stats", "", "Authorization", auth); rec.Code != want {
			t.Errorf("Authorization %q: %d, want %d", auth, rec.Code, want)
		}
	}
}

func TestClientIP(t *testing.T) {
	for _, c := range []struct {
		trust  bool
		remote string
		xff    []string
		want   string
	}{
		{false, "192.0.2.1:1234", []string{"198.51.100.1"}, "192.0.2.1"},
		{true, "192.0.2.1:1234", []string{"198.51.100.1"}, "198.51.100.1"},
		{true, "192.0.2.1:1234", []string{"6.6.6.6, 198.51.100.2"}, "198.51.100.2"},
		{true, "192.0.2.1:1234", []string{"garbage"}, "192.0.2.1"},
		{true, "192.0.2.1:1234", nil, "192.0.2.1"},
	} {
		s := &server{cfg: Config{TrustProxy: c.trust}}
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.remote
		for _, v := range c.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientIP(req); got != c.want {
			t.Errorf("%+v: clientIP = %q", c, got)
		}
	}
}

func TestSite(t *testing.T) {
	cfg := testConfig(t)
	cfg.SiteURL = "https://jane.example"
	h := NewServer(cfg)
	rec := do(t, h, "GET", "/", "")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("home: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Body.String(), `src="/counter.js"`) {
		t.Fatal("home page lacks the counter script")
	}
	rec = do(t, h, "GET", "/", "", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("home page not compressed for a gzip client")
	}
	rec = do(t, h, "GET", "/api/resume", "")
	var doc map[string]any
	decode(t, rec, &doc)
	if _, ok := doc["basics"]; !ok {
		t.Fatalf("resume JSON lacks basics: %s", rec.Body)
	}
	if rec := do(t, h, "GET", "/counter.js", ""); rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
		t.Fatalf("counter.js: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec := do(t, h, "GET", "/robots.txt", ""); !strings.Contains(rec.Body.String(), "Sitemap: https://jane.example/sitemap.xml") {
		t.Fatalf("robots.txt: %s", rec.Body)
	}
	if rec := do(t, h, "GET", "/sitemap.xml", ""); !strings.Contains(rec.Body.String(), "<loc>https://jane.example/</loc>") {
		t.Fatalf("sitemap: %s", rec.Body)
	}
}

func TestRoutesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, rt := range Routes() {
		key := rt.Method + " " + rt.Path
		if seen[key] {
			t.Fatalf("route %s listed twice", key)
		}
		seen[key] = true
		if !strings.HasPrefix(rt.Path, "/api/") && rt.Path != "/healthz" {
			t.Errorf("API route %s outside /api/", key)
		}
		if strings.HasPrefix(rt.Path, "/api/admin/") != rt.Admin && rt.Method != "PATCH" {
			t.Errorf("route %s: admin = %v", key, rt.Admin)
		}
	}
	for _, want := range []string{"POST /api/visits", "GET /api/visits", "GET /api/resume", "GET /healthz"} {
		if !seen[want] {
			t.Errorf("route %s missing", want)
		}
	}
}

// No URL is ever taken from the Host header, which the client chooses:
// without a site URL there is no sitemap, and with one the sitemap names
// it alone, whatever the request says.
func TestSitemapIgnoresHost(t *testing.T) {
	h := NewServer(testConfig(t))
	req := httptest.NewRequest("GET", "/sitemap.xml", nil)
	req.Host = "evil.example"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "evil.example") {
		t.Errorf("sitemap without a site URL: %d %s", rec.Code, rec.Body)
	}
	cfg := testConfig(t)
	cfg.SiteURL = "https://cv.example.org"
	h = NewServer(cfg)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "evil.example") || !strings.Contains(rec.Body.String(), "<loc>https://cv.example.org/</loc>") {
		t.Errorf("sitemap with a site URL: %d %s", rec.Code, rec.Body)
	}
}

// A body over its bound is a 413 whether it comes with a length or
// chunked, a form or JSON.
func TestChunkedBodyOverTheBound(t *testing.T) {
	e := newContactEnv(t)
	for _, c := range []struct{ path, ct, body string }{
		{"/api/contact", "application/x-www-form-urlencoded", "name=Ada&email=ada%40example.org&message=" + strings.Repeat("x", 70<<10)},
		{"/api/contact", "application/json", `{"name":"Ada","message":"` + strings.Repeat("x", 70<<10) + `"}`},
		{"/api/visits", "application/json", `{"referrer":"` + strings.Repeat("x", 20<<10) + `"}`},
	} {
		req := httptest.NewRequest("POST", c.path, io.MultiReader(strings.NewReader(c.body)))
		req.ContentLength = -1 // chunked: the length is not known ahead
		req.Header.Set("Content-Type", c.ct)
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked %s to %s: %d, want 413: %.200s", c.ct, c.path, rec.Code, rec.Body)
		}
	}
}
