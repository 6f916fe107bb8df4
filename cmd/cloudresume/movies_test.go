package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// storedMovies answers every movie of the SQLite database at path.
func storedMovies(t *testing.T, path string) []movies.Movie {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page, err := sqlite.NewMovieStore(db).List(context.Background(), movies.MaxLimit, "")
	if err != nil {
		t.Fatal(err)
	}
	return page.Movies
}

func writeFile(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMoviesImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "movies.db")
	good := writeFile(t, filepath.Join(dir, "good.csv"),
		"\ufeffmovie_id,name,country_of_origin,release_date\r\ntt1,\"One, \"\"the\"\" first\",France,2001-01-01\r\ntt2,Two,,\r\n")

	// Flags may follow the file.
	out, stderr, err := cli(t, nil, "movies", "import", good, "--db", db, "--create")
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", exitCode(io.Discard, err), err, stderr)
	}
	if out != "read 2 rows: 2 stored, 0 rejected\n" {
		t.Fatalf("stdout %q", out)
	}
	if stderr != "" {
		t.Errorf("stderr is not a terminal, yet has %q", stderr)
	}
	got := storedMovies(t, db)
	if len(got) != 2 || got[0].Info.Name != `One, "the" first` || got[1].Info.MovieID != "tt2" {
		t.Fatalf("stored %+v", got)
	}

	// The environment names the database like the flag.
	some := writeFile(t, filepath.Join(dir, "some.csv"), "tt3,Three,Italy,2003-03-03\ntt4,Four,Italy,2021-02-30\n,No id,,\n")
	report := filepath.Join(dir, "report.json")
	out, _, err = cli(t, map[string]string{"CLOUDRESUME_DB": db}, "movies", "import", "--report", report, some)
	if code := exitCode(io.Discard, err); code != 1 {
		t.Fatalf("some rows rejected: exit %d (%v)", code, err)
	}
	want := "read 3 rows: 1 stored, 2 rejected\n" +
		"line 2: release_date \"2021-02-30\" is not a real date in the form YYYY-MM-DD\n" +
		"line 3: movie_id is empty\n"
	if out != want {
		t.Fatalf("stdout %q\nwant   %q", out, want)
	}
	var rep movies.Report
	if b, err := os.ReadFile(report); err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("report: %v %s", err, b)
	}
	if rep.File != some || rep.Read != 3 || rep.Stored != 1 || rep.Rejected != 2 || len(rep.Problems) != 2 || rep.Error != "" {
		t.Fatalf("report %+v", rep)
	}
	if n := len(storedMovies(t, db)); n != 3 {
		t.Fatalf("%d movies after the second file, want 3", n)
	}
}

func TestMoviesImportListsAFewProblems(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, filepath.Join(dir, "bad.csv"), strings.Repeat("x,,,\n", listedProblems+7))
	out, _, err := cli(t, nil, "movies", "import", "--create", "--db", filepath.Join(dir, "m.db"), csv)
	if exitCode(io.Discard, err) != 1 {
		t.Fatalf("err %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != listedProblems+2 || lines[len(lines)-1] != "... and 7 more" || lines[1] != "line 1: name is empty" {
		t.Fatalf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestMoviesImportStdin(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	var out strings.Builder
	err := run(context.Background(), []string{"movies", "import", "--create", "--db", db, "-"}, func(string) string { return "" },
		strings.NewReader("m1,One,France,2001-01-01\n"), &out, io.Discard)
	if err != nil || out.String() != "read 1 rows: 1 stored, 0 rejected\n" {
		t.Fatalf("%v %q", err, out.String())
	}
	if got := storedMovies(t, db); len(got) != 1 {
		t.Fatalf("stored %+v", got)
	}
}

func TestMoviesImportFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	header := writeFile(t, filepath.Join(dir, "header.csv"), "movie_id,title\nm1,One\n")
	report := filepath.Join(dir, "r.json")
	cases := []struct {
		name string
		args []string
		want string // in the error
	}{
		{"missing file", []string{"movies", "import", "--db", db, filepath.Join(dir, "nope.csv")}, "no such file"},
		{"unreadable header", []string{"movies", "import", "--create", "--db", db, "--report", report, header}, "a header must name"},
		{"no such database", []string{"movies", "import", "--db", filepath.Join(dir, "typo.db"), header}, "typo.db: no such database"},
		{"no file", []string{"movies", "import", "--db", db}, "give one FILE"},
		{"two files", []string{"movies", "import", "--db", db, header, header}, "give one FILE"},
		{"bad store", []string{"movies", "import", "--store", "nosql", header}, "want sqlite or dynamodb"},
		{"bad batch size", []string{"movies", "import", "--db", db, "--batch-size", "0", header}, "--batch-size"},
		{"no subcommand", []string{"movies"}, "no subcommand"},
		{"unknown subcommand", []string{"movies", "export"}, "unknown subcommand"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := cli(t, nil, c.args...)
			if code := exitCode(io.Discard, err); code != 2 || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("exit %d, err %v; want 2 and %q", code, err, c.want)
			}
		})
	}
	// The report of a failed import says why.
	var rep movies.Report
	if b, err := os.ReadFile(report); err != nil || json.Unmarshal(b, &rep) != nil || !strings.Contains(rep.Error, "header") {
		t.Fatalf("report of the failed import: %v %+v", err, rep)
	}
}

