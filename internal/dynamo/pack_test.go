package dynamo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// The scheduled run packs the closed months of the last year, so that a
// report after it reads packed items and writes nothing; a second run
// finds nothing to do, and asks only for the markers when it is a cold
// start.
func TestPackClosed(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	db.now = func() time.Time { return time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC) }
	rec := &opsClient{c: &http.Client{}}
	recDB := New(NewClient(awstest.Config(endpoint), func(o *dynamodb.Options) { o.HTTPClient = rec }), db.prefix)
	recDB.now = db.now
	s := NewVisitStore(recDB)
	for _, d := range []string{"2026-01-05", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-14"} {
		h := visits.Hit{Path: "/", VisitorID: d, Day: d, Dims: []visits.Dim{{Name: visits.DimPath, Value: "/"}, {Name: visits.DimBrowser, Value: "Firefox 130"}}}
		if _, err := s.Record(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	q := visits.Query{From: "2026-01-01", To: "2026-03-31"}
	want, err := NewVisitStore(db).Report(ctx, visits.Query{From: "2026-01-01", To: "2026-03-31"}) // day items, before any packing
	if err != nil {
		t.Fatal(err)
	}
	if getItem(t, db, pkDimsMonth, "2026-01#") == nil {
		t.Fatal("the report packed nothing: the test cannot tell packing from reading")
	}
	// Unpack January again, as an import does, to leave it to PackClosed.
	if err := s.PutDayValues(ctx, []visits.DayValue{{Day: "2026-01-05", Dim: visits.DimPath, ValueCounts: visits.ValueCounts{Value: "/", Views: 1, Visitors: 1}}}); err != nil {
		t.Fatal(err)
	}
	if getItem(t, db, pkDimsMonth, "2026-01#") != nil {
		t.Fatal("January still marked packed after an import")
	}
	rec.take()

	packed, err := s.PackClosed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var months []string // the 13 months before March 2026, oldest first
	for m := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		if m.Month() != time.February || m.Year() != 2026 {
			months = append(months, m.Format("2006-01"))
		}
	}
	if !slices.Equal(packed, months) {
		t.Errorf("packed %v, want %v (February was packed by the report)", packed, months)
	}
	if getItem(t, db, pkDimsMonth, "2026-03#") != nil {
		t.Error("March, still open, was packed")
	}
	rec.take()
	got, err := s.Report(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if ops := rec.take(); slices.Contains(ops, "PutItem") {
		t.Errorf("a report after the scheduled run wrote: %v", ops)
	}
	if fmt.Sprint(got.Dims) != fmt.Sprint(want.Dims) || got.Totals != want.Totals {
		t.Errorf("report after packing %v %v, want %v %v", got.Totals, got.Dims, want.Totals, want.Dims)
	}

	if again, err := s.PackClosed(ctx); err != nil || len(again) != 0 {
		t.Errorf("second run packed %v (%v), want nothing", again, err)
	}
	if ops := rec.take(); len(ops) != 0 {
		t.Errorf("a warm second run asked %v, want nothing", ops)
	}
	cold := NewVisitStore(recDB)
	if again, err := cold.PackClosed(ctx); err != nil || len(again) != 0 {
		t.Errorf("cold run packed %v (%v), want nothing", again, err)
	}
	if ops := rec.take(); len(ops) != 13 || slices.ContainsFunc(ops, func(op string) bool { return op != "GetItem" }) {
		t.Errorf("a cold run asked %v, want 13 GetItem of the markers", ops)
	}
}

// On the first of a month, yesterday's month still takes hits (the salt of
// yesterday is alive), so it is not packed; the day after, it is.
func TestPackClosedWaitsForYesterday(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	now := time.Date(2026, 4, 1, 0, 30, 0, 0, time.UTC)
	db.now = func() time.Time { return now }
	s := NewVisitStore(db)
	packed, err := s.PackClosed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(packed, "2026-03") || packed[len(packed)-1] != "2026-02" {
		t.Errorf("on April 1 packed %v, want up to February", packed)
	}
	now = now.AddDate(0, 0, 1)
	if packed, err = s.PackClosed(ctx); err != nil || !slices.Equal(packed, []string{"2026-03"}) {
		t.Errorf("on April 2 packed %v (%v), want March", packed, err)
	}
}

// A run whose time is up stops between months and says so; the next one
// goes on.
func TestPackClosedStopsWhenTimeIsUp(t *testing.T) {
	db := newDB(t)
	db.now = func() time.Time { return time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC) }
	s := NewVisitStore(db)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	packed, err := s.PackClosed(ctx)
	if !errors.Is(err, context.Canceled) || len(packed) != 0 {
		t.Fatalf("cancelled run: %v %v, want context.Canceled and nothing", packed, err)
	}
	if packed, err = s.PackClosed(context.Background()); err != nil || len(packed) != 13 {
		t.Errorf("next run packed %v (%v), want 13 months", packed, err)
	}
}
