package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// marker is what a hostile request injects; no answer may carry it raw.
const marker = `<script>alert("x")</script>`

// hostile is one request that a well-behaved client would not send.
type hostile struct {
	name    string
	method  string
	path    string
	header  map[string]string
	body    string
	chunked bool // send the body with Transfer-Encoding: chunked
}

// hostileRequests returns requests across every route: bad bodies, bad
// paths and queries, bad methods, bad or forged credentials.
func hostileRequests() []hostile {
	json := map[string]string{"Content-Type": "application/json"}
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	admin := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + hostileToken}
	var hs []hostile
	add := func(name, method, path string, header map[string]string, body string) {
		hs = append(hs, hostile{name: name, method: method, path: path, header: header, body: body})
	}
	bodies := map[string]string{
		"not JSON":           "{" + marker,
		"a JSON array":       `[1,2,3]`,
		"a JSON string":      `"` + marker + `"`,
		"trailing data":      `{} {}`,
		"unknown field":      `{"nope": "` + marker + `"}`,
		"wrong types":        `{"path": 12, "referrer": true, "name": [], "email": {}, "message": 3, "imdb_rating": "x"}`,
		"deep nesting":       strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
		"binary":             "\x00\x01\x02\xff\xfe" + marker,
		"a huge number":      `{"imdb_rating": 1e999999, "rotten_tomatoes_rating": -99999999999999999999}`,
		"invalid UTF-8":      "{\"name\": \"\xff\xfe\", \"path\": 7}",
		"20 KB":              `{"path": "/", "referrer": "` + strings.Repeat("a", 20<<10) + `"}`,
		"control characters": `{"path": "/\u0000\u001b[31m", "name": "\u202e` + marker + `", "email": "a@b.c", "message": "\u0007\u0007"}`,
	}
	for _, route := range []struct{ method, path string }{
		{"POST", "/api/visits"}, {"POST", "/api/contact"}, {"PATCH", "/api/movies/tt1"},
	} {
		for name, body := range bodies {
			h := json
			if route.method == "PATCH" {
				h = admin
			}
			add(route.method+" "+route.path+": "+name, route.method, route.path, h, body)
		}
	}
	add("contact: wrong content type", "POST", "/api/contact", map[string]string{"Content-Type": "text/xml"}, "<a>"+marker+"</a>")
	add("contact: form with bad escapes", "POST", "/api/contact", form, "name=%zz&email=%&message="+marker)
	add("contact: multipart without a boundary", "POST", "/api/contact", map[string]string{"Content-Type": "multipart/form-data"}, "--x\r\n")
	add("contact: form of 70 KB", "POST", "/api/contact", form, "message="+strings.Repeat("x", 70<<10))
	hs = append(hs, hostile{name: "contact: chunked form of 70 KB", method: "POST", path: "/api/contact", header: form,
		body: "message=" + strings.Repeat("x", 70<<10), chunked: true})
	hs = append(hs, hostile{name: "visits: chunked body of 20 KB", method: "POST", path: "/api/visits", header: json,
		body: `{"referrer": "` + strings.Repeat("y", 20<<10) + `"}`, chunked: true})
	add("contact: form with a made-up token", "POST", "/api/contact", form, "name=Ada&email=ada%40example.org&message=Hello+there+Alex&token="+marker)

	for _, p := range []string{
		"/api/visits/" + marker, "/api/movies/%00", "/api/movies/..%2f..%2fetc%2fpasswd", "/api/movies/" + strings.Repeat("x", 2000),
		"/api/movies/%E2%80%AE" + marker, "/api/movies?limit=-1", "/api/movies?limit=abc", "/api/movies?limit=999999999999999999999",
		"/api/movies?cursor=" + marker, "/api/movies?cursor=%ff%fe", "/api/admin/messages?unread=2", "/api/admin/messages?limit=0",
		"/api/admin/messages?limit=-5", "/api/nothing", "/api/" + strings.Repeat("a/", 500), "/api/contact/token/extra",
		"/api/resume/" + marker, "/api/%2e%2e/%2e%2e/",
	} {
		h := map[string]string{"Authorization": "Bearer " + hostileToken}
		add("GET "+p[:min(len(p), 40)], "GET", p, h, "")
	}
	for _, m := range []string{"PUT", "DELETE", "TRACE", "PROPFIND", "OPTIONS", "PATCH", "CONNECT"} {
		add(m+" /api/visits", m, "/api/visits", json, `{}`)
	}
	add("POST /api/movies", "POST", "/api/movies", json, `{}`)
	add("DELETE /api/movies/tt1", "DELETE", "/api/movies/tt1", admin, "")
	add("GET /api/admin/messages/x/read", "GET", "/api/admin/messages/x/read", admin, "")
	add("mark an unknown message read", "POST", "/api/admin/messages/"+marker+"/read", admin, "")
	add("PATCH a movie with an ID of another", "PATCH", "/api/movies/tt1", admin, `{"movie_id": "tt2", "imdb_rating": 5}`)
	add("PATCH a rating over 100", "PATCH", "/api/movies/tt1", admin, `{"imdb_rating": 101}`)
	add("PATCH with no rating", "PATCH", "/api/movies/tt1", admin, `{}`)

	for name, auth := range map[string]string{
		"none": "", "Basic": "Basic YWRtaW46YWRtaW4=", "an empty Bearer": "Bearer ", "a wrong token": "Bearer wrong",
		"the token with a suffix": "Bearer " + hostileToken + "x", "a JWT of alg none": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
		"a token of 8 KB": "Bearer " + strings.Repeat("t", 8<<10), "two schemes": "Bearer " + hostileToken + ", Basic x",
		"the token as a prefix": "Bearer " + hostileToken[:10], "the marker": "Bearer " + marker,
	} {
		for _, route := range []string{"GET /api/admin/messages", "GET /api/admin/stats", "PATCH /api/movies/tt1", "POST /api/admin/messages/x/read"} {
			method, path, _ := strings.Cut(route, " ")
			h := map[string]string{"Content-Type": "application/json"}
			if auth != "" {
				h["Authorization"] = auth
			}
			add(route+" with "+name, method, path, h, `{"imdb_rating": 5}`)
		}
	}
	return hs
}