func TestServeMoviesInbox(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--db", filepath.Join(dir, "site.db"), "--movies-inbox", inbox, "--admin-token", "tok", "--rate-limit", "0")

	// Written under another name, then renamed, as a careful uploader does.
	tmp := writeFile(t, filepath.Join(inbox, ".upload.tmp"), "tt1,One,France,2001-01-01\ntt2,Two,Spain,2002-02-02\ntt2,Again,Spain,2002-02-02\n")
	if err := os.Rename(tmp, filepath.Join(inbox, "batch.csv")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(inbox, "broken.csv"), "movie_id,name\n")
	waitFor(t, filepath.Join(inbox, "done", "batch.report.json"), s.stderr)
	waitFor(t, filepath.Join(inbox, "failed", "broken.report.json"), s.stderr)

	var rep movies.Report
	b, _ := os.ReadFile(filepath.Join(inbox, "done", "batch.report.json"))
	if err := json.Unmarshal(b, &rep); err != nil || rep.Stored != 2 || rep.Rejected != 1 || rep.Problems[0].Line != 3 {
		t.Fatalf("report %s", b)
	}
	if _, err := os.Stat(filepath.Join(inbox, "done", "batch.csv")); err != nil {
		t.Fatal("file not moved to done/")
	}
	if !strings.Contains(s.stderr.String(), "movies imported with rejected rows") {
		t.Errorf("log lacks the import: %s", s.stderr)
	}

	resp, err := http.Get(s.url + "/api/movies/tt2")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Name *string }
	json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if resp.StatusCode != 200 || m.Name == nil || *m.Name != "Two" {
		t.Fatalf("GET tt2: %d %+v", resp.StatusCode, m)
	}
	req, _ := http.NewRequest("PATCH", s.url+"/api/movies/tt2", strings.NewReader(`{"imdb_rating": 77}`))
	req.Header.Set("Authorization", "Bearer tok")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("PATCH: %d", resp.StatusCode)
	}
	resp, err = http.Get(s.url + "/movies")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `<dt>IMDb</dt><dd class="num">77</dd>`) {
		t.Fatalf("GET /movies: %d %s", resp.StatusCode, page)
	}
}

func TestServeMoviesPageOff(t *testing.T) {
	s := startServe(t, "--db", filepath.Join(t.TempDir(), "site.db"), "--movies-page=false")
	for path, want := range map[string]int{"/movies": 404, "/api/movies": 200} {
		resp, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestServeMoviesInboxMissing(t *testing.T) {
	_, _, err := cli(t, nil, "serve", "--addr", freeAddr(t), "--db", filepath.Join(t.TempDir(), "x.db"), "--movies-inbox", "/nonexistent/inbox")
	if code := exitCode(io.Discard, err); code != 2 {
		t.Fatalf("exit %d: %v", code, err)
	}
}

// waitFor waits until path exists.
func waitFor(t *testing.T, path string, log fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared\n%s", path, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
