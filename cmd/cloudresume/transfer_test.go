package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/cmd/internal/local"
	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// SQLite -> DynamoDB -> SQLite with export and import keeps every count,
// message and movie exactly: the three exports are the same, line for
// line, and so are what stats and messages print.
func TestExportImportRoundTripThroughDynamoDB(t *testing.T) {
	dir := t.TempDir()
	first, back := filepath.Join(dir, "first.db"), filepath.Join(dir, "back.db")
	fillSQLite(t, first)

	endpoint := awstest.Dynalite(t)
	dyn := []string{"--store", "dynamodb", "--dynamodb-endpoint", endpoint, "--table-prefix", awstest.Prefix(t)}
	mustCLI(t, append([]string{"tables", "create"}, dyn...)...)

	fromFirst := filepath.Join(dir, "first.jsonl")
	mustCLI(t, "export", "--db", first, "-o", fromFirst)
	for range 2 { // the second import changes nothing
		mustCLI(t, append([]string{"import"}, append(dyn, fromFirst)...)...)
	}
	fromDynamo := filepath.Join(dir, "dynamo.jsonl")
	mustCLI(t, append([]string{"export", "-o", fromDynamo}, dyn...)...)
	mustCLI(t, "import", "--db", back, fromDynamo)
	fromBack, _ := mustCLI(t, "export", "--db", back)

	want := records(t, readFile(t, fromFirst))
	if !strings.Contains(want, `"type":"message"`) || !strings.Contains(want, `"type":"movie"`) || !strings.Contains(want, `"type":"visit_day"`) || !strings.Contains(want, `"type":"visit_dim"`) {
		t.Fatalf("the first export lacks data:\n%s", want)
	}
	for name, got := range map[string]string{"DynamoDB": records(t, readFile(t, fromDynamo)), "SQLite again": records(t, fromBack)} {
		if got != want {
			t.Errorf("export from %s differs\n got: %s\nwant: %s", name, got, want)
		}
	}
	for _, cmd := range [][]string{{"stats", "--json", "--top", "100"}, {"messages", "--json"}} {
		a, _ := mustCLI(t, append(cmd, "--db", first)...)
		d, _ := mustCLI(t, append(cmd, dyn...)...)
		b, _ := mustCLI(t, append(cmd, "--db", back)...)
		if a != d || a != b {
			t.Errorf("%s differs:\nfirst: %s\ndynamo: %s\nback: %s", cmd[0], a, d, b)
		}
	}
}

func TestImportRefusesANewerVersion(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "future.jsonl")
	os.WriteFile(file, []byte(`{"format":"cloudresume-export","version":99}`+"\n"), 0o644)
	_, _, err := cli(t, nil, "import", "--db", filepath.Join(dir, "x.db"), file)
	if code := exitCode(&bytes.Buffer{}, err); code != 2 || !strings.Contains(err.Error(), "newer cloudresume") {
		t.Fatalf("import of version 99: exit %d, %v", code, err)
	}
	if _, _, err := cli(t, nil, "export", "--db", filepath.Join(dir, "missing.db")); exitCode(&bytes.Buffer{}, err) != 2 {
		t.Fatalf("export of a missing database: %v", err)
	}
}

// fillSQLite puts hits of several days, messages in every outbox state,
// spam, movies and ratings in a new SQLite database at path.
func fillSQLite(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	st, err := local.Open(ctx, &app.Config{Store: "sqlite", DB: path}, nil, app.Create)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 60 {
		h := visits.Hit{Path: fmt.Sprintf("/p%d", i%7), VisitorID: fmt.Sprint("v", i%9), Day: fmt.Sprintf("2026-01-%02d", 1+i%5), Bot: i%11 == 0}
		if i%2 == 0 {
			h.Day = fmt.Sprintf("2026-02-%02d", 1+i%28) // a month a report packs
		}
		h.Dims = []visits.Dim{{Name: visits.DimPath, Value: h.Path}, {Name: visits.DimBrowser, Value: []string{"Firefox", "Chrome", "Safari"}[i%3]},
			{Name: visits.DimCountry, Value: fmt.Sprint("C", i%4)}, {Name: visits.DimReferrer, Value: "ref ✓ \"quoted\""}}
		if _, err := st.Visits.Record(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 1, 5, 10, 30, 0, 123e6, time.UTC)
	for i, d := range []contact.Delivery{
		{State: contact.Pending, NextAttempt: t0},
		{State: contact.Pending, Attempts: 3, LastError: "dial tcp: refused", NextAttempt: t0.Add(time.Hour)},
		{State: contact.Sent, Attempts: 1, NextAttempt: t0, SentAt: t0.Add(2 * time.Second)},
		{State: contact.Failed, Attempts: 8, LastError: "550 mailbox unavailable", NextAttempt: t0},
	} {
		m := contact.Message{ID: fmt.Sprint("msg", i), Name: "Zoë " + fmt.Sprint(i), Email: fmt.Sprintf("z%d@example.com", i),
			Body: "Hello,\n\"quoted\" ✓ " + strings.Repeat("x", i*100), CreatedAt: t0.Add(time.Duration(i) * time.Minute), Delivery: d}
		if err := st.Messages.Save(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Messages.MarkRead(ctx, "msg2"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := st.Messages.AddSpam(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var infos []movies.Info
	for i := range 250 { // more than a page of the listing
		infos = append(infos, movies.Info{MovieID: fmt.Sprintf("tt%04d", i), Name: fmt.Sprint("Movie ", i), CountryOfOrigin: "France", ReleaseDate: "2001-02-03"})
	}
	if err := st.Movies.PutInfos(ctx, infos); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"tt0001", "tt0100", "only-rated"} {
		score := 10 * i
		if _, err := st.Movies.UpdateRating(ctx, id, movies.RatingPatch{IMDB: &score}); err != nil {
			t.Fatal(err)
		}
	}
}

// mustCLI runs the program and fails the test on an error.
func mustCLI(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	out, errOut, err := cli(t, nil, args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut)
	}
	return out, errOut
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// records answers an export without its header, which names the time and
// the source.
func records(t *testing.T, export string) string {
	t.Helper()
	head, rest, ok := strings.Cut(export, "\n")
	if !ok || !strings.Contains(head, `"version":2`) {
		t.Fatalf("no header: %.200s", export)
	}
	return rest
}
