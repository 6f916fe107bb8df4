package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/transfer"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// TransferStores are the stores of one backend, with the methods of both
// their Store interface and what internal/transfer needs.
type TransferStores struct {
	Visits interface {
		visits.Store
		transfer.Visits
	}
	Messages interface {
		contact.Store
		transfer.Messages
	}
	Movies movies.Store
}

func (s TransferStores) transfer() transfer.Stores {
	return transfer.Stores{Visits: s.Visits, Messages: s.Messages, Movies: s.Movies}
}

// Transfer runs the suite of the enumeration and put methods that export
// and import use. newStores answers empty stores that the test owns.
func Transfer(t *testing.T, newStores func(t *testing.T) TransferStores) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	t.Run("visit counters are set, listed in order, and counting goes on from them", func(t *testing.T) {
		s := newStores(t).Visits
		if err := s.PutCounts(ctx, visits.Counts{Visitors: 3, Views: 10, Bots: 2}); err != nil {
			t.Fatal(err)
		}
		must(t, s.PutDays(ctx, []visits.DayCounts{
			{Day: "2026-01-02", Counts: visits.Counts{Visitors: 1, Views: 4}},
			{Day: "2026-01-01", Counts: visits.Counts{Visitors: 2, Views: 6, Bots: 2}},
		}))
		// Set again, not added to; a day put twice in one batch keeps the last.
		must(t, s.PutDays(ctx, []visits.DayCounts{
			{Day: "2026-01-02", Counts: visits.Counts{Visitors: 9, Views: 9}},
			{Day: "2026-01-02", Counts: visits.Counts{Visitors: 1, Views: 4}},
		}))
		must(t, s.PutPaths(ctx, []visits.PathViews{{Path: "/movies", Views: 3}, {Path: "/", Views: 7}}))
		must(t, s.PutPaths(ctx, []visits.PathViews{{Path: "/", Views: 7}}))

		if _, err := s.Record(ctx, visits.Hit{Path: "/", VisitorID: "v", Day: "2026-01-03"}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Counts(ctx)
		if err != nil || c != (visits.Counts{Visitors: 4, Views: 11, Bots: 2}) {
			t.Fatalf("Counts after a hit = %+v, %v; want it added to the totals put", c, err)
		}
		var days []string
		must(t, s.EachDay(ctx, func(d visits.DayCounts) error {
			days = append(days, fmt.Sprintf("%s:%d/%d/%d", d.Day, d.Visitors, d.Views, d.Bots))
			return nil
		}))
		if got, want := strings.Join(days, " "), "2026-01-01:2/6/2 2026-01-02:1/4/0 2026-01-03:1/1/0"; got != want {
			t.Fatalf("EachDay = %s, want %s", got, want)
		}
		var paths []string
		must(t, s.EachPath(ctx, func(p visits.PathViews) error {
			paths = append(paths, fmt.Sprintf("%s:%d", p.Path, p.Views))
			return nil
		}))
		if got, want := strings.Join(paths, " "), "/:8 /movies:3"; got != want {
			t.Fatalf("EachPath = %s, want %s", got, want)
		}
	})

	t.Run("daily values are set, listed in order, and the report reads them", func(t *testing.T) {
		s := newStores(t).Visits
		v := func(day, dim, value string, views, visitors int64) visits.DayValue {
			return visits.DayValue{Day: day, Dim: dim, ValueCounts: visits.ValueCounts{Value: value, Views: views, Visitors: visitors}}
		}
		if _, err := s.Record(ctx, hit("2026-01-31", "x", "/")); err != nil {
			t.Fatal(err)
		}
		must(t, s.PutDayValues(ctx, []visits.DayValue{v("2026-02-01", visits.DimPath, "/b", 9, 9), v("2026-01-31", visits.DimPath, "/a", 5, 2)}))
		if _, err := s.Report(ctx, visits.Query{From: "2026-01-01", To: "2026-02-28"}); err != nil { // packs the months
			t.Fatal(err)
		}
		must(t, s.PutDayValues(ctx, []visits.DayValue{v("2026-02-01", visits.DimPath, "/b", 2, 1), v("2026-02-01", visits.DimCountry, "FR", 2, 1)}))
		var got []string
		must(t, s.EachDayValue(ctx, func(d visits.DayValue) error {
			got = append(got, fmt.Sprintf("%s:%s:%s:%d/%d", d.Day, d.Dim, d.Value, d.Views, d.Visitors))
			return nil
		}))
		if got, want := strings.Join(got, " "), "2026-01-31:path:/:1/1 2026-01-31:path:/a:5/2 2026-02-01:country:FR:2/1 2026-02-01:path:/b:2/1"; got != want {
			t.Fatalf("EachDayValue = %s, want %s", got, want)
		}
		r, err := s.Report(ctx, visits.Query{From: "2026-01-01", To: "2026-02-28", Dimension: visits.DimPath})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(r.Dims[visits.DimPath]); got != "[{/a 5 2} {/b 2 1} {/ 1 1}]" {
			t.Fatalf("report after puts = %s", got)
		}
	})

	t.Run("messages are put whole, replaced by ID and listed in ID order", func(t *testing.T) {
		s := newStores(t).Messages
		b := message("b", t0.Add(time.Minute))
		b.Read = true
		b.Delivery = contact.Delivery{State: contact.Sent, Attempts: 2, LastError: "421 try later",
			NextAttempt: t0.Add(2 * time.Minute), SentAt: t0.Add(3*time.Minute + 7*time.Millisecond)}
		a := message("a", t0)
		must(t, s.PutMessage(ctx, b))
		must(t, s.PutMessage(ctx, a))
		if due, err := s.Due(ctx, t0.Add(time.Hour), 10); err != nil || ids(due) != "a" {
			t.Fatalf("Due = %s, %v; want the pending message put", ids(due), err)
		}
		a.Read = true
		a.Delivery = contact.Delivery{State: contact.Failed, Attempts: 8, LastError: "550 no such user", NextAttempt: t0}
		must(t, s.PutMessage(ctx, a))
		if due, err := s.Due(ctx, t0.Add(time.Hour), 10); err != nil || len(due) != 0 {
			t.Fatalf("Due after replacing = %s, %v; want none", ids(due), err)
		}
		var got []contact.Message
		must(t, s.EachMessage(ctx, func(m contact.Message) error { got = append(got, m); return nil }))
		if len(got) != 2 {
			t.Fatalf("EachMessage = %s, want a b", ids(got))
		}
		assertMessage(t, got[0], a)
		assertMessage(t, got[1], b)
		if list, err := s.List(ctx, contact.ListOptions{}); err != nil || ids(list) != "b a" {
			t.Fatalf("List = %s, %v; want the messages put, newest first", ids(list), err)
		}

		must(t, s.PutSpamCount(ctx, 7))
		must(t, s.AddSpam(ctx))
		if c, err := s.Counts(ctx); err != nil || c.Spam != 8 {
			t.Fatalf("Counts = %+v, %v; want 8 spam", c, err)
		}
	})

	t.Run("an export imported into an empty store exports the same, twice over", func(t *testing.T) {
		src := newStores(t)
		fill(t, src)
		file, want := export(t, src.transfer())
		dst := newStores(t)
		for range 2 {
			if _, err := transfer.Import(ctx, strings.NewReader(file), dst.transfer(), transfer.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, got := export(t, dst.transfer()); got != want {
				t.Fatalf("export after import differs\n got: %s\nwant: %s", got, want)
			}
		}
		if !strings.Contains(want, `"type":"visit_dim"`) {
			t.Fatal("the export has no daily values of the dimensions")
		}
		// What Report reads is rebuilt: the rollup, or the packed months.
		for _, q := range []visits.Query{{From: "2026-02-01", To: "2026-03-31"}, {From: "2026-02-28", To: "2026-03-01"}} {
			a, errA := src.Visits.Report(ctx, q)
			b, errB := dst.Visits.Report(ctx, q)
			if err := errors.Join(errA, errB); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("report after import = %v, want %v", b, a)
			}
		}
	})
}

