package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// testClock is a settable time source.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// contactEnv is a server with the contact feature over a real store.
type contactEnv struct {
	h     http.Handler
	svc   *contact.Service
	store contact.Store
	clock *testClock
}

func newContactEnv(t *testing.T, edit ...func(*Config)) *contactEnv {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	store := sqlite.NewMessageStore(testDB(t))
	svc := &contact.Service{
		Store:   store,
		Tokens:  &contact.Tokens{Secret: []byte("web test secret, 32 bytes long!!"), Now: clock.Now},
		Limiter: &ratelimit.Limiter{Now: clock.Now},
		Now:     clock.Now,
	}
	cfg := testConfig(t)
	cfg.Contact = svc
	for _, e := range edit {
		e(&cfg)
	}
	return &contactEnv{h: NewServer(cfg), svc: svc, store: store, clock: clock}
}

// token is a form token served 10 s ago.
func (e *contactEnv) token() string {
	tok := e.svc.Token()
	e.clock.Advance(10 * time.Second)
	return tok
}

func (e *contactEnv) postJSON(t *testing.T, v any, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	body, _ := json.Marshal(v)
	return do(t, e.h, "POST", "/api/contact", string(body), append([]string{"Content-Type", "application/json"}, header...)...)
}

func (e *contactEnv) postForm(t *testing.T, v url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, e.h, "POST", "/api/contact", v.Encode(), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)...)
}

func (e *contactEnv) messages(t *testing.T) []contact.Message {
	t.Helper()
	ms, err := e.store.List(context.Background(), contact.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func (e *contactEnv) spam(t *testing.T) int64 {
	t.Helper()
	c, err := e.store.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Spam
}

func TestContactJSON(t *testing.T) {
	e := newContactEnv(t)
	rec := e.postJSON(t, contactRequest{Name: "Ada", Email: "ada@example.com", Message: "Hello\nthere", Token: e.token()})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var got map[string]string
	decode(t, rec, &got)
	if got["status"] != "received" || len(got) != 1 {
		t.Fatalf("body %v", got)
	}
	ms := e.messages(t)
	if len(ms) != 1 || ms[0].Name != "Ada" || ms[0].Email != "ada@example.com" || ms[0].Body != "Hello\nthere" ||
		ms[0].Delivery.State != contact.Pending {
		t.Fatalf("stored %+v", ms)
	}
}

func TestContactJSONProblems(t *testing.T) {
	e := newContactEnv(t)
	rec := e.postJSON(t, contactRequest{Name: " ", Email: "ada@example.com\r\nBcc: x@y.example", Message: strings.Repeat("x", 5001), Token: e.token()})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body errorBody
	decode(t, rec, &body)
	for _, f := range []string{"name", "email", "message"} {
		if body.Problems[f] == "" {
			t.Errorf("no problem for %s: %v", f, body.Problems)
		}
	}
	if len(e.messages(t)) != 0 {
		t.Fatal("invalid message stored")
	}

	for name, c := range map[string]struct {
		body   string
		status int
	}{
		"unknown field": {`{"name":"a","subject":"x"}`, 400},
		"not JSON":      {`name=a`, 400},
		"empty":         {``, 400},
	} {
		rec := do(t, e.h, "POST", "/api/contact", c.body, "Content-Type", "application/json")
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, rec.Code, c.status, rec.Body)
		}
	}
}

