package movies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// recorder is a Store that keeps the batches Import gives it, to check how
// Import batches and counts; store behaviour is tested on real stores in
// internal/storetest.
type recorder struct {
	batches [][]Info
	failOn  int // PutInfos call (1-based) that fails; 0 never
}

var errStoreDown = errors.New("store down")

func (r *recorder) PutInfos(_ context.Context, infos []Info) error {
	if r.failOn == len(r.batches)+1 {
		return errStoreDown
	}
	r.batches = append(r.batches, slices.Clone(infos))
	return nil
}

func (r *recorder) infos() []Info { return slices.Concat(r.batches...) }

func (r *recorder) UpdateRating(context.Context, string, RatingPatch) (Rating, error) {
	return Rating{}, errors.ErrUnsupported
}
func (r *recorder) Get(context.Context, string) (Movie, error) { return Movie{}, errors.ErrUnsupported }
func (r *recorder) List(context.Context, int, string) (Page, error) {
	return Page{}, errors.ErrUnsupported
}

func rows(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "m%05d,Movie %d,France,2001-01-%02d\n", i, i, i%28+1)
	}
	return b.String()
}

func TestImportBatchesAndCounts(t *testing.T) {
	input := "movie_id,name,country_of_origin,release_date\n" + rows(5) + "bad,,France,2001-01-01\n" + rows(2)
	rec := &recorder{}
	sum, err := Import(context.Background(), rec, strings.NewReader(input), ImportOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	// rows(2) repeats m00000 and m00001 of rows(5): rejected as repeated.
	if sum.Read != 8 || sum.Stored != 5 || sum.Rejected != 3 {
		t.Fatalf("summary = %+v", sum)
	}
	sizes := []int{}
	for _, b := range rec.batches {
		sizes = append(sizes, len(b))
	}
	if !slices.Equal(sizes, []int{2, 2, 1}) {
		t.Errorf("batch sizes = %v, want [2 2 1]", sizes)
	}
	if got := rec.infos(); len(got) != 5 || got[4] != (Info{"m00004", "Movie 4", "France", "2001-01-05"}) {
		t.Errorf("stored = %q", got)
	}
	wantLines := []int{7, 8, 9}
	for i, p := range sum.Problems {
		if p.Line != wantLines[i] {
			t.Errorf("problem %d = %+v, want line %d", i, p, wantLines[i])
		}
	}
}

func TestImportSummaryJSON(t *testing.T) {
	sum, err := Import(context.Background(), &recorder{}, strings.NewReader("m1,A,France,2001-01-01\n"), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(sum)
	if string(b) != `{"read":1,"stored":1,"rejected":0,"problems":[]}` {
		t.Fatalf("json = %s", b)
	}
	sum, _ = Import(context.Background(), &recorder{}, strings.NewReader("m1,A,France,2001-02-30\n"), ImportOptions{})
	b, _ = json.Marshal(sum)
	want := `{"read":1,"stored":0,"rejected":1,"problems":[{"line":1,"reason":"release_date \"2001-02-30\" is not a real date in the form YYYY-MM-DD","movie_id":"m1"}]}`
	if string(b) != want {
		t.Fatalf("json = %s\nwant   %s", b, want)
	}
}

func TestImportCapsProblemsButCountsAll(t *testing.T) {
	input := strings.Repeat(",no id,France,2001-01-01\n", 30) + rows(3)
	sum, err := Import(context.Background(), &recorder{}, strings.NewReader(input), ImportOptions{MaxProblems: 10})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 30 || len(sum.Problems) != 10 || sum.Problems[9].Line != 10 || sum.Stored != 3 || sum.Read != 33 {
		t.Fatalf("summary: read %d stored %d rejected %d problems %d", sum.Read, sum.Stored, sum.Rejected, len(sum.Problems))
	}
}

func TestImportProgress(t *testing.T) {
	input := rows(40000) // about 1.2 MB
	var calls []int64
	_, err := Import(context.Background(), &recorder{}, strings.NewReader(input), ImportOptions{
		Progress: func(n int64) { calls = append(calls, n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 3 || calls[len(calls)-1] != int64(len(input)) || !slices.IsSorted(calls) {
		t.Fatalf("progress calls = %v, want increasing, ending at %d", calls, len(input))
	}
}

func TestImportReadErrorKeepsEarlierRows(t *testing.T) {
	boom := errors.New("connection reset")
	rec := &recorder{}
	r := io.MultiReader(strings.NewReader(rows(3)), iotest.ErrReader(boom))
	sum, err := Import(context.Background(), rec, r, ImportOptions{})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the read error", err)
	}
	if sum.Read != 3 || sum.Stored != 3 || len(rec.infos()) != 3 {
		t.Fatalf("summary = %+v, stored %d", sum, len(rec.infos()))
	}
}

func TestImportStoreError(t *testing.T) {
	rec := &recorder{failOn: 2}
	sum, err := Import(context.Background(), rec, strings.NewReader(rows(5)), ImportOptions{BatchSize: 2})
	if !errors.Is(err, errStoreDown) {
		t.Fatalf("err = %v", err)
	}
	if sum.Stored != 2 {
		t.Fatalf("stored = %d, want the first batch only", sum.Stored)
	}
}

func TestImportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := &recorder{}
	_, err := Import(ctx, rec, strings.NewReader(rows(5)), ImportOptions{BatchSize: 2})
	if !errors.Is(err, context.Canceled) || len(rec.batches) != 0 {
		t.Fatalf("err = %v, batches %d", err, len(rec.batches))
	}
}
