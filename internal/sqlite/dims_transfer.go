package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// EachDayValue calls fn with every day's value of every dimension, in
// (day, dimension, value) order.
func (s *VisitStore) EachDayValue(ctx context.Context, fn func(visits.DayValue) error) error {
	return eachRow(ctx, s.db.read, "read daily dimensions",
		`SELECT day, dim, value, views, visitors FROM daily_dims ORDER BY day, dim, value`,
		func(rows *sql.Rows) error {
			var v visits.DayValue
			if err := rows.Scan(&v.Day, &v.Dim, &v.Value, &v.Views, &v.Visitors); err != nil {
				return err
			}
			return fn(v)
		})
}

// PutDayValues sets the counters of each day value given and moves the
// monthly rollup by the difference for the days already rolled up, in one
// transaction. It tells the
// writer to reload the values of the days it holds: their bound counts
// what is stored.
func (s *VisitStore) PutDayValues(ctx context.Context, vals []visits.DayValue) (err error) {
	if len(vals) == 0 {
		return nil
	}
	defer s.imported.Add(1)
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put daily dimensions: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	rolled, err := rolledThrough(ctx, tx)
	if err != nil {
		return fmt.Errorf("put daily dimensions: %w", err)
	}
	months := map[dimKey]*dimDelta{}
	for _, v := range vals {
		if len(v.Day) != len(visits.DayLayout) {
			return fmt.Errorf("put daily dimensions: day %q is not a day", v.Day)
		}
		var old dimDelta
		err := tx.QueryRowContext(ctx, `SELECT views, visitors FROM daily_dims WHERE day = ? AND dim = ? AND value = ?`,
			v.Day, v.Dim, v.Value).Scan(&old.views, &old.visitors)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("put daily dimensions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO daily_dims (day, dim, value, views, visitors) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (day, dim, value) DO UPDATE SET views = excluded.views, visitors = excluded.visitors`,
			v.Day, v.Dim, v.Value, v.Views, v.Visitors); err != nil {
			return fmt.Errorf("put daily dimensions: %w", err)
		}
		if v.Day > rolled {
			continue // rolled up with its day
		}
		mk := dimKey{day: v.Day[:7], dim: v.Dim, value: v.Value}
		m := months[mk]
		if m == nil {
			m = &dimDelta{}
			months[mk] = m
		}
		m.views += v.Views - old.views
		m.visitors += v.Visitors - old.visitors
	}
	for k, d := range months {
		if _, err := tx.ExecContext(ctx, addMonthSQL, k.day, k.dim, k.value, d.views, d.visitors); err != nil {
			return fmt.Errorf("put monthly dimensions: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put daily dimensions: commit: %w", err)
	}
	return nil
}