func TestContactSpamLooksAccepted(t *testing.T) {
	e := newContactEnv(t)
	cases := map[string]func() contactRequest{
		"honeypot":          func() contactRequest { return contactRequest{Website: "https://spam.example", Token: e.token()} },
		"honeypot no token": func() contactRequest { return contactRequest{Website: "https://spam.example"} },
		"too fast":          func() contactRequest { return contactRequest{Token: e.svc.Token()} },
	}
	n := int64(0)
	for name, newReq := range cases {
		req := newReq()
		req.Name, req.Email, req.Message = "Bot", "bot@example.com", "Buy now"
		rec := e.postJSON(t, req)
		if rec.Code != http.StatusAccepted || !strings.Contains(rec.Body.String(), `"received"`) {
			t.Errorf("%s: status %d: %s", name, rec.Code, rec.Body)
		}
		n++
		// A form post of spam is thanked like a person.
		form := url.Values{"name": {req.Name}, "email": {req.Email}, "message": {req.Message}, "website": {req.Website}, "token": {req.Token}}
		if name == "too fast" {
			form.Set("token", newReq().Token)
		}
		rec = e.postForm(t, form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/contact/thanks" {
			t.Errorf("%s form: status %d, Location %q", name, rec.Code, rec.Header().Get("Location"))
		}
		n++
		e.clock.Advance(time.Minute) // refill the rate limit
	}
	if ms := e.messages(t); len(ms) != 0 {
		t.Fatalf("spam stored: %+v", ms)
	}
	if got := e.spam(t); got != n {
		t.Fatalf("spam count %d, want %d", got, n)
	}
}

// unusableTokens are tokens a person may hold: none (a page built ahead
// of time whose script could not fetch one), one signed with another
// secret (served before a restart) and one served more than a day ago.
var unusableTokens = map[string]func(e *contactEnv) string{
	"no token": func(*contactEnv) string { return "" },
	"forged token": func(e *contactEnv) string {
		other := &contact.Tokens{Secret: []byte("not the server's secret at all!!"), Now: func() time.Time { return e.clock.Now().Add(-time.Minute) }}
		return other.Issue()
	},
	"stale token": func(e *contactEnv) string {
		tok := e.svc.Token()
		e.clock.Advance(25 * time.Hour)
		return tok
	},
}

func TestContactUnusableTokenJSON(t *testing.T) {
	for name, token := range unusableTokens {
		t.Run(name, func(t *testing.T) {
			e := newContactEnv(t)
			req := contactRequest{Name: "Ada", Email: "ada@example.com", Message: "Hello", Token: token(e)}
			rec := e.postJSON(t, req)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var body errorBody
			decode(t, rec, &body)
			if len(body.Problems) != 1 || body.Problems["token"] != "the form has expired; please send it again" {
				t.Fatalf("problems %v", body.Problems)
			}
			if len(e.messages(t)) != 0 || e.spam(t) != 0 {
				t.Fatal("stored or counted as spam")
			}

			// What the page's script does: fetch a fresh token, let its
			// minimum age pass, send the same message again.
			var tok tokenResponse
			decode(t, do(t, e.h, "GET", "/api/contact/token", ""), &tok)
			e.clock.Advance(time.Duration(tok.MinAgeMS) * time.Millisecond)
			req.Token = tok.Token
			if rec := e.postJSON(t, req); rec.Code != http.StatusAccepted {
				t.Fatalf("sent again: %d %s", rec.Code, rec.Body)
			}
			if ms := e.messages(t); len(ms) != 1 || ms[0].Body != req.Message {
				t.Fatalf("stored %+v", ms)
			}
		})
	}
}

func TestContactUnusableTokenFormPost(t *testing.T) {
	for name, token := range unusableTokens {
		t.Run(name, func(t *testing.T) {
			e := newContactEnv(t)
			posted := token(e)
			rec := e.postForm(t, url.Values{"name": {"Ada"}, "email": {"ada@"}, "message": {"Keep <this> text"}, "website": {""}, "token": {posted}})
			if rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
			}
			body := rec.Body.String()
			// The input is kept and every problem shown, the expiry in the summary.
			summary := regexp.MustCompile(`(?s)<div class="error-summary" id="contact-errors".*?</div>`).FindString(body)
			for _, want := range []string{`<li>the form has expired; please send it again</li>`, `<a href="#email">`} {
				if !strings.Contains(summary, want) {
					t.Errorf("summary lacks %q:\n%s", want, summary)
				}
			}
			for _, want := range []string{`value="Ada"`, `value="ada@"`, `Keep &lt;this&gt; text</textarea>`, `id="email-error"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// The page carries a fresh, genuine token.
			m := regexp.MustCompile(`name="token" value="([^"]*)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no token field")
			}
			fresh := html.UnescapeString(m[1])
			if age, err := e.svc.Tokens.Check(fresh); fresh == posted || err != nil || age != 0 {
				t.Fatalf("page token %q: age %v, %v", fresh, age, err)
			}
			if len(e.messages(t)) != 0 || e.spam(t) != 0 {
				t.Fatal("stored or counted as spam")
			}

			// Corrected and sent again with the page's token: stored.
			e.clock.Advance(contact.DefaultMinAge)
			rec = e.postForm(t, url.Values{"name": {"Ada"}, "email": {"ada@example.com"}, "message": {"Keep <this> text"}, "token": {fresh}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("sent again: %d", rec.Code)
			}
			if ms := e.messages(t); len(ms) != 1 || ms[0].Body != "Keep <this> text" {
				t.Fatalf("stored %+v", ms)
			}
		})
	}
}

