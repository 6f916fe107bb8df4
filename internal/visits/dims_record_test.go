package visits_test

import (
	"context"
	"testing"

	"github.com/cloudresume/cloudresume/internal/storetest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func TestRecordDimensions(t *testing.T) {
	ctx := context.Background()
	kept := &storetest.Kept{Store: sqliteStore(t)}
	var looked []string
	c := visits.NewCounter(kept, visits.WithPaths([]string{"/", "/movies"}), visits.WithOwnHosts("cv.example.org"),
		visits.WithCountry(func(ip string) string { looked = append(looked, ip); return "se" }))
	chrome := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	views := []visits.View{
		{IP: "89.160.20.112", UserAgent: chrome, Path: "/index.html", Referrer: "https://news.ycombinator.com/item?id=1", Query: "?utm_source=HN", Screen: 1920},
		{IP: "89.160.20.112", UserAgent: chrome, Path: "/secret/../admin", Referrer: "https://cv.example.org/", Country: "FR", Screen: 1 << 30},
		{IP: "89.160.20.112", UserAgent: "curl/8.5.0", Path: "/movies", Referrer: "https://google.com/"},
	}
	for _, v := range views {
		if _, err := c.Record(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	want := [][]visits.Dim{
		{{Name: "path", Value: "/"}, {Name: "referrer", Value: "news.ycombinator.com/item?id=1"}, {Name: "utm_source", Value: "hn"},
			{Name: "browser", Value: "Chrome 131"}, {Name: "os", Value: "Windows"}, {Name: "device", Value: "desktop"},
			{Name: "screen", Value: visits.ScreenDesktop}, {Name: "country", Value: "SE"}},
		{{Name: "path", Value: visits.Other}, {Name: "browser", Value: "Chrome 131"}, {Name: "os", Value: "Windows"},
			{Name: "device", Value: "desktop"}, {Name: "country", Value: "FR"}},
		{{Name: "path", Value: "/movies"}}, // a bot: its path alone
	}
	for i, h := range kept.Hits() {
		if len(h.Dims) != len(want[i]) {
			t.Fatalf("hit %d: dims %v, want %v", i, h.Dims, want[i])
		}
		for j := range h.Dims {
			if h.Dims[j] != want[i][j] {
				t.Fatalf("hit %d: dims %v, want %v", i, h.Dims, want[i])
			}
		}
		if h.Path != want[i][0].Value {
			t.Errorf("hit %d: Path %q, want the bounded %q", i, h.Path, want[i][0].Value)
		}
	}
	if !kept.Hits()[2].Bot {
		t.Error("curl counted as a browser")
	}
	if len(looked) != 1 {
		t.Errorf("looked up %v: only the view without a country", looked)
	}
}
