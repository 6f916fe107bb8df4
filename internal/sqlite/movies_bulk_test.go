package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/movies"
)

// scatteredCSV answers n rows with IDs in a scattered order (7 is prime to
// and does not divide n = 1000).
func scatteredCSV(n int, name string) string {
	var b strings.Builder
	b.WriteString("movie_id,name,country_of_origin,release_date\n")
	for i := range n {
		id := (i*7 + 3) % n
		fmt.Fprintf(&b, "m%05d,%s %d,France,2001-01-%02d\n", id, name, id, id%28+1)
	}
	return b.String()
}

// allInfos answers every info of the store, in ID order.
func allInfos(t *testing.T, s *MovieStore) []movies.Info {
	t.Helper()
	var out []movies.Info
	cursor := ""
	for {
		page, err := s.List(context.Background(), movies.MaxLimit, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Movies {
			if m.Info != nil {
				out = append(out, *m.Info)
			}
		}
		if cursor = page.Next; cursor == "" {
			return out
		}
	}
}

func bulkImport(t *testing.T, ctx context.Context, s *MovieStore, r io.Reader) (movies.Summary, error) {
	t.Helper()
	return movies.Import(ctx, s, r, movies.ImportOptions{BatchSize: 64, Bulk: true})
}

func TestBulkImportScatteredTwice(t *testing.T) {
	const n = 1000
	s := NewMovieStore(openTest(t))
	var first []movies.Info
	for run := range 2 {
		sum, err := bulkImport(t, context.Background(), s, strings.NewReader(scatteredCSV(n, "Movie")))
		if err != nil || sum.Read != n || sum.Stored != n || sum.Rejected != 0 {
			t.Fatalf("run %d: %+v, %v", run, sum, err)
		}
		got := allInfos(t, s)
		if len(got) != n {
			t.Fatalf("run %d: %d infos stored, want %d", run, len(got), n)
		}
		for i, in := range got {
			want := movies.Info{MovieID: fmt.Sprintf("m%05d", i), Name: fmt.Sprintf("Movie %d", i),
				CountryOfOrigin: "France", ReleaseDate: fmt.Sprintf("2001-01-%02d", i%28+1)}
			if in != want {
				t.Fatalf("run %d: info %d = %+v, want %+v", run, i, in, want)
			}
		}
		if run == 1 && !slices.Equal(first, got) {
			t.Fatal("the second import changed the store")
		}
		first = got
	}
	// A third import with other names replaces every info.
	if _, err := bulkImport(t, context.Background(), s, strings.NewReader(scatteredCSV(n, "Film"))); err != nil {
		t.Fatal(err)
	}
	if got := allInfos(t, s); len(got) != n || got[n-1].Name != fmt.Sprintf("Film %d", n-1) {
		t.Fatalf("after a changed import: %d infos, last %+v", len(got), got[len(got)-1])
	}
}

// TestBulkFirstRowKept: of the staged rows of one ID, the first is stored
// and the others are returned as repeats, counted, the first ones by line.
func TestBulkFirstRowKept(t *testing.T) {
	ctx := context.Background()
	s := NewMovieStore(openTest(t))
	bulk, err := s.BeginBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Abort()
	line := 0
	put := func(infos ...movies.Info) {
		rows := make([]movies.Row, len(infos))
		for i, in := range infos {
			line++
			rows[i] = movies.Row{Info: in, Line: line}
		}
		if err := bulk.Put(ctx, rows); err != nil {
			t.Fatal(err)
		}
	}
	put(movies.Info{MovieID: "b", Name: "B1"}, movies.Info{MovieID: "a", Name: "A1"})
	put(movies.Info{MovieID: "b", Name: "B2"}, movies.Info{MovieID: "b", Name: "B3"}, movies.Info{MovieID: "a", Name: "A2"})
	if got := allInfos(t, s); len(got) != 0 {
		t.Fatalf("staged infos visible before the commit: %+v", got)
	}
	reps, err := bulk.Commit(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := movies.Repeats{Count: 3, First: []movies.Repeat{{Line: 3, MovieID: "b"}, {Line: 4, MovieID: "b"}}}
	if fmt.Sprint(reps) != fmt.Sprint(want) {
		t.Fatalf("Commit = %+v, want %+v", reps, want)
	}
	got := allInfos(t, s)
	if len(got) != 2 || got[0].Name != "A1" || got[1].Name != "B1" {
		t.Fatalf("infos = %+v; want A1 and B1", got)
	}
	if err := bulk.Put(ctx, []movies.Row{{Info: movies.Info{MovieID: "c", Name: "C"}, Line: 9}}); err == nil {
		t.Fatal("Put after Commit succeeded")
	}
}

// failingReader answers up to limit bytes of r, then calls before (when
// set) and answers err.
type failingReader struct {
	r      io.Reader
	limit  int
	before func()
	err    error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.limit <= 0 {
		if f.before != nil {
			f.before()
		}
		return 0, f.err
	}
	n, err := f.r.Read(p[:min(len(p), f.limit)])
	f.limit -= n
	return n, err
}

func TestBulkImportFailureStoresNothing(t *testing.T) {
	input := scatteredCSV(1000, "Movie")
	errDisk := errors.New("disk gone")
	for _, c := range []struct {
		name   string
		cancel bool
		want   error
	}{
		{"read error", false, errDisk},
		{"cancelled", true, context.Canceled},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewMovieStore(openTest(t))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// Past several batches of 64 rows, most of the file.
			r := &failingReader{r: strings.NewReader(input), limit: len(input) * 3 / 4, err: errDisk}
			if c.cancel {
				r.before, r.err = cancel, io.EOF
			}
			sum, err := bulkImport(t, ctx, s, r)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v; want %v", err, c.want)
			}
			if sum.Read < 500 || sum.Stored != 0 {
				t.Fatalf("summary %+v; want many rows read and none stored", sum)
			}
			if got := allInfos(t, s); len(got) != 0 {
				t.Fatalf("%d infos stored by a failed import", len(got))
			}
			// The writer is free again and the staging table gone.
			if sum, err := bulkImport(t, context.Background(), s, strings.NewReader(input)); err != nil || sum.Stored != 1000 {
				t.Fatalf("import after the failure: %+v, %v", sum, err)
			}
			if got := allInfos(t, s); len(got) != 1000 {
				t.Fatalf("%d infos after the second import; want 1000", len(got))
			}
		})
	}
}