func TestContactRateLimit(t *testing.T) {
	e := newContactEnv(t)
	var toks []string // a token is good for one message
	for range 5 {
		toks = append(toks, e.token())
	}
	tok := e.token()
	for i := range 5 {
		rec := e.postJSON(t, contactRequest{Name: "Ada", Email: "ada@example.com", Message: fmt.Sprint("n", i), Token: toks[i]})
		if rec.Code != http.StatusAccepted {
			t.Fatalf("message %d: %d %s", i+1, rec.Code, rec.Body)
		}
	}
	rec := e.postJSON(t, contactRequest{Name: "Ada", Email: "ada@example.com", Message: "six", Token: tok})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "12" {
		t.Fatalf("6th: %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	var body errorBody
	decode(t, rec, &body)
	if body.Error == "" {
		t.Fatal("no error message")
	}
	// A plain form post is limited too, with a page that says so.
	rec = e.postForm(t, url.Values{"name": {"Ada"}, "email": {"ada@example.com"}, "message": {"seven"}, "token": {tok}})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), "several messages in a short time") {
		t.Fatalf("form: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if n := len(e.messages(t)); n != 5 {
		t.Fatalf("%d messages stored, want 5", n)
	}
	// Another client is not limited.
	req := httptest.NewRequest("POST", "/api/contact", strings.NewReader(`{"name":"Bo","email":"bo@example.com","message":"hi","token":"`+tok+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "203.0.113.50:4242"
	rec = httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("another client: %d %s", rec.Code, rec.Body)
	}
}

func TestContactFormPost(t *testing.T) {
	e := newContactEnv(t)
	// The page carries a fresh, genuine token.
	page := do(t, e.h, "GET", "/", "")
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatalf("no token in the page")
	}
	e.clock.Advance(5 * time.Second)
	if age, err := e.svc.Tokens.Check(html.UnescapeString(m[1])); err != nil || age != 5*time.Second {
		t.Fatalf("page token: %v, %v", age, err)
	}

	msg := strings.Repeat("𝄞", 5000) // the largest message, 60 KB form-encoded
	rec := e.postForm(t, url.Values{"name": {"Zoë"}, "email": {"zoe@example.com"}, "message": {msg}, "website": {""}, "token": {html.UnescapeString(m[1])}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/contact/thanks" {
		t.Fatalf("status %d, Location %q: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if ms := e.messages(t); len(ms) != 1 || ms[0].Name != "Zoë" || ms[0].Body != msg {
		t.Fatalf("stored %d messages", len(ms))
	}
	thanks := do(t, e.h, "GET", "/contact/thanks", "")
	if thanks.Code != http.StatusOK || !strings.Contains(thanks.Body.String(), "Thank you for your message") || strings.Contains(thanks.Body.String(), `id="contact-form"`) {
		t.Fatalf("thank-you page: %d %s", thanks.Code, thanks.Body)
	}
	if !strings.Contains(page.Body.String(), `id="contact-form"`) {
		t.Fatal("plain page has no form")
	}
}

func TestContactFormProblemsKeepInput(t *testing.T) {
	e := newContactEnv(t)
	tok := e.token()
	rec := e.postForm(t, url.Values{"name": {`<b>Ada</b>`}, "email": {"not-an-address"}, "message": {"Keep <this> text"}, "token": {tok}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	// The page comes back from an API path but needs the page's policy,
	// or its inline style and script would be refused.
	if csp, want := rec.Header().Get("Content-Security-Policy"), do(t, e.h, "GET", "/", "").Header().Get("Content-Security-Policy"); csp != want {
		t.Errorf("page from /api/contact has CSP %q, want the page policy", csp)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`value="&lt;b&gt;Ada&lt;/b&gt;"`,
		`value="not-an-address"`,
		`Keep &lt;this&gt; text</textarea>`,
		`id="email-error"`,
		`aria-invalid="true"`,
		`name="token" value="` + tok + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<b>Ada</b>") {
		t.Fatal("input not escaped")
	}
	if len(e.messages(t)) != 0 {
		t.Fatal("invalid message stored")
	}
	// Sent again corrected, with the kept token, straight away: accepted.
	rec = e.postForm(t, url.Values{"name": {"Ada"}, "email": {"ada@example.com"}, "message": {"Keep <this> text"}, "token": {tok}})
	if rec.Code != http.StatusSeeOther || len(e.messages(t)) != 1 {
		t.Fatalf("corrected post: %d", rec.Code)
	}
}

func TestContactBodyLimit(t *testing.T) {
	e := newContactEnv(t)
	big := url.Values{"name": {"Ada"}, "email": {"ada@example.com"}, "message": {strings.Repeat("x", 70<<10)}, "token": {e.token()}}
	if rec := e.postForm(t, big); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("70 KB form: %d", rec.Code)
	}
	// Other routes keep the general bound.
	if rec := do(t, e.h, "POST", "/api/visits", `{"path":"/","referrer":"`+strings.Repeat("x", 20<<10)+`"}`); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 KB visit: %d", rec.Code)
	}
}

func TestContactToken(t *testing.T) {
	e := newContactEnv(t)
	rec := do(t, e.h, "GET", "/api/contact/token", "")
	var got tokenResponse
	decode(t, rec, &got)
	e.clock.Advance(time.Second)
	if age, err := e.svc.Tokens.Check(got.Token); err != nil || age != time.Second {
		t.Fatalf("token %q: %v, %v", got.Token, age, err)
	}
	if got.MinAgeMS != 3000 {
		t.Fatalf("min_age_ms = %d, want the default 3000", got.MinAgeMS)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	// The page waits as long as the server demands.
	e.svc.MinAge = 7500 * time.Millisecond
	decode(t, do(t, e.h, "GET", "/api/contact/token", ""), &got)
	if got.MinAgeMS != 7500 {
		t.Fatalf("min_age_ms = %d, want 7500", got.MinAgeMS)
	}
}

func TestContactOff(t *testing.T) {
	h := NewServer(testConfig(t))
	if rec := do(t, h, "POST", "/api/contact", `{}`, "Content-Type", "application/json"); rec.Code != http.StatusNotFound {
		t.Fatalf("POST /api/contact without the feature: %d", rec.Code)
	}
	if strings.Contains(do(t, h, "GET", "/", "").Body.String(), `id="contact-form"`) {
		t.Fatal("form shown without the feature")
	}
}

func TestIPKey(t *testing.T) {
	for in, want := range map[string]string{
		"198.51.100.7":            "198.51.100.7",
		"2001:db8:1:2:aaaa::1":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3": "2001:db8:1:2::/64",
		"::ffff:198.51.100.7":     "::ffff:198.51.100.7",
		"not an address":          "not an address",
	} {
		if got := ipKey(in); got != want {
			t.Errorf("ipKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// A page the API answers with lets its form be redirected to the site,
// where the thank-you page is, when the site is on another origin.
func TestFormPagePolicyAllowsTheSite(t *testing.T) {
	e := newContactEnv(t, func(c *Config) { c.SiteURL = "https://cv.example.org/" })
	rec := e.postForm(t, url.Values{"name": {"Ada"}, "email": {"nope"}, "message": {"Hello there, Alex."}, "token": {e.token()}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://cv.example.org;") {
		t.Errorf("CSP %q does not let the form's redirect reach the site", csp)
	}
}
