package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// seedHits records hits in a new database file and answers its path.
func seedHits(t *testing.T, hits ...visits.Hit) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "site.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer vs.Close()
	for _, h := range hits {
		if _, err := vs.Record(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestStatsCommand(t *testing.T) {
	day := "2026-11-22"
	path := seedHits(t,
		visits.Hit{Path: "/", VisitorID: "a", Day: day},
		visits.Hit{Path: "/", VisitorID: "a", Day: day},
		visits.Hit{Path: "/movies", VisitorID: "b", Day: day},
		visits.Hit{Path: "/", VisitorID: "c", Day: day},
		visits.Hit{Path: "/", VisitorID: "d", Day: day, Bot: true},
	)

	out, _, err := cli(t, nil, "stats", "--db", path, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got visits.Summary
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	want := visits.Summary{
		Visits:   visits.Counts{Visitors: 3, Views: 4, Bots: 1},
		TopPaths: []visits.PathViews{{Path: "/", Views: 3}, {Path: "/movies", Views: 1}},
	}
	if got.Visits != want.Visits || len(got.TopPaths) != 2 || got.TopPaths[0] != want.TopPaths[0] || got.TopPaths[1] != want.TopPaths[1] {
		t.Fatalf("stats --json = %+v, want %+v", got, want)
	}

	out, _, err = cli(t, nil, "stats", "--db", path, "--top", "1")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`visitors +3`, `views +4`, `bot hits +1`, `VIEWS +PATH`, `3 +/`} {
		if !regexp.MustCompile(`(?m)^` + line + `$`).MatchString(out) {
			t.Errorf("stats output lacks a line %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "/movies") {
		t.Errorf("--top 1 listed a second path:\n%s", out)
	}

	for _, args := range [][]string{{"--top", "0"}, {"extra"}, {"--store", "nosql"}} {
		if _, _, err := cli(t, nil, append([]string{"stats", "--db", path}, args...)...); exitCode(io.Discard, err) != 2 {
			t.Errorf("stats %v: %v, want exit 2", args, err)
		}
	}
}

// A command that reads the store must not answer "nothing there" from a
// database it has just created because the path was mistyped.
func TestReadCommandsRefuseMissingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, cmd := range []string{"stats", "messages"} {
		_, _, err := cli(t, nil, cmd, "--db", missing)
		if exitCode(io.Discard, err) != 2 || !strings.Contains(err.Error(), "no such database") {
			t.Errorf("%s --db %s: %v, want exit 2 naming the missing database", cmd, missing, err)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%s created %s", cmd, missing)
		}
	}
}

// A path stored before paths were checked, with an escape sequence and a
// bidirectional override, is printed with neither.
func TestStatsPrintsNoControls(t *testing.T) {
	path := seedHits(t, visits.Hit{Path: "/\x1b[2Jwiped\u202eevil", VisitorID: "a", Day: "2026-01-01"})
	out, _, err := cli(t, nil, "stats", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, "wiped") {
		t.Errorf("stats printed %q", out)
	}
}
