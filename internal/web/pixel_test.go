package web

import (
	"bytes"
	"context"
	"image/gif"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/storetest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// keptConfig answers testConfig with a counter of the site's pages over a
// storetest.Kept.
func keptConfig(t *testing.T) (Config, *storetest.Kept) {
	t.Helper()
	cfg := testConfig(t)
	vs, err := sqlite.NewVisitStore(context.Background(), testDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.Close() })
	kept := &storetest.Kept{Store: vs}
	cfg.Visits = visits.NewCounter(kept, visits.WithPaths([]string{"/", "/movies"}))
	return cfg, kept
}

// dims answers a hit's dimensions as a map.
func dims(h visits.Hit) map[string]string {
	m := map[string]string{}
	for _, d := range h.Dims {
		m[d.Name] = d.Value
	}
	return m
}

func TestPixel(t *testing.T) {
	cfg, kept := keptConfig(t)
	h := NewServer(cfg)
	rec := do(t, h, "GET", pixelPath+"?p=/index.html", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "image/gif" || cc != "no-store" {
		t.Fatalf("Content-Type %q, Cache-Control %q", ct, cc)
	}
	img, err := gif.Decode(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("not a GIF: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1 || b.Dy() != 1 {
		t.Fatalf("GIF is %v", b)
	}
	hit := kept.Last(t)
	if hit.Path != "/" || hit.Bot || dims(hit)["path"] != "/" || dims(hit)["browser"] == "" {
		t.Fatalf("pixel hit %+v", hit)
	}
	// The path from the Referer, its query's campaign with it.
	do(t, h, "GET", pixelPath, "", "Referer", "https://cv.example.org/movies/?utm_source=Mastodon")
	if d := dims(kept.Last(t)); d["path"] != "/movies" || d["utm_source"] != "mastodon" {
		t.Fatalf("from Referer: %v", d)
	}
	// A made-up or hostile path is (other), or not counted; the image is
	// answered all the same.
	for _, p := range []string{"/wp-login.php", "/%E2%80%AEevil", strings.Repeat("/a", 1000), "nope"} {
		rec := do(t, h, "GET", pixelPath+"?p="+p, "")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/gif" {
			t.Fatalf("p=%.20q: status %d", p, rec.Code)
		}
	}
	if p := kept.Last(t).Path; p != visits.Other {
		t.Fatalf("made-up path counted as %q", p)
	}
	// A crawler's pixel is a bot's view, with its path alone.
	n := len(kept.Hits())
	do(t, h, "GET", pixelPath+"?p=/", "", "User-Agent", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
	if hit := kept.Last(t); len(kept.Hits()) != n+1 || !hit.Bot || len(hit.Dims) != 1 {
		t.Fatalf("crawler hit %+v", hit)
	}
	if !slices.ContainsFunc(Routes(), func(r RouteInfo) bool { return r.Method == "GET" && r.Path == pixelPath }) {
		t.Fatal("the pixel is not among the API routes")
	}
}

func TestVisitDimensions(t *testing.T) {
	cfg, kept := keptConfig(t)
	cfg.ViewerCountry = true
	h := NewServer(cfg)
	post := func(body string, header ...string) map[string]string {
		t.Helper()
		header = append(header, "Content-Type", "application/json")
		if rec := do(t, h, "POST", "/api/visits", body, header...); rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", body, rec.Code, rec.Body)
		}
		return dims(kept.Last(t))
	}
	d := post(`{"path":"/movies/","referrer":"https://www.reddit.com/r/golang/comments/x","query":"?utm_source=Reddit&utm_campaign=launch","screen":1920}`,
		"CloudFront-Viewer-Country", "de")
	want := map[string]string{"path": "/movies", "referrer": "reddit.com/r/golang", "utm_source": "reddit", "utm_campaign": "launch",
		"browser": d["browser"], "os": d["os"], "device": "desktop", "screen": visits.ScreenDesktop, "country": "DE"}
	if d["browser"] == "" || len(d) != len(want) {
		t.Fatalf("dims %v, want %v", d, want)
	}
	for k, v := range want {
		if d[k] != v {
			t.Fatalf("%s = %q, want %q (all: %v)", k, d[k], v, d)
		}
	}
	// Bad values are dropped, not refused; own-site referrers too.
	d = post(`{"path":"/","referrer":"https://example.com/x","screen":"wide","query":"?utm_source=%00"}`)
	if d["referrer"] != "" || d["screen"] != "" || d["utm_source"] != "" {
		t.Fatalf("own referrer or bad screen kept: %v", d)
	}
	for _, body := range []string{`{"screen":1e400}`, `{"screen":-5}`, `{"screen":99999999999999999999}`, `{"screen":null}`} {
		if d := post(body); d["screen"] != "" {
			t.Fatalf("%s: screen %q", body, d["screen"])
		}
	}
	// Without a trusted CDN the header is the client's to forge.
	cfg.ViewerCountry = false
	h = NewServer(cfg)
	if d := post(`{}`, "CloudFront-Viewer-Country", "FR"); d["country"] != "" {
		t.Fatalf("untrusted country kept: %v", d)
	}
}
