package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// checkRollup fails unless monthly_dims holds, for every month, dimension
// and value, exactly the sum of the daily rows up to the rolled-up day,
// and returns that day.
func checkRollup(t *testing.T, db *DB) string {
	t.Helper()
	ctx := context.Background()
	through, err := rolledThrough(ctx, db.read)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.read.QueryContext(ctx, `
		WITH want AS (SELECT substr(day, 1, 7) AS month, dim, value, SUM(views) AS views, SUM(visitors) AS visitors
			FROM daily_dims WHERE day <= ?1 GROUP BY 1, 2, 3)
		SELECT 'missing', w.month, w.dim, w.value, w.views, COALESCE(m.views, -1) FROM want w
			LEFT JOIN monthly_dims m USING (month, dim, value) WHERE m.views IS NOT w.views OR m.visitors IS NOT w.visitors
		UNION ALL
		SELECT 'extra', m.month, m.dim, m.value, COALESCE(w.views, -1), m.views FROM monthly_dims m
			LEFT JOIN want w USING (month, dim, value) WHERE w.month IS NULL AND (m.views != 0 OR m.visitors != 0)`, through)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, month, dim, value string
		var want, got int64
		if err := rows.Scan(&kind, &month, &dim, &value, &want, &got); err != nil {
			t.Fatal(err)
		}
		t.Errorf("rollup through %s, %s %s %s: %s: daily rows sum %d views, rollup %d", through, month, dim, value, kind, want, got)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return through
}

func dimHit(day, visitor, browser string) visits.Hit {
	return visits.Hit{Path: "/", VisitorID: visitor, Day: day, Dims: []visits.Dim{
		{Name: visits.DimPath, Value: "/"}, {Name: visits.DimBrowser, Value: browser}}}
}

// A hit writes its daily rows alone; a day is rolled up into its month
// when hits of two days later come, so that the rollup always holds the
// closed days exactly, across a month's end, with a late hit for a day
// already rolled up, and with imports on both sides of the rolled-up day.
func TestRollUp(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	s := newVisitStore(t, db)
	defer s.Close()
	start := checkRollup(t, db) // the migration's: two days before today
	begin, err := time.Parse(visits.DayLayout, start)
	if err != nil {
		t.Fatal(err)
	}
	day := func(i int) string { return begin.AddDate(0, 0, i).Format(visits.DayLayout) }
	for i := 1; i <= 40; i++ { // across a month's end whatever today is
		for v := range 3 {
			if _, err := s.Record(ctx, dimHit(day(i), fmt.Sprint(i, "-", v), fmt.Sprint("Firefox ", 120+v))); err != nil {
				t.Fatal(err)
			}
		}
		if got := checkRollup(t, db); got != day(i-2) && !(i < 3 && got == start) {
			t.Fatalf("after hits of %s the rollup holds up to %s, want %s", day(i), got, day(i-2))
		}
	}
	// A hit for a day already rolled up (a clock set back) is added to its
	// month at once.
	if _, err := s.Record(ctx, dimHit(day(5), "late", "Chrome 131")); err != nil {
		t.Fatal(err)
	}
	checkRollup(t, db)
	// Imports set daily values on a rolled-up day, which moves its month,
	// and on a day still open, which is rolled up with its day.
	err = s.PutDayValues(ctx, []visits.DayValue{
		{Day: day(10), Dim: visits.DimBrowser, ValueCounts: visits.ValueCounts{Value: "Firefox 120", Views: 50, Visitors: 7}},
		{Day: day(40), Dim: visits.DimBrowser, ValueCounts: visits.ValueCounts{Value: "Safari 18", Views: 9, Visitors: 9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRollup(t, db)
	if _, err := s.Record(ctx, dimHit(day(43), "later", "Chrome 131")); err != nil {
		t.Fatal(err)
	}
	if got := checkRollup(t, db); got != day(41) {
		t.Errorf("rollup holds up to %s, want %s", got, day(41))
	}
	// The report of the whole range counts every hit once.
	r, err := s.Report(ctx, visits.Query{From: day(1), To: day(43), Dimension: visits.DimPath})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Dims[visits.DimPath]; len(got) != 1 || got[0].Views != 40*3+2 {
		t.Errorf("path views %v, want %d", got, 40*3+2)
	}
}

// A database made before the rollup kept only closed days holds every day
// in it, today's too; the migration makes it again from the daily rows.
func TestRollUpMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC()
	for i := range 10 {
		d := today.AddDate(0, 0, -i).Format(visits.DayLayout)
		if _, err := db.write.ExecContext(ctx, `INSERT INTO daily_dims VALUES (?, 'browser', 'Firefox 130', ?, 1)`, d, i+1); err != nil {
			t.Fatal(err)
		}
	}
	// As migration 0008's writer left it: every day in the rollup.
	for _, q := range []string{
		`DROP TABLE dims_rolled`,
		`DELETE FROM schema_migrations WHERE version = 9`,
		`INSERT INTO monthly_dims SELECT substr(day, 1, 7), dim, value, SUM(views), SUM(visitors) FROM daily_dims GROUP BY 1, 2, 3`,
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := checkRollup(t, db), today.AddDate(0, 0, -2).Format(visits.DayLayout); got != want {
		t.Errorf("migrated rollup holds up to %s, want %s", got, want)
	}
	s := newVisitStore(t, db)
	defer s.Close()
	r, err := s.Report(ctx, visits.Query{From: today.AddDate(0, 0, -40).Format(visits.DayLayout), To: today.Format(visits.DayLayout), Dimension: visits.DimBrowser})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Dims[visits.DimBrowser]; len(got) != 1 || got[0].Views != 55 || got[0].Visitors != 10 {
		t.Errorf("report after the migration %v, want 55 views by 10 visitors", got)
	}
}
