package transfer

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// newStores answers the stores of a fresh SQLite database.
func newStores(t *testing.T) (Stores, *sqlite.VisitStore) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.Close(); db.Close() })
	return Stores{Visits: vs, Messages: sqlite.NewMessageStore(db), Movies: sqlite.NewMovieStore(db)}, vs
}

const header = `{"format":"cloudresume-export","version":1,"exported_at":"2026-03-01T00:00:00Z"}`

func TestImportRefusals(t *testing.T) {
	for _, c := range []struct {
		name, file, want string
	}{
		{"newer version", `{"format":"cloudresume-export","version":3}` + "\n" + `{"type":"visit_totals","data":{"visitors":5,"views":5,"bots":0}}`, "format version 3, this cloudresume reads versions 1 to 2"},
		{"empty", "", "empty"},
		{"not an export", `{"hello":"world"}`, "not a cloudresume export"},
		{"cut short", header + "\n" + `{"type":"visit_totals","data":{"visitors":5,"views":5,"bots":0}}`, "cut short"},
		{"wrong count", header + "\n" + `{"type":"end","data":{"records":3}}`, "counts 3 records, the file has 0"},
		{"unknown type", header + "\n" + `{"type":"salt","data":{}}`, `unknown record type "salt"`},
		{"unknown field", header + "\n" + `{"type":"visit_totals","data":{"visitors":1,"views":1,"bots":0,"humans":1}}`, "unknown field"},
		{"after the end", header + "\n" + `{"type":"end","data":{"records":0}}` + "\n" + `{"type":"end","data":{"records":0}}`, "after the end"},
		{"bad day", header + "\n" + `{"type":"visit_day","data":{"day":"yesterday","visitors":1,"views":1,"bots":0}}`, "not YYYY-MM-DD"},
		{"bad movie", header + "\n" + `{"type":"movie","data":{"movie_id":"a b","info":null,"ratings":null}}`, "space"},
		{"bad rating", header + "\n" + `{"type":"movie","data":{"movie_id":"m","info":null,"ratings":{"movie_id":"m","rotten_tomatoes_rating":101,"imdb_rating":null}}}`, "0 to 100"},
		{"bad dimension", header + "\n" + `{"type":"visit_dim","data":{"day":"2026-01-01","dim":"ip","value":"x","views":1,"visitors":1}}`, "not one of"},
		{"long value", header + "\n" + `{"type":"visit_dim","data":{"day":"2026-01-01","dim":"path","value":"` + strings.Repeat("x", 300) + `","views":1,"visitors":1}}`, "1 to 256 bytes"},
		{"long line", header + "\n" + strings.Repeat(" ", maxLine+1) + "x", "longer than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, vs := newStores(t)
			_, err := Import(context.Background(), strings.NewReader(c.file), st, ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Import = %v, want an error saying %q", err, c.want)
			}
			if c.name == "newer version" {
				if !errors.Is(err, ErrNewerVersion) {
					t.Fatalf("error %v does not wrap ErrNewerVersion", err)
				}
				if n, _ := vs.Counts(context.Background()); n.Views != 0 {
					t.Fatalf("a refused file wrote %+v", n)
				}
			}
		})
	}
}

// A file of format version 1, which has no daily values of the
// dimensions, imports as it did.
func TestImportVersion1(t *testing.T) {
	st, vs := newStores(t)
	file := header + "\n" + `{"type":"visit_totals","data":{"visitors":2,"views":3,"bots":0}}` + "\n" +
		`{"type":"visit_day","data":{"day":"2026-01-01","visitors":2,"views":3,"bots":0}}` + "\n" + `{"type":"end","data":{"records":2}}`
	sum, err := Import(context.Background(), strings.NewReader(file), st, ImportOptions{})
	if err != nil || sum.Days != 1 || sum.Values != 0 {
		t.Fatalf("Import = %+v, %v", sum, err)
	}
	r, err := vs.Report(context.Background(), visits.Query{From: "2026-01-01", To: "2026-01-01"})
	if err != nil || r.Totals != (visits.Counts{Visitors: 2, Views: 3}) {
		t.Fatalf("Report = %+v, %v", r, err)
	}
}

func TestExportHeaderAndProgress(t *testing.T) {
	st, vs := newStores(t)
	ctx := context.Background()
	if _, err := vs.Record(ctx, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var seen []int64
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	sum, err := Export(ctx, &b, st, ExportOptions{Source: "sqlite", Now: func() time.Time { return now }, Progress: func(n int64) { seen = append(seen, n) }})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if lines[0] != `{"format":"cloudresume-export","version":2,"exported_at":"2026-03-01T00:00:00Z","source":"sqlite"}` {
		t.Fatalf("header = %s", lines[0])
	}
	// totals, one day, one path, spam: no salt and no visitor marker.
	if sum.Records != 4 || sum.Days != 1 || sum.Paths != 1 || len(lines) != 6 {
		t.Fatalf("summary %+v over %d lines:\n%s", sum, len(lines), b.String())
	}
	if !slices.Equal(seen, []int64{1, 2, 3, 4}) {
		t.Fatalf("progress = %v", seen)
	}
	if strings.Contains(b.String(), `"a"`) || strings.Contains(b.String(), "salt") {
		t.Fatalf("the export names a visitor or a salt:\n%s", b.String())
	}
	var progress []int64
	st2, _ := newStores(t)
	if _, err := Import(ctx, strings.NewReader(b.String()), st2, ImportOptions{Progress: func(n int64) { progress = append(progress, n) }}); err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != int64(b.Len()) {
		t.Fatalf("import progress = %v, want it to end at %d bytes", progress, b.Len())
	}
}

// TestRecordFields pins the fields of format version 2. When it fails, a
// field was added to or removed from a record: raise Version (older
// programs then refuse the file instead of dropping the field) and update
// the lists here.
func TestRecordFields(t *testing.T) {
	for _, c := range []struct {
		typ  string
		v    any
		want []string
	}{
		{TypeTotals, visits.Counts{}, []string{"bots", "views", "visitors"}},
		{TypeDay, visits.DayCounts{}, []string{"bots", "day", "views", "visitors"}},
		{TypePath, visits.PathViews{}, []string{"path", "views"}},
		{TypeDim, visits.DayValue{}, []string{"day", "dim", "value", "views", "visitors"}},
		{TypeSpam, spamCount{}, []string{"count"}},
		{TypeMessage, contact.Message{}, []string{"created_at", "delivery", "email", "id", "message", "name", "read"}},
		{TypeMessage + ".delivery", contact.Delivery{}, []string{"attempts", "last_error", "next_attempt", "sent_at", "state"}},
		{TypeMovie, movies.Movie{}, []string{"info", "movie_id", "ratings"}},
		{TypeMovie + ".info", movies.Info{}, []string{"country_of_origin", "movie_id", "name", "release_date"}},
		{TypeMovie + ".ratings", movies.Rating{}, []string{"imdb_rating", "movie_id", "rotten_tomatoes_rating"}},
		{TypeEnd, end{}, []string{"records"}},
	} {
		if got := jsonFields(reflect.TypeOf(c.v)); !slices.Equal(got, c.want) {
			t.Errorf("%s fields = %v, want %v: a change of the format needs a new Version", c.typ, got, c.want)
		}
	}
}

// jsonFields answers the JSON names of the fields of struct type typ,
// embedded structs flattened, sorted.
func jsonFields(typ reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
