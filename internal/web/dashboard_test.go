package web

import (
	"strings"
	"testing"
)

func TestDashboardPage(t *testing.T) {
	cfg := testConfig(t)
	if rec := do(t, NewServer(cfg), "GET", "/admin", ""); rec.Code != 404 {
		t.Fatalf("no dashboard configured: %d", rec.Code)
	}
	cfg.Dashboard = &Dashboard{CognitoClientID: "abc123", CognitoRegion: "eu-west-1"}
	h := NewServer(cfg)
	rec := do(t, h, "GET", "/admin", "")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("/admin: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`data-signin="cognito"`, `data-client-id="abc123"`, `data-endpoint="https://cognito-idp.eu-west-1.amazonaws.com/"`, `src="/admin/app.js"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/admin lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Errorf("/admin has inline script or style")
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "style-src 'self'", "connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q", csp)
	}
	for path, typ := range map[string]string{"/admin/app.js": "text/javascript", "/admin/chart.js": "text/javascript", "/admin/app.css": "text/css"} {
		rec := do(t, h, "GET", path, "")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), typ) || rec.Header().Get("Content-Security-Policy") != csp {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	if rec := do(t, h, "GET", "/admin/index.html.bak", ""); rec.Code != 404 {
		t.Errorf("unknown file: %d", rec.Code)
	}

	cfg.Dashboard = &Dashboard{}
	body = do(t, NewServer(cfg), "GET", "/admin", "").Body.String()
	if !strings.Contains(body, `data-signin="token"`) || strings.Contains(body, "cognito-idp") {
		t.Errorf("token sign-in page: %s", body)
	}
	for _, bad := range []Dashboard{{CognitoClientID: "x"}, {APIURL: "ftp://x"}, {CognitoClientID: `a"><script>`, CognitoRegion: "r"}} {
		if _, err := DashboardPage(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
