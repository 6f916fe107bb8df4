package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// rowsPerStmt bounds the rows of one multi-row upsert of daily_dims: a
// statement per row costs the writer more in calls than the rows cost
// SQLite, and a batch rarely has more distinct rows than this.
const rowsPerStmt = 16

// prepareDims prepares the writer's upserts of 1 to rowsPerStmt daily
// rows; before the writer starts, since a transaction holds the one
// connection that writes.
func (s *VisitStore) prepareDims(ctx context.Context) error {
	for n := 1; n <= rowsPerStmt; n++ {
		q := `INSERT INTO daily_dims (day, dim, value, views, visitors) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", n), ", ") +
			` ON CONFLICT (day, dim, value) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors`
		st, err := s.db.write.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare daily dimensions: %w", err)
		}
		s.dimStmts[n] = st
	}
	return nil
}

// writeDims adds the batch's rows to daily_dims in tx, and to the monthly
// rollup those of days already rolled up (a hit that came late).
func (s *VisitStore) writeDims(ctx context.Context, tx *sql.Tx, rows map[dimKey]*dimDelta) error {
	keys := make([]dimKey, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	// Sorted, the rows touch the table's pages in order.
	slices.SortFunc(keys, func(a, b dimKey) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.dim, b.dim), cmp.Compare(a.value, b.value))
	})
	for chunk := range slices.Chunk(keys, rowsPerStmt) {
		st := s.dimStmts[len(chunk)]
		args := s.dimArgs[:0]
		for _, k := range chunk {
			d := rows[k]
			args = append(args, k.day, k.dim, k.value, d.views, d.visitors)
		}
		s.dimArgs = args
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("update daily dimensions: %w", err)
		}
	}
	for _, k := range keys {
		if k.day > s.rolled {
			break // sorted by day
		}
		d := rows[k]
		if _, err := tx.ExecContext(ctx, addMonthSQL, k.day[:7], k.dim, k.value, d.views, d.visitors); err != nil {
			return fmt.Errorf("update monthly dimensions: %w", err)
		}
	}
	return nil
}

// rollUp adds to the monthly rollup, in tx, the days that closed once
// hits of latest came: those up to two days before it, whose salts are
// gone. It returns the last day rolled up, which the caller keeps once tx
// commits.
func (s *VisitStore) rollUp(ctx context.Context, tx *sql.Tx, latest string) (string, error) {
	t, err := time.Parse(visits.DayLayout, latest)
	if err != nil {
		return s.rolled, nil // not a day: nothing closes
	}
	closed := t.AddDate(0, 0, -2).Format(visits.DayLayout)
	if closed <= s.rolled {
		return s.rolled, nil
	}
	if _, err := tx.ExecContext(ctx, rollUpSQL, s.rolled, closed); err != nil {
		return "", fmt.Errorf("roll up %s..%s: %w", s.rolled, closed, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE dims_rolled SET through = ? WHERE id = 1`, closed); err != nil {
		return "", fmt.Errorf("roll up %s..%s: %w", s.rolled, closed, err)
	}
	return closed, nil
}

// rollUpSQL adds the daily rows after ?1 up to ?2 to their months.
const rollUpSQL = `INSERT INTO monthly_dims (month, dim, value, views, visitors)
	SELECT substr(day, 1, 7), dim, value, SUM(views), SUM(visitors) FROM daily_dims
	WHERE day > ?1 AND day <= ?2 GROUP BY substr(day, 1, 7), dim, value
	ON CONFLICT (month, dim, value) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors`

// rolledThrough returns the last day in the monthly rollup.
func rolledThrough(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (string, error) {
	var through string
	if err := q.QueryRowContext(ctx, `SELECT through FROM dims_rolled WHERE id = 1`).Scan(&through); err != nil {
		return "", fmt.Errorf("read the rolled-up days: %w", err)
	}
	return through, nil
}
