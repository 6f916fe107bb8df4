package storetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Report runs the visits.Reporter suite. newStore answers an empty store
// that the test owns, keeping at most maxValues values of a dimension a day.
func Report(t *testing.T, newStore func(t *testing.T, maxValues int) visits.Store) {
	ctx := context.Background()
	record := func(t *testing.T, s visits.Store, hits ...visits.Hit) {
		t.Helper()
		for _, h := range hits {
			if _, err := s.Record(ctx, h); err != nil {
				t.Fatal(err)
			}
		}
	}
	report := func(t *testing.T, s visits.Store, q visits.Query) visits.Report {
		t.Helper()
		r, err := s.Report(ctx, q)
		if err != nil {
			t.Fatalf("Report(%+v): %v", q, err)
		}
		return r
	}

	t.Run("series has every day and totals sum it", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		record(t, s, hit("2026-01-01", "a", "/"), hit("2026-01-01", "a", "/"), hit("2026-01-03", "b", "/"),
			visits.Hit{Path: "/", VisitorID: "bot", Day: "2026-01-03", Bot: true})
		r := report(t, s, visits.Query{From: "2026-01-01", To: "2026-01-04"})
		want := "[{2026-01-01 {1 2 0}} {2026-01-02 {0 0 0}} {2026-01-03 {1 1 1}} {2026-01-04 {0 0 0}}]"
		if got := fmt.Sprint(r.Days); got != want {
			t.Fatalf("days = %s, want %s", got, want)
		}
		if r.Totals != (visits.Counts{Visitors: 2, Views: 3, Bots: 1}) {
			t.Fatalf("totals = %+v", r.Totals)
		}
		if len(r.Dims) != len(visits.Dimensions) {
			t.Fatalf("dimensions = %v, want all of %v", r.Dims, visits.Dimensions)
		}
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != "[{/ 3 2}]" {
			t.Fatalf("paths = %s", got)
		}
	})

	t.Run("top values by views then value, dimension and limit", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		var hits []visits.Hit
		for i, p := range []string{"/a", "/a", "/a", "/c", "/b", "/c", "/b", "/d"} {
			h := hit("2026-02-10", fmt.Sprint("v", i), p)
			h.Dims = append(h.Dims, visits.Dim{Name: visits.DimBrowser, Value: "Firefox"})
			hits = append(hits, h)
		}
		record(t, s, hits...)
		r := report(t, s, visits.Query{From: "2026-02-01", To: "2026-02-28"})
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != "[{/a 3 3} {/b 2 2} {/c 2 2} {/d 1 1}]" {
			t.Fatalf("paths = %s", got)
		}
		if got := fmt.Sprint(r.Dims[visits.DimBrowser]); got != "[{Firefox 8 8}]" {
			t.Fatalf("browsers = %s", got)
		}
		r = report(t, s, visits.Query{From: "2026-02-01", To: "2026-02-28", Dimension: visits.DimPath, Limit: 2})
		if len(r.Dims) != 1 {
			t.Fatalf("dimensions = %v, want path alone", r.Dims)
		}
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != "[{/a 3 3} {/b 2 2}]" {
			t.Fatalf("paths = %s", got)
		}
		r = report(t, s, visits.Query{From: "2026-02-11", To: "2026-02-12"})
		if len(r.Dims[visits.DimPath]) != 0 {
			t.Fatalf("paths outside the range = %v", r.Dims[visits.DimPath])
		}
	})

	t.Run("a query with problems is refused", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		for _, q := range []visits.Query{{From: "x", To: "2026-01-01"}, {From: "2026-01-02", To: "2026-01-01"},
			{From: "2026-01-01", To: "2026-01-01", Dimension: "nope"}, {From: "2026-01-01", To: "2026-01-01", Limit: -1}} {
			if _, err := s.Report(ctx, q); err == nil {
				t.Errorf("Report(%+v) = nil error", q)
			}
		}
	})

	t.Run("a dimension keeps its bound of values a day, the rest is other", func(t *testing.T) {
		s := newStore(t, 3)
		for _, day := range []string{"2026-03-01", "2026-03-02"} {
			for i := range 5 {
				record(t, s, hit(day, fmt.Sprint(day, i), fmt.Sprint("/p", i)))
			}
			record(t, s, hit(day, fmt.Sprint(day, 0), "/p0"), hit(day, "late", "/p4"))
		}
		r := report(t, s, visits.Query{From: "2026-03-01", To: "2026-03-02", Dimension: visits.DimPath})
		want := fmt.Sprintf("[{%s 6 6} {/p0 4 2} {/p1 2 2} {/p2 2 2}]", visits.Other)
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != want {
			t.Fatalf("paths = %s, want %s", got, want)
		}
	})

	t.Run("visitors count on the first view of the day only", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		record(t, s, hit("2026-04-01", "a", "/entry"), hit("2026-04-01", "a", "/next"), hit("2026-04-02", "a", "/next"))
		r := report(t, s, visits.Query{From: "2026-04-01", To: "2026-04-02"})
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != "[{/next 2 1} {/entry 1 1}]" {
			t.Fatalf("paths = %s", got)
		}
	})

	t.Run("ranges across months agree with a day-by-day sum", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		start := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
		var hits []visits.Hit
		for d := range 60 {
			day := start.AddDate(0, 0, d).Format(visits.DayLayout)
			for i := range d%4 + 1 {
				hits = append(hits, hit(day, fmt.Sprint("v", i), fmt.Sprint("/p", (d+i)%7)))
			}
		}
		record(t, s, hits...)
		for _, rg := range [][2]string{{"2026-01-25", "2026-03-05"}, {"2026-02-01", "2026-02-28"},
			{"2026-01-31", "2026-03-01"}, {"2026-02-01", "2026-03-31"}, {"2026-02-03", "2026-02-05"}, {"2025-12-01", "2026-12-31"}} {
			want := map[string]visits.ValueCounts{}
			for _, h := range hits {
				if h.Day >= rg[0] && h.Day <= rg[1] {
					v := want[h.Path]
					v.Value = h.Path
					v.Views++
					v.Visitors++ // each visitor ID views once a day
					want[h.Path] = v
				}
			}
			r := report(t, s, visits.Query{From: rg[0], To: rg[1], Dimension: visits.DimPath, Limit: visits.MaxLimit})
			if got, w := fmt.Sprint(r.Dims[visits.DimPath]), fmt.Sprint(sorted(want)); got != w {
				t.Fatalf("%v: paths = %s, want %s", rg, got, w)
			}
		}
	})

	t.Run("concurrent hits are counted exactly", func(t *testing.T) {
		s := newStore(t, visits.DefaultMaxValues)
		const workers, each = 16, 20
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					h := hit("2026-05-01", fmt.Sprint("w", w), fmt.Sprint("/p", i%2))
					h.Dims = append(h.Dims, visits.Dim{Name: visits.DimCountry, Value: "FR"})
					if _, err := s.Record(ctx, h); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		r := report(t, s, visits.Query{From: "2026-05-01", To: "2026-05-01"})
		if got := fmt.Sprint(r.Dims[visits.DimCountry]); got != fmt.Sprintf("[{FR %d %d}]", workers*each, workers) {
			t.Fatalf("countries = %s", got)
		}
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != fmt.Sprintf("[{/p0 %d %d} {/p1 %d 0}]", workers*each/2, workers, workers*each/2) {
			t.Fatalf("paths = %s", got)
		}
	})

	t.Run("concurrent new values keep the bound and every view", func(t *testing.T) {
		s := newStore(t, 5)
		const workers, each = 8, 12
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					if _, err := s.Record(ctx, hit("2026-05-02", fmt.Sprint("w", w, i), fmt.Sprint("/p", (w+i)%10))); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		r := report(t, s, visits.Query{From: "2026-05-02", To: "2026-05-02", Limit: visits.MaxLimit})
		var named int
		var views int64
		for _, v := range r.Dims[visits.DimPath] {
			if v.Value != visits.Other {
				named++
			}
			views += v.Views
		}
		if named != 5 || views != workers*each {
			t.Fatalf("paths = %v: %d named, %d views; want 5 and %d", r.Dims[visits.DimPath], named, views, workers*each)
		}
	})

	t.Run("hostile values stay bounded", func(t *testing.T) {
		s := newStore(t, 10)
		long := strings.Repeat("x", 200)
		for i := range 100 {
			h := hit("2026-06-01", fmt.Sprint("v", i), "/")
			v := fmt.Sprint(long, i)
			if i == 0 {
				v = strings.Repeat("y", 10_000) // past any store's bound of a value: other
			}
			h.Dims = append(h.Dims,
				visits.Dim{Name: visits.DimReferrer, Value: v},
				visits.Dim{Name: visits.DimReferrer, Value: "repeated name"},
				visits.Dim{Name: "not-a-dimension", Value: "x"})
			record(t, s, h)
		}
		r := report(t, s, visits.Query{From: "2026-06-01", To: "2026-06-01", Limit: visits.MaxLimit})
		refs := r.Dims[visits.DimReferrer]
		if len(refs) != 11 || refs[0] != (visits.ValueCounts{Value: visits.Other, Views: 90, Visitors: 90}) {
			t.Fatalf("referrers = %d values, first %+v; want 10 and other", len(refs), refs[0])
		}
		if _, ok := r.Dims["not-a-dimension"]; ok {
			t.Fatal("a name that is not a dimension was stored")
		}
	})
}

// hit answers a view of path on day by visitor, with path its one dimension.
func hit(day, visitor, path string) visits.Hit {
	return visits.Hit{Path: path, VisitorID: visitor, Day: day, Dims: []visits.Dim{{Name: visits.DimPath, Value: path}}}
}

// sorted answers the values in report order.
func sorted(m map[string]visits.ValueCounts) []visits.ValueCounts {
	out := make([]visits.ValueCounts, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Views != out[j].Views {
			return out[i].Views > out[j].Views
		}
		return out[i].Value < out[j].Value
	})
	return out
}
