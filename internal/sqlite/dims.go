package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// knownDays bounds how many days of values the writer holds: today and
// yesterday are the days hits arrive for.
const knownDays = 2

// dimKey is one row of daily_dims.
type dimKey struct{ day, dim, value string }

// dimDelta is what a batch adds to one row.
type dimDelta struct{ views, visitors int64 }

// knownValues holds, per day and dimension, the values daily_dims has, so
// that the writer bounds them without reading. It is the writer's alone.
type knownValues struct {
	max  int
	days map[string]map[string]map[string]struct{}
}

func newKnownValues(max int) *knownValues {
	return &knownValues{max: max, days: map[string]map[string]map[string]struct{}{}}
}

// day answers the values of day, loading them on first touch and dropping
// the oldest day held past knownDays.
func (k *knownValues) day(ctx context.Context, tx *sql.Tx, day string) (map[string]map[string]struct{}, error) {
	if d, ok := k.days[day]; ok {
		return d, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT dim, value FROM daily_dims WHERE day = ?`, day)
	if err != nil {
		return nil, fmt.Errorf("load values of %s: %w", day, err)
	}
	defer rows.Close()
	d := map[string]map[string]struct{}{}
	for rows.Next() {
		var dim, value string
		if err := rows.Scan(&dim, &value); err != nil {
			return nil, fmt.Errorf("scan value: %w", err)
		}
		if value == visits.Other {
			continue
		}
		if d[dim] == nil {
			d[dim] = map[string]struct{}{}
		}
		d[dim][value] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load values of %s: %w", day, err)
	}
	for len(k.days) >= knownDays {
		delete(k.days, minKey(k.days))
	}
	k.days[day] = d
	return d, nil
}

// bound answers the value to count v as: itself when the day has it or the
// dimension has room, else Other. Other does not take a place.
func (k *knownValues) bound(d map[string]map[string]struct{}, dim, v string) string {
	if v == visits.Other {
		return v
	}
	if len(v) > visits.MaxStoredValue {
		return visits.Other
	}
	vals := d[dim]
	if _, ok := vals[v]; ok {
		return v
	}
	if len(vals) >= k.max {
		return visits.Other
	}
	if vals == nil {
		vals = map[string]struct{}{}
		d[dim] = vals
	}
	vals[v] = struct{}{}
	return v
}

// reset forgets every day, for after a rollback: the values a failed batch
// added were never written.
func (k *knownValues) reset() { clear(k.days) }

func minKey[V any](m map[string]V) string {
	first := true
	var min string
	for k := range m {
		if first || k < min {
			min, first = k, false
		}
	}
	return min
}

// addDims adds the dimensions of a hit to rows, bounded: names that are not
// dimensions and repeated names are ignored.
func (k *knownValues) addDims(ctx context.Context, tx *sql.Tx, rows map[dimKey]*dimDelta, h visits.Hit, first bool) error {
	if len(h.Dims) == 0 || len(h.Day) != len(visits.DayLayout) {
		return nil
	}
	d, err := k.day(ctx, tx, h.Day)
	if err != nil {
		return err
	}
	var done [16]string // dimensions seen on this hit; there are fewer than 16
	n := 0
	for _, dm := range h.Dims {
		if !slices.Contains(visits.Dimensions, dm.Name) || slices.Contains(done[:n], dm.Name) || n == len(done) {
			continue
		}
		done[n] = dm.Name
		n++
		key := dimKey{day: h.Day, dim: dm.Name, value: k.bound(d, dm.Name, dm.Value)}
		r := rows[key]
		if r == nil {
			r = &dimDelta{}
			rows[key] = r
		}
		r.views++
		if first {
			r.visitors++
		}
	}
	return nil
}

// addMonthSQL adds one row to monthly_dims.
const addMonthSQL = `INSERT INTO monthly_dims (month, dim, value, views, visitors) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (month, dim, value) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors`
