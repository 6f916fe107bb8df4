package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

func TestStatsRange(t *testing.T) {
	today := time.Now().UTC()
	day := func(ago int) string { return today.AddDate(0, 0, -ago).Format(visits.DayLayout) }
	hit := func(id, d, browser string) visits.Hit {
		return visits.Hit{Path: "/", VisitorID: id, Day: d, Dims: []visits.Dim{{Name: visits.DimPath, Value: "/"}, {Name: visits.DimBrowser, Value: browser}}}
	}
	path := seedHits(t, hit("a", day(0), "Firefox"), hit("b", day(0), "Firefox"), hit("c", day(0), "Chrome"), hit("d", day(2), "Firefox"), hit("e", day(40), "Safari"))

	out, _, err := cli(t, nil, "stats", "--db", path, "--since", "1w", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got web.StatsResponse
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	r := got.Report
	if r.From != day(6) || r.To != day(0) || len(r.Days) != 7 || r.Totals.Views != 4 || got.Visits.Views != 5 {
		t.Fatalf("--since 1w: %+v, all time %+v", r, got.Visits)
	}
	if b := r.Dims[visits.DimBrowser]; len(b) != 2 || b[0] != (visits.ValueCounts{Value: "Firefox", Views: 3, Visitors: 3}) {
		t.Fatalf("browsers %+v", b)
	}

	out, _, err = cli(t, nil, "stats", "--db", path, "--since", "3d")
	if err != nil {
		t.Fatal(err)
	}
	// Three days, oldest first: 1 view, none, 3 views.
	if !strings.Contains(out, "views per day  ▃▁█\n") || !strings.Contains(out, day(2)+" to "+day(0)+": 4 visitors, 4 views") || strings.Contains(out, "Safari") {
		t.Errorf("stats --since 3d:\n%s", out)
	}

	out, _, err = cli(t, nil, "stats", "--db", path, "--from", day(40), "--to", day(40), "--json")
	if err != nil || !strings.Contains(out, `"Safari"`) {
		t.Errorf("--from/--to one day: %v\n%s", err, out)
	}

	for _, args := range [][]string{{"--since", "30"}, {"--since", "d"}, {"--since", "0d"}, {"--since", "5y"}, {"--since", "30dd"}, {"--since", "9999d"},
		{"--from", "2026-13-01", "--to", "2026-12-01"}, {"--from", "2026-12-01"}, {"--top", "1001"}} {
		_, _, err := cli(t, nil, append([]string{"stats", "--db", path}, args...)...)
		if exitCode(io.Discard, err) != 2 || !strings.Contains(err.Error(), "--") {
			t.Errorf("stats %v: %v, want exit 2 naming the flag", args, err)
		}
	}
}
