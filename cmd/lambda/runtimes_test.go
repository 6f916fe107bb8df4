package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/cmd/internal/local"
	"github.com/cloudresume/cloudresume/internal/contact"
)

// answer is what a client gets, whichever runtime answered.
type answer struct {
	status int
	header http.Header
	body   string
}

// runtime sends a request the way a client's reaches the handler.
type runtime func(t *testing.T, method, path, contentType, body string) answer

// serveRuntime is `cloudresume serve`'s application over SQLite, with the
// settings the Lambda deployment has that serve shares.
func serveRuntime(t *testing.T) runtime {
	env := map[string]string{
		"CLOUDRESUME_DB":             filepath.Join(t.TempDir(), "site.db"),
		"CLOUDRESUME_CONTACT_SECRET": contactSecret,
		"CLOUDRESUME_SITE_URL":       "https://www.example.com",
		"CLOUDRESUME_ADMIN_TOKEN":    "s3cret-admin-token",
		"CLOUDRESUME_RATE_LIMIT":     "0",
	}
	cfg, err := app.NewFlags(app.Serve, "serve", "", "", io.Discard).Parse(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Build(context.Background(), cfg, app.NewLogger(io.Discard, "json", nil), local.Open)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(time.Second) })
	return func(t *testing.T, method, path, contentType, body string) answer {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.RemoteAddr = "198.51.100.23:53122"
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		return answer{rec.Code, rec.Header(), rec.Body.String()}
	}
}

// lambdaRuntime is the function behind API Gateway, as deployed.
func lambdaRuntime(t *testing.T) runtime {
	h, _ := newTestHandler(t, deployment(t))
	return func(t *testing.T, method, path, contentType, body string) answer {
		u, _ := url.Parse(path)
		ev := events.APIGatewayV2HTTPRequest{
			Version: "2.0", RouteKey: method + " " + u.Path, RawPath: u.Path, RawQueryString: u.RawQuery,
			Headers: map[string]string{"accept": "text/html,application/xhtml+xml", "user-agent": "Mozilla/5.0"},
			Body:    base64.StdEncoding.EncodeToString([]byte(body)), IsBase64Encoded: true,
			RequestContext: events.APIGatewayV2HTTPRequestContext{
				HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path, SourceIP: "198.51.100.23", Protocol: "HTTP/1.1"},
			},
		}
		if contentType != "" {
			ev.Headers["content-type"] = contentType
		}
		payload, _ := json.Marshal(ev)
		ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req"})
		out, err := h.Invoke(ctx, payload)
		if err != nil {
			t.Fatalf("invoke: %v", err)
		}
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatal(err)
		}
		hd := http.Header{}
		for k, v := range resp.Headers {
			hd.Set(k, v)
		}
		for k, vs := range resp.MultiValueHeaders {
			for _, v := range vs {
				hd.Add(k, v)
			}
		}
		text := resp.Body
		if resp.IsBase64Encoded {
			b, _ := base64.StdEncoding.DecodeString(text)
			text = string(b)
		}
		return answer{resp.StatusCode, hd, text}
	}
}

// form is a contact form as a browser without JavaScript posts it, with
// a token served a minute ago.
func form(fields map[string]string) string {
	tokens := &contact.Tokens{Secret: []byte(contactSecret), Now: func() time.Time { return time.Now().Add(-time.Minute) }}
	v := url.Values{"token": {tokens.Issue()}, "website": {""}}
	for k, f := range fields {
		v.Set(k, f)
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

// TestAnswersAreTheSameOnBothRuntimes runs the answers a visitor gets at
// the edges through serve and through the Lambda function: the form
// posted without JavaScript with problems, taken, and over its rate; the
// script's JSON; unknown paths and methods.
func TestAnswersAreTheSameOnBothRuntimes(t *testing.T) {
	good := map[string]string{"name": "Ada Lovelace", "email": "ada@example.org", "message": "Hello! I read your resume."}
	for name, newRuntime := range map[string]func(*testing.T) runtime{"serve": serveRuntime, "lambda": lambdaRuntime} {
		t.Run(name, func(t *testing.T) {
			do := newRuntime(t)

			// A form with a problem comes back as a page with what was typed.
			a := do(t, "POST", "/api/contact", formType, form(map[string]string{"name": "Ada <b>", "email": "ada at example", "message": "Hello! I read your resume."}))
			if a.status != http.StatusUnprocessableEntity || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
				t.Fatalf("form with a problem: %d %s", a.status, a.header.Get("Content-Type"))
			}
			for _, want := range []string{`id="email-error"`, `value="Ada &lt;b&gt;"`, `value="ada at example"`, "Your message was not sent"} {
				if !strings.Contains(a.body, want) {
					t.Errorf("form with a problem: the page lacks %q", want)
				}
			}
			if csp := a.header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self' 'sha256-") {
				t.Errorf("the page carries the API's policy, which refuses its style: %q", csp)
			}

			// Taken: on to the thank-you page of the site. (Each post counts
			// toward the rate of 5 a minute, the refused one too.)
			for i := range 4 {
				a = do(t, "POST", "/api/contact", formType, form(good))
				if a.status != http.StatusSeeOther || a.header.Get("Location") != "https://www.example.com/contact/thanks" {
					t.Fatalf("post %d: %d, Location %q", i+1, a.status, a.header.Get("Location"))
				}
			}

			// The sixth in a minute: a page with the wait, the text kept.
			a = do(t, "POST", "/api/contact", formType, form(good))
			if a.status != http.StatusTooManyRequests || a.header.Get("Retry-After") == "" ||
				!strings.Contains(a.body, "Too many messages") || !strings.Contains(a.body, "Hello! I read your resume.</textarea>") {
				t.Fatalf("over the rate: %d, Retry-After %q\n%.300s", a.status, a.header.Get("Retry-After"), a.body)
			}
			// The script's post over the rate: JSON, not a fault.
			body, _ := json.Marshal(map[string]string{"name": "Ada", "email": "ada@example.org", "message": "Hello again, Alex!"})
			a = do(t, "POST", "/api/contact", "application/json", string(body))
			if a.status != http.StatusTooManyRequests || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") ||
				!strings.Contains(a.body, `"error":"too many messages; try again later"`) {
				t.Fatalf("JSON over the rate: %d %s", a.status, a.body)
			}

			// The API's own answers to a wrong method and an unknown path.
			a = do(t, "DELETE", "/api/visits", "", "")
			if a.status != http.StatusMethodNotAllowed || a.header.Get("Allow") != "GET, HEAD, POST" || !strings.Contains(a.body, `"error":"method not allowed"`) {
				t.Errorf("DELETE /api/visits: %d Allow %q %s", a.status, a.header.Get("Allow"), a.body)
			}
			a = do(t, "GET", "/api/nothing", "", "")
			if a.status != http.StatusNotFound || !strings.Contains(a.body, `"error":"not found"`) {
				t.Errorf("GET /api/nothing: %d %s", a.status, a.body)
			}
		})
	}
}
