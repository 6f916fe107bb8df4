package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/movies"
)

// counts decodes a visits answer.
func counts(t *testing.T, body string) (visitors, views int64) {
	t.Helper()
	var c struct{ Visitors, Views int64 }
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return c.Visitors, c.Views
}

func TestHTTPEvents(t *testing.T) {
	env := deployment(t)
	h, logs := newTestHandler(t, env)

	resp := invokeHTTP(t, h, "req-get", event(t, "http-get-visits.json"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/visits: %d %s", resp.StatusCode, resp.Body)
	}
	if v, p := counts(t, resp.Body); v != 0 || p != 0 {
		t.Errorf("fresh counts %d/%d", v, p)
	}
	for name, want := range map[string]string{
		"Content-Type":              "application/json",
		"Cache-Control":             "no-store",
		"X-Content-Type-Options":    "nosniff",
		"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
	} {
		if got := resp.Headers[name]; got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	if resp.IsBase64Encoded {
		t.Error("a JSON answer came base64-encoded")
	}

	post := event(t, "http-post-visits.json")
	steps := []struct {
		name                    string
		ev                      []byte
		wantVisitors, wantViews int64
	}{
		{"first view", post, 1, 1},
		{"same visitor again", post, 1, 2},
		// Only sourceIp differs (X-Forwarded-For still names the first
		// address): a second visitor.
		{"another address", withSourceIP(t, post, "198.51.100.77"), 2, 3},
	}
	for _, s := range steps {
		resp := invokeHTTP(t, h, "req-post", s.ev)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", s.name, resp.StatusCode, resp.Body)
		}
		if v, p := counts(t, resp.Body); v != s.wantVisitors || p != s.wantViews {
			t.Errorf("%s: visitors/views %d/%d, want %d/%d", s.name, v, p, s.wantVisitors, s.wantViews)
		}
	}

	// The counts are in DynamoDB.
	c, err := stores(env).Visits.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Visitors != 2 || c.Views != 3 {
		t.Errorf("stored counts %+v, want 2 visitors and 3 views", c)
	}

	// Query string and cookies: served, and no cookie set.
	resp = invokeHTTP(t, h, "req-cookies", event(t, "http-get-query-cookies.json"))
	if resp.StatusCode != http.StatusOK || len(resp.Cookies) != 0 {
		t.Errorf("GET with query and cookies: %d, cookies %q", resp.StatusCode, resp.Cookies)
	}
	if v, p := counts(t, resp.Body); v != 2 || p != 3 {
		t.Errorf("GET with query: counts %d/%d, want 2/3", v, p)
	}

	resp = invokeHTTP(t, h, "req-404", event(t, "http-not-found.json"))
	if resp.StatusCode != http.StatusNotFound || resp.Headers["Content-Type"] != "application/json" ||
		strings.TrimSpace(resp.Body) != `{"error":"not found"}` {
		t.Errorf("missing route: %d %q %s", resp.StatusCode, resp.Headers["Content-Type"], resp.Body)
	}

	resp = invokeHTTP(t, h, "req-admin", event(t, "http-admin-stats.json"))
	if body := plainBody(t, resp.Body, resp.IsBase64Encoded, resp.Headers["Content-Encoding"]); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"views":3`) {
		t.Errorf("admin stats with the token: %d %s", resp.StatusCode, body)
	}
	var m map[string]any
	json.Unmarshal(event(t, "http-admin-stats.json"), &m)
	m["headers"].(map[string]any)["authorization"] = "Bearer wrong"
	bad, _ := json.Marshal(m)
	if resp = invokeHTTP(t, h, "req-admin-bad", bad); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("admin stats with a wrong token: %d", resp.StatusCode)
	}

	// Every line logged during an invocation names its request.
	requests := map[string]bool{}
	for _, l := range logLines(t, logs.String()) {
		if l["msg"] == "request" {
			id, _ := l["request_id"].(string)
			if id == "" {
				t.Errorf("request log line without request_id: %v", l)
			}
			requests[id] = true
		}
	}
	for _, id := range []string{"req-get", "req-post", "req-cookies", "req-404", "req-admin"} {
		if !requests[id] {
			t.Errorf("no request line logged with request_id %s", id)
		}
	}
}

func TestResumeGzipped(t *testing.T) {
	env := deployment(t)
	env["CLOUDRESUME_RESUME"] = "testdata/resume.yaml"
	if name := resumeName(t, env); name != "Sam Okafor" {
		t.Errorf("resume name %q", name)
	}
}

// resumeName returns the name in the resume the function answers with env.
func resumeName(t *testing.T, env map[string]string) string {
	t.Helper()
	h, _ := newTestHandler(t, env)
	// The browser accepts gzip: the answer comes compressed and therefore
	// base64-encoded, which API Gateway decodes before sending it on.
	resp := invokeHTTP(t, h, "req-resume", event(t, "http-get-resume.json"))
	if resp.StatusCode != http.StatusOK || !resp.IsBase64Encoded || resp.Headers["Content-Encoding"] != "gzip" {
		t.Fatalf("GET /api/resume: %d, base64 %v, encoding %q", resp.StatusCode, resp.IsBase64Encoded, resp.Headers["Content-Encoding"])
	}
	zipped, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Basics struct{ Name string } `json:"basics"`
	}
	if err := json.NewDecoder(zr).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r.Basics.Name
}

// Without CLOUDRESUME_RESUME the function serves the built-in example, as
// serve does without --resume (the site built without one shows it too).
func TestResumeDefaultsToTheExample(t *testing.T) {
	if name := resumeName(t, deployment(t)); name != "Alex Rivera" {
		t.Errorf("resume name %q, want the example's", name)
	}
}

func TestMovieEvents(t *testing.T) {
	env := deployment(t)
	h, _ := newTestHandler(t, env)
	err := stores(env).Movies.PutInfos(context.Background(), []movies.Info{
		{MovieID: "tt0068646", Name: "The Godfather", CountryOfOrigin: "USA", ReleaseDate: "1972-03-24"},
		{MovieID: "tt0110912", Name: "Pulp Fiction", CountryOfOrigin: "USA", ReleaseDate: "1994-10-14"},
		{MovieID: "tt0111161", Name: "The Shawshank Redemption", CountryOfOrigin: "USA", ReleaseDate: "1994-09-23"},
	})
	if err != nil {
		t.Fatal(err)
	}

	type page struct {
		Movies []struct {
			MovieID string `json:"movie_id"`
		} `json:"movies"`
		NextCursor *string `json:"next_cursor"`
	}
	// rawQueryString limit=2 reaches the handler: a page of two and a cursor.
	resp := invokeHTTP(t, h, "req-page-1", event(t, "http-get-movies-page.json"))
	var p page
	if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first page: %d %s", resp.StatusCode, resp.Body)
	}
	if len(p.Movies) != 2 || p.Movies[0].MovieID != "tt0068646" || p.NextCursor == nil {
		t.Fatalf("first page %s, want 2 movies and a cursor", resp.Body)
	}
	var m map[string]any
	json.Unmarshal(event(t, "http-get-movies-page.json"), &m)
	m["rawQueryString"] = "limit=2&cursor=" + *p.NextCursor
	m["queryStringParameters"] = map[string]string{"limit": "2", "cursor": *p.NextCursor}
	next, _ := json.Marshal(m)
	resp = invokeHTTP(t, h, "req-page-2", next)
	p = page{}
	if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || len(p.Movies) != 1 || p.Movies[0].MovieID != "tt0111161" || p.NextCursor != nil {
		t.Fatalf("second page: %d %s, want the last movie and no cursor", resp.StatusCode, resp.Body)
	}

	// A plain JSON body (isBase64Encoded false) and a path value.
	resp = invokeHTTP(t, h, "req-patch", event(t, "http-patch-movie.json"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Body, `"imdb_rating":93`) {
		t.Fatalf("PATCH: %d %s", resp.StatusCode, resp.Body)
	}
	resp = invokeHTTP(t, h, "req-movie", event(t, "http-get-movie.json"))
	want := `{"movie_id":"tt0111161","name":"The Shawshank Redemption","country_of_origin":"USA","release_date":"1994-09-23","rotten_tomatoes_rating":null,"imdb_rating":93}`
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(resp.Body) != want {
		t.Errorf("movie %d %s, want %s: the info and the rating just set, flat", resp.StatusCode, resp.Body, want)
	}
}