// TestBulkImportReportsRepeats: through Import, the rows the sort leaves
// out are rejected, counted and reported in line order among the rows the
// decoder refused.
func TestBulkImportReportsRepeats(t *testing.T) {
	s := NewMovieStore(openTest(t))
	input := "m2,Two,France,2001-01-01\n" + // 1
		"m1,One,France,2001-01-01\n" + // 2
		",no id,France,2001-01-01\n" + // 3: refused by the decoder
		"m2,Again,Spain,2002-02-02\n" + // 4: repeats line 1
		"m3,Three,Italy,2003-03-03\n" + // 5
		"m1,Once more,Spain,2002-02-02\n" + // 6: repeats line 2
		"m4,,Italy,2003-03-03\n" // 7: refused by the decoder
	sum, err := movies.Import(context.Background(), s, strings.NewReader(input), movies.ImportOptions{BatchSize: 2, Bulk: true, MaxProblems: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 7 || sum.Stored != 3 || sum.Rejected != 4 {
		t.Fatalf("summary %+v", sum)
	}
	var lines []int
	for _, p := range sum.Problems {
		lines = append(lines, p.Line)
	}
	if !slices.Equal(lines, []int{3, 4, 6}) || sum.Problems[1].MovieID != "m2" || !strings.Contains(sum.Problems[1].Reason, "repeats an earlier row") {
		t.Fatalf("problems %+v; want lines 3, 4 and 6, capped at 3", sum.Problems)
	}
	got := allInfos(t, s)
	if len(got) != 3 || got[0].Name != "One" || got[1].Name != "Two" || got[2].Name != "Three" {
		t.Fatalf("stored %+v; want the first row of each ID", got)
	}
}

// TestBulkCommitCancelled: a cancel while the staged rows are sorted and
// merged interrupts the statement under way, and nothing is stored.
func TestBulkCommitCancelled(t *testing.T) {
	s := NewMovieStore(openTest(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bulk, err := s.BeginBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Abort()
	const n = 200_000
	rows := make([]movies.Row, 0, 5000)
	for i := range n {
		id := (i * 7919) % n // scattered: the commit sorts
		rows = append(rows, movies.Row{Info: movies.Info{MovieID: fmt.Sprintf("m%07d", id), Name: "Movie", CountryOfOrigin: "France"}, Line: i + 1})
		if len(rows) == cap(rows) {
			if err := bulk.Put(ctx, rows); err != nil {
				t.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	// Sorting 200,000 rows takes far longer than this.
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := bulk.Commit(ctx, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("Commit = %v, want it cancelled", err)
	}
	if got := allInfos(t, s); len(got) != 0 {
		t.Fatalf("%d infos stored by a cancelled commit", len(got))
	}
}