const hostileToken = "hostile-test-admin-token-0123456789"

// TestHostileRequests sends every request of hostileRequests to a real
// serve: each gets a 4xx JSON answer with the security headers, never a
// 5xx, and nothing it sent comes back raw; the server keeps serving.
func TestHostileRequests(t *testing.T) {
	s := startServe(t, "--db", filepath.Join(t.TempDir(), "site.db"), "--rate-limit", "0", "--contact-rate", "0",
		"--admin-token", hostileToken)
	hs := hostileRequests()
	if len(hs) < 100 {
		t.Fatalf("only %d hostile requests", len(hs))
	}
	client := &http.Client{Timeout: 30 * time.Second}
	for _, h := range hs {
		var body io.Reader = strings.NewReader(h.body)
		if h.chunked {
			body = io.MultiReader(strings.NewReader(h.body)) // no length: sent chunked
		}
		req, err := http.NewRequest(h.method, s.url+h.path, body)
		if err != nil {
			t.Errorf("%s: %v", h.name, err)
			continue
		}
		if h.body == "" {
			req.Body = nil
		}
		for k, v := range h.header {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s: %v", h.name, err)
			continue
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		checkHostileAnswer(t, h.name, resp, got)
	}
	if strings.Contains(s.stderr.String(), "panic") {
		t.Errorf("the server panicked:\n%s", s.stderr)
	}
	// Still serving.
	resp, err := http.Get(s.url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the hostile requests: %v %v", resp, err)
	}
	resp.Body.Close()
}

func checkHostileAnswer(t *testing.T, name string, resp *http.Response, body []byte) {
	t.Helper()
	switch {
	case resp.StatusCode >= 500:
		t.Errorf("%s: %d %s", name, resp.StatusCode, body)
	case resp.StatusCode < 400 && resp.StatusCode != http.StatusNoContent:
		// A refused request is never taken as done; OPTIONS without CORS is 405.
		t.Errorf("%s: %d, want a refusal: %s", name, resp.StatusCode, body)
	}
	// A form post is answered with a page, the form again; the API's
	// other answers are JSON.
	ct := resp.Header.Get("Content-Type")
	if page := formPost(resp.Request); resp.StatusCode >= 400 && !strings.HasPrefix(ct, "application/json") && !(page && strings.HasPrefix(ct, "text/html")) {
		t.Errorf("%s: %d with Content-Type %q, want JSON", name, resp.StatusCode, ct)
	}
	for _, hd := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(hd) == "" {
			t.Errorf("%s: no %s", name, hd)
		}
	}
	if bytes.Contains(body, []byte(marker)) || bytes.Contains(body, []byte("<script")) {
		t.Errorf("%s: the answer carries what was sent, unescaped: %.200s", name, body)
	}
}

// The answers Go's HTTP server gives before the program sees a request,
// which it cannot shape: a malformed request line or header, headers
// over the bound. They are refused, and the server keeps serving.
func TestMalformedRequestsGoAnswers(t *testing.T) {
	s := startServe(t, "--db", filepath.Join(t.TempDir(), "site.db"))
	addr := strings.TrimPrefix(s.url, "http://")
	for name, c := range map[string]struct {
		raw  string
		want int
	}{
		"a request line of one word":      {"GARBAGE\r\n\r\n", 400},
		"no HTTP version":                 {"GET /\r\n\r\n", 400},
		"an unknown HTTP version":         {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505},
		"a header without a colon":        {"GET / HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n", 400},
		"a control character in a header": {"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400},
		"no Host":                         {"GET / HTTP/1.1\r\n\r\n", 400},
		"headers over 64 KB":              {"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 70<<10) + "\r\n\r\n", 431},
		"two Content-Lengths that differ": {"POST /api/visits HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400},
		"a bad chunk size":                {"POST /api/visits HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400},
	} {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		fmt.Fprint(conn, c.raw)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		conn.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", name, resp.StatusCode, c.want)
		}
	}
	resp, err := http.Get(s.url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the malformed requests: %v %v", resp, err)
	}
	resp.Body.Close()
}

func formPost(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return r.Method == "POST" && (strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data"))
}

// A client that half-closes its side after its request (Connection:
// close, then shutdown of its writes) is no fault of the server's: it gets
// no 5xx, and nothing is logged as an error.
func TestHalfClosedClient(t *testing.T) {
	s := startServe(t, "--db", filepath.Join(t.TempDir(), "site.db"), "--rate-limit", "0", "--admin-token", hostileToken)
	addr := strings.TrimPrefix(s.url, "http://")
	for _, target := range []string{"/api/visits", "/api/admin/stats", "/api/movies", "/"} {
		for range 5 {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			conn.SetDeadline(time.Now().Add(20 * time.Second))
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", target, hostileToken)
			conn.(*net.TCPConn).CloseWrite()
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s, half-closed: %d", target, resp.StatusCode)
				}
			}
			conn.Close()
		}
	}
	if log := s.stderr.String(); strings.Contains(log, "level=ERROR") || strings.Contains(log, `"level":"ERROR"`) {
		t.Errorf("a client that went away was logged as an error:\n%s", log)
	}
}
