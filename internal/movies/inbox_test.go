package movies

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newTestInbox(t *testing.T, store Store) (*Inbox, string) {
	t.Helper()
	dir := t.TempDir()
	in, err := NewInbox(dir, store, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Millisecond, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return in, dir
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readReport(t *testing.T, path string) Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("report %s: %v", b, err)
	}
	return r
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestInboxFilesDoneAndFailed(t *testing.T) {
	rec := &recorder{}
	in, dir := newTestInbox(t, rec)
	ctx := context.Background()
	write(t, filepath.Join(dir, "good.csv"), "m1,One,France,2001-01-01\nm2,Two,Spain,2002-02-02\n")
	write(t, filepath.Join(dir, "some-bad.CSV"), "m3,Three,Italy,2003-03-03\nm4,,Italy,2003-03-03\n")
	write(t, filepath.Join(dir, "bad-header.csv"), "movie_id,title\nm5,Five\n")
	write(t, filepath.Join(dir, ".partial.csv"), "m6,Six,,\n")
	write(t, filepath.Join(dir, "notes.txt"), "m7,Seven,,\n")

	in.Poll(ctx) // first sight: nothing is taken yet
	if len(rec.batches) != 0 || len(files(t, filepath.Join(dir, DoneDir))) != 0 {
		t.Fatal("files taken at the first poll, before their size was known to be stable")
	}
	in.Poll(ctx)

	if got := strings.Join(files(t, dir), " "); got != ".partial.csv notes.txt" {
		t.Errorf("left in the inbox: %s", got)
	}
	if got := strings.Join(files(t, filepath.Join(dir, DoneDir)), " "); got != "good.csv good.report.json some-bad.CSV some-bad.report.json" {
		t.Errorf("done: %s", got)
	}
	if got := strings.Join(files(t, filepath.Join(dir, FailedDir)), " "); got != "bad-header.csv bad-header.report.json" {
		t.Errorf("failed: %s", got)
	}
	good := readReport(t, filepath.Join(dir, DoneDir, "good.report.json"))
	if good.File != "good.csv" || good.Read != 2 || good.Stored != 2 || good.Error != "" || good.Finished.Before(good.Started) {
		t.Errorf("good report: %+v", good)
	}
	some := readReport(t, filepath.Join(dir, DoneDir, "some-bad.report.json"))
	if some.Stored != 1 || some.Rejected != 1 || len(some.Problems) != 1 || some.Problems[0].Line != 2 {
		t.Errorf("report with a rejected row: %+v", some)
	}
	bad := readReport(t, filepath.Join(dir, FailedDir, "bad-header.report.json"))
	if !strings.Contains(bad.Error, "header") || bad.Stored != 0 {
		t.Errorf("failed report: %+v", bad)
	}
	if n := len(rec.infos()); n != 3 {
		t.Errorf("stored %d rows, want 3", n)
	}
}

func TestInboxWaitsForAStableFile(t *testing.T) {
	rec := &recorder{}
	in, dir := newTestInbox(t, rec)
	ctx := context.Background()
	path := filepath.Join(dir, "growing.csv")
	write(t, path, "m1,One,France,2001-01-01\n")
	in.Poll(ctx)
	write(t, path, "m1,One,France,2001-01-01\nm2,Two,Spain,2002-02-02\n") // still being written
	in.Poll(ctx)
	if len(rec.batches) != 0 {
		t.Fatal("a file that changed between polls was imported")
	}
	in.Poll(ctx)
	if len(rec.infos()) != 2 {
		t.Fatalf("stored %d rows, want the whole file", len(rec.infos()))
	}
}

func TestInboxNameTaken(t *testing.T) {
	in, dir := newTestInbox(t, &recorder{})
	ctx := context.Background()
	for range 2 {
		write(t, filepath.Join(dir, "daily.csv"), "m1,One,France,2001-01-01\n")
		in.Poll(ctx)
		in.Poll(ctx)
	}
	if got := strings.Join(files(t, filepath.Join(dir, DoneDir)), " "); got != "daily-1.csv daily-1.report.json daily.csv daily.report.json" {
		t.Fatalf("done: %s", got)
	}
}

func TestInboxStoreFailure(t *testing.T) {
	in, dir := newTestInbox(t, &recorder{failOn: 1})
	write(t, filepath.Join(dir, "x.csv"), "m1,One,France,2001-01-01\n")
	in.Poll(context.Background())
	in.Poll(context.Background())
	rep := readReport(t, filepath.Join(dir, FailedDir, "x.report.json"))
	if !strings.Contains(rep.Error, errStoreDown.Error()) {
		t.Fatalf("report: %+v", rep)
	}
}

func TestInboxRunStops(t *testing.T) {
	rec := &recorder{}
	in, dir := newTestInbox(t, rec)
	write(t, filepath.Join(dir, "x.csv"), "m1,One,France,2001-01-01\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for !exists(filepath.Join(dir, DoneDir, "x.csv")) {
		if time.Now().After(deadline) {
			t.Fatal("file never imported")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestNewInboxErrors(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := NewInbox(filepath.Join(t.TempDir(), "missing"), &recorder{}, log, 0, ImportOptions{}); err == nil {
		t.Error("missing directory accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	write(t, file, "")
	if _, err := NewInbox(file, &recorder{}, log, 0, ImportOptions{}); err == nil {
		t.Error("a file accepted as the inbox")
	}
}
