package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// The methods of this file read out and put back every counter and
// message, for export and import (internal/transfer). Puts set values
// rather than add to them, so that importing a file twice leaves the
// store as importing it once.

// EachDay calls fn with the totals of every day, in day order.
func (s *VisitStore) EachDay(ctx context.Context, fn func(visits.DayCounts) error) error {
	return eachRow(ctx, s.db.read, "read daily visits",
		`SELECT day, visitors, views, bots FROM daily_visits ORDER BY day`,
		func(rows *sql.Rows) error {
			var d visits.DayCounts
			if err := rows.Scan(&d.Day, &d.Visitors, &d.Views, &d.Bots); err != nil {
				return err
			}
			return fn(d)
		})
}

// EachPath calls fn with the views of every path, in path order.
func (s *VisitStore) EachPath(ctx context.Context, fn func(visits.PathViews) error) error {
	return eachRow(ctx, s.db.read, "read path views", `SELECT path, views FROM path_views ORDER BY path`,
		func(rows *sql.Rows) error {
			var p visits.PathViews
			if err := rows.Scan(&p.Path, &p.Views); err != nil {
				return err
			}
			return fn(p)
		})
}

// PutCounts sets the site-wide totals.
func (s *VisitStore) PutCounts(ctx context.Context, c visits.Counts) error {
	if _, err := s.db.write.ExecContext(ctx, `UPDATE visit_totals SET visitors = ?, views = ?, bots = ? WHERE id = 1`,
		c.Visitors, c.Views, c.Bots); err != nil {
		return fmt.Errorf("put totals: %w", err)
	}
	return nil
}

// PutDays sets the totals of each day given, in one transaction.
func (s *VisitStore) PutDays(ctx context.Context, days []visits.DayCounts) error {
	return inTx(ctx, s.db.write, "put daily visits", `INSERT INTO daily_visits (day, visitors, views, bots) VALUES (?, ?, ?, ?)
		ON CONFLICT (day) DO UPDATE SET visitors = excluded.visitors, views = excluded.views, bots = excluded.bots`,
		len(days), func(i int) []any { d := days[i]; return []any{d.Day, d.Visitors, d.Views, d.Bots} })
}

// PutPaths sets the views of each path given, in one transaction.
func (s *VisitStore) PutPaths(ctx context.Context, paths []visits.PathViews) error {
	return inTx(ctx, s.db.write, "put path views", `INSERT INTO path_views (path, views) VALUES (?, ?)
		ON CONFLICT (path) DO UPDATE SET views = excluded.views`,
		len(paths), func(i int) []any { return []any{paths[i].Path, paths[i].Views} })
}

// EachMessage calls fn with every message, in ID order.
func (s *MessageStore) EachMessage(ctx context.Context, fn func(contact.Message) error) error {
	return eachRow(ctx, s.db.read, "read messages", `SELECT `+messageColumns+` FROM messages ORDER BY id`,
		func(rows *sql.Rows) error {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			return fn(m)
		})
}

// PutMessage inserts m, or replaces the message with its ID whole.
func (s *MessageStore) PutMessage(ctx context.Context, m contact.Message) error {
	d := m.Delivery
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO messages (`+messageColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET
			name = excluded.name, email = excluded.email, body = excluded.body, created_at = excluded.created_at,
			read = excluded.read, state = excluded.state, attempts = excluded.attempts,
			last_error = excluded.last_error, next_attempt = excluded.next_attempt, sent_at = excluded.sent_at`,
		m.ID, m.Name, m.Email, m.Body, m.CreatedAt.UnixMilli(), m.Read,
		string(d.State), d.Attempts, d.LastError, millis(d.NextAttempt), millis(d.SentAt))
	if err != nil {
		return fmt.Errorf("put message %q: %w", m.ID, err)
	}
	return nil
}

// PutSpamCount sets the spam counter.
func (s *MessageStore) PutSpamCount(ctx context.Context, n int64) error {
	if _, err := s.db.write.ExecContext(ctx, `UPDATE contact_spam SET count = ? WHERE id = 1`, n); err != nil {
		return fmt.Errorf("put spam count: %w", err)
	}
	return nil
}

// eachRow runs q and calls each for every row.
func eachRow(ctx context.Context, pool *sql.DB, what, q string, each func(*sql.Rows) error) error {
	rows, err := pool.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// inTx runs the statement q with args(i) for i from 0 to n-1 in one
// transaction.
func inTx(ctx context.Context, pool *sql.DB, what, q string, n int, args func(i int) []any) (err error) {
	if n == 0 {
		return nil
	}
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer stmt.Close()
	for i := range n {
		if _, err := stmt.ExecContext(ctx, args(i)...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}