// fill puts a little of everything in s.
func fill(t *testing.T, s TransferStores) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ref := []visits.Dim{{Name: visits.DimPath, Value: "/"}, {Name: visits.DimReferrer, Value: "example.com"}, {Name: visits.DimCountry, Value: "FR"}}
	for i, h := range []visits.Hit{
		{Path: "/", VisitorID: "a", Day: "2026-02-28", Dims: ref},
		{Path: "/", VisitorID: "a", Day: "2026-03-01", Dims: ref},
		{Path: "/", VisitorID: "a", Day: "2026-03-01", Dims: ref[:1]},
		{Path: "/movies", VisitorID: "b", Day: "2026-03-02", Dims: []visits.Dim{{Name: visits.DimPath, Value: "/movies"}, {Name: visits.DimBrowser, Value: "Firefox"}}},
		{Path: "/", VisitorID: "bot", Day: "2026-03-02", Bot: true},
	} {
		if _, err := s.Visits.Record(ctx, h); err != nil {
			t.Fatalf("hit %d: %v", i, err)
		}
	}
	m := message("m1", t0)
	m.Delivery = contact.Delivery{State: contact.Pending, Attempts: 1, LastError: "timeout", NextAttempt: t0.Add(time.Minute)}
	must(t, s.Messages.Save(ctx, m))
	must(t, s.Messages.Save(ctx, message("m2", t0.Add(time.Second))))
	must(t, s.Messages.MarkRead(ctx, "m2"))
	must(t, s.Messages.AddSpam(ctx))
	must(t, s.Movies.PutInfos(ctx, []movies.Info{
		{MovieID: "mv1", Name: "Interstellar", CountryOfOrigin: "United States", ReleaseDate: "2014-10-26"},
		{MovieID: "mv2", Name: "Amélie"},
	}))
	eighty := 80
	if _, err := s.Movies.UpdateRating(ctx, "mv1", movies.RatingPatch{IMDB: &eighty}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Movies.UpdateRating(ctx, "mv3", movies.RatingPatch{RottenTomatoes: &eighty}); err != nil {
		t.Fatal(err)
	}
}

// export answers the export of s, and the same without its header line,
// which names the time.
func export(t *testing.T, s transfer.Stores) (file, records string) {
	t.Helper()
	var b bytes.Buffer
	if _, err := transfer.Export(context.Background(), &b, s, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(b.String(), "\n")
	for _, line := range strings.Split(strings.TrimSpace(rest), "\n") {
		if !json.Valid([]byte(line)) {
			t.Fatalf("export line is not JSON: %s", line)
		}
	}
	return b.String(), rest
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
