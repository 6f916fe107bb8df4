package visits_test

import (
	"context"
	"testing"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// answeringStore is a real store whose Record answers at once, so that a
// benchmark measures the counter's own work per hit.
type answeringStore struct{ visits.Store }

func (answeringStore) Record(context.Context, visits.Hit) (visits.Counts, error) {
	return visits.Counts{}, nil
}

var benchAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
}

// benchRecord measures Counter.Record of views made by view.
func benchRecord(b *testing.B, view func(i int) visits.View) {
	ctx := context.Background()
	c := visits.NewCounter(answeringStore{sqliteStore(b)}, visits.WithPaths([]string{"/", "/movies"}),
		visits.WithCountry(func(string) string { return "DE" }))
	for i := range benchAgents { // warm the caches, as a running server has them
		if _, err := c.Record(ctx, view(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := c.Record(ctx, view(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRecordPathOnly is the baseline: a view that names its path
// alone, from a client the bot cache knows.
func BenchmarkRecordPathOnly(b *testing.B) {
	benchRecord(b, func(i int) visits.View {
		return visits.View{IP: "203.0.113.7", UserAgent: benchAgents[i%len(benchAgents)], Path: "/"}
	})
}

// BenchmarkRecordDimensions is a view with every dimension to derive.
func BenchmarkRecordDimensions(b *testing.B) {
	benchRecord(b, func(i int) visits.View {
		return visits.View{IP: "203.0.113.7", UserAgent: benchAgents[i%len(benchAgents)], Path: "/movies/",
			Referrer: "https://www.reddit.com/r/golang/comments/abc/", Host: "cv.example.org",
			Query: "?utm_source=newsletter&utm_medium=email&utm_campaign=spring", Screen: 1440}
	})
}

// BenchmarkParseAgent is a User-Agent parsed afresh, what the agent cache
// saves on a hit.
func BenchmarkParseAgent(b *testing.B) {
	i := 0
	for b.Loop() {
		visits.ParseAgent(benchAgents[i%len(benchAgents)])
		i++
	}
}
