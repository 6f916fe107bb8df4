package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Report answers the daily aggregates of q: the day series from
// daily_visits, and the top values of each dimension from the monthly
// rollup for the range's whole months (with the daily rows of their days
// not rolled up yet) and from the daily rows for the days at its edges.
func (s *VisitStore) Report(ctx context.Context, q visits.Query) (visits.Report, error) {
	q, err := q.Check()
	if err != nil {
		return visits.Report{}, err
	}
	from, _ := time.Parse(visits.DayLayout, q.From)
	to, _ := time.Parse(visits.DayLayout, q.To)
	r := visits.Report{From: q.From, To: q.To, Dims: map[string][]visits.ValueCounts{}}
	if r.Days, r.Totals, err = s.daySeries(ctx, from, to); err != nil {
		return visits.Report{}, err
	}
	for _, d := range visits.Dimensions {
		if q.Dimension == "" || q.Dimension == d {
			r.Dims[d] = []visits.ValueCounts{}
		}
	}
	sp := splitMonths(from, to)
	rows, err := s.db.read.QueryContext(ctx, topSQL,
		sp.monthLo, sp.monthHi, sp.headLo, sp.headHi, sp.tailLo, sp.tailHi, q.Dimension, q.Limit,
		sp.monthLo+"-01", sp.monthHi+"-31")
	if err != nil {
		return visits.Report{}, fmt.Errorf("query dimensions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dim string
		var v visits.ValueCounts
		if err := rows.Scan(&dim, &v.Value, &v.Views, &v.Visitors); err != nil {
			return visits.Report{}, fmt.Errorf("scan dimension: %w", err)
		}
		if _, ok := r.Dims[dim]; ok {
			r.Dims[dim] = append(r.Dims[dim], v)
		}
	}
	if err := rows.Err(); err != nil {
		return visits.Report{}, fmt.Errorf("query dimensions: %w", err)
	}
	return r, nil
}

// topSQL sums the rollup's months, the days of those months after the
// rollup's last day (?9..?10 are the months' first and last days) and the
// edge days per value and keeps each dimension's first ?8 by views, then
// value. One statement reads one snapshot, so a roll-up between its parts
// cannot count a day twice.
const topSQL = `
WITH t AS (
	SELECT dim, value, views, visitors FROM monthly_dims WHERE month BETWEEN ?1 AND ?2 AND (?7 = '' OR dim = ?7)
	UNION ALL
	SELECT dim, value, views, visitors FROM daily_dims WHERE day BETWEEN ?9 AND ?10
		AND day > (SELECT through FROM dims_rolled WHERE id = 1) AND (?7 = '' OR dim = ?7)
	UNION ALL
	SELECT dim, value, views, visitors FROM daily_dims WHERE day BETWEEN ?3 AND ?4 AND (?7 = '' OR dim = ?7)
	UNION ALL
	SELECT dim, value, views, visitors FROM daily_dims WHERE day BETWEEN ?5 AND ?6 AND (?7 = '' OR dim = ?7)
), g AS (
	SELECT dim, value, SUM(views) AS views, SUM(visitors) AS visitors FROM t GROUP BY dim, value
), r AS (
	SELECT dim, value, views, visitors, ROW_NUMBER() OVER (PARTITION BY dim ORDER BY views DESC, value) AS n FROM g
)
SELECT dim, value, views, visitors FROM r WHERE n <= ?8 ORDER BY dim, n`

// span is a range cut into whole months and the days before and after
// them; an empty part has lo > hi.
type span struct {
	monthLo, monthHi, headLo, headHi, tailLo, tailHi string
}

const emptyLo, emptyHi = "9", "0"

// splitMonths cuts from..to into whole months and edge days.
func splitMonths(from, to time.Time) span {
	first := from
	if first.Day() != 1 {
		first = time.Date(from.Year(), from.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	end := time.Date(to.Year(), to.Month()+1, 1, 0, 0, 0, 0, time.UTC) // the day after to's month
	if !to.AddDate(0, 0, 1).Equal(end) {
		end = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	// Whole months are first..end-1 day.
	if !first.Before(end) {
		return span{emptyLo, emptyHi, day(from), day(to), emptyLo, emptyHi}
	}
	sp := span{monthLo: first.Format("2006-01"), monthHi: end.AddDate(0, 0, -1).Format("2006-01"),
		headLo: emptyLo, headHi: emptyHi, tailLo: emptyLo, tailHi: emptyHi}
	if from.Before(first) {
		sp.headLo, sp.headHi = day(from), day(first.AddDate(0, 0, -1))
	}
	if !to.Before(end) {
		sp.tailLo, sp.tailHi = day(end), day(to)
	}
	return sp
}

func day(t time.Time) string { return t.Format(visits.DayLayout) }

// daySeries answers every day from..to with its counts, and their sums.
func (s *VisitStore) daySeries(ctx context.Context, from, to time.Time) ([]visits.DayCounts, visits.Counts, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT day, visitors, views, bots FROM daily_visits WHERE day BETWEEN ? AND ? ORDER BY day`, day(from), day(to))
	if err != nil {
		return nil, visits.Counts{}, fmt.Errorf("query days: %w", err)
	}
	defer rows.Close()
	got := map[string]visits.Counts{}
	for rows.Next() {
		var d string
		var c visits.Counts
		if err := rows.Scan(&d, &c.Visitors, &c.Views, &c.Bots); err != nil {
			return nil, visits.Counts{}, fmt.Errorf("scan day: %w", err)
		}
		got[d] = c
	}
	if err := rows.Err(); err != nil {
		return nil, visits.Counts{}, fmt.Errorf("query days: %w", err)
	}
	out, total := visits.Series(from, to, got)
	return out, total, nil
}
