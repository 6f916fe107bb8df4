package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

var _ contact.Store = (*MessageStore)(nil)

// MessageStore keeps contact messages, each with its outbox state, and the
// spam counter.
type MessageStore struct {
	db *DB
}

// NewMessageStore answers a MessageStore over db.
func NewMessageStore(db *DB) *MessageStore { return &MessageStore{db: db} }

// messageColumns are the columns scanMessage reads, in order.
const messageColumns = `id, name, email, body, created_at, read, state, attempts, last_error, next_attempt, sent_at`

// Save inserts m; an existing id is a conflict.
func (s *MessageStore) Save(ctx context.Context, m contact.Message) error {
	d := m.Delivery
	res, err := s.db.write.ExecContext(ctx, `INSERT INTO messages (`+messageColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		m.ID, m.Name, m.Email, m.Body, m.CreatedAt.UnixMilli(), m.Read,
		string(d.State), d.Attempts, d.LastError, millis(d.NextAttempt), millis(d.SentAt))
	if err != nil {
		return fmt.Errorf("save message %q: %w", m.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("save message %q: %w", m.ID, err)
	} else if n == 0 {
		return fmt.Errorf("message %q: %w", m.ID, problem.ErrConflict)
	}
	return nil
}

// Get answers one message.
func (s *MessageStore) Get(ctx context.Context, id string) (contact.Message, error) {
	m, err := scanMessage(s.db.read.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return contact.Message{}, contact.NotFound(id)
	}
	if err != nil {
		return contact.Message{}, fmt.Errorf("get message %q: %w", id, err)
	}
	return m, nil
}

// List answers messages newest first.
func (s *MessageStore) List(ctx context.Context, opts contact.ListOptions) ([]contact.Message, error) {
	q := `SELECT ` + messageColumns + ` FROM messages WHERE true`
	var args []any
	if opts.UnreadOnly {
		q += ` AND read = 0`
	}
	switch opts.State {
	case "":
	// A literal, not a parameter, so that SQLite uses the partial
	// index of the state.
	case contact.Pending, contact.Sent, contact.Failed:
		q += ` AND state = '` + string(opts.State) + `'`
	default:
		return nil, fmt.Errorf("list messages: unknown state %q", opts.State)
	}
	if !opts.Before.IsZero() {
		q += ` AND created_at < ?`
		args = append(args, opts.Before.UnixMilli())
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	limit := opts.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return s.query(ctx, "list messages", q, append(args, limit)...)
}

// MarkRead marks a message read.
func (s *MessageStore) MarkRead(ctx context.Context, id string) error {
	return s.update(ctx, id, `UPDATE messages SET read = 1 WHERE id = ?`, id)
}

// Due answers pending messages whose next attempt has come, most overdue first.
func (s *MessageStore) Due(ctx context.Context, now time.Time, limit int) ([]contact.Message, error) {
	if limit <= 0 {
		limit = -1
	}
	return s.query(ctx, "due messages", `SELECT `+messageColumns+` FROM messages
		WHERE state = 'pending' AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?`, now.UnixMilli(), limit)
}

// Claim moves a due message's next attempt to until, if it is still due.
func (s *MessageStore) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	res, err := s.db.write.ExecContext(ctx, `UPDATE messages SET next_attempt = ?
		WHERE id = ? AND state = 'pending' AND next_attempt <= ?`, until.UnixMilli(), id, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("claim message %q: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim message %q: %w", id, err)
	}
	return n == 1, nil
}

// SetDelivery replaces a message's delivery state.
func (s *MessageStore) SetDelivery(ctx context.Context, id string, d contact.Delivery) error {
	return s.update(ctx, id, `UPDATE messages SET state = ?, attempts = ?, last_error = ?, next_attempt = ?, sent_at = ?
		WHERE id = ?`, string(d.State), d.Attempts, d.LastError, millis(d.NextAttempt), millis(d.SentAt), id)
}

// Retry makes a failed message pending again, due at now.
func (s *MessageStore) Retry(ctx context.Context, id string, now time.Time) error {
	res, err := s.db.write.ExecContext(ctx, `UPDATE messages SET state = 'pending', next_attempt = ?
		WHERE id = ? AND state = 'failed'`, now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("retry message %q: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("retry message %q: %w", id, err)
	} else if n == 1 {
		return nil
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("message %q is %s, not failed: %w", id, m.Delivery.State, problem.ErrConflict)
}

// RetryFailed makes every failed message pending again, due at now.
func (s *MessageStore) RetryFailed(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.write.ExecContext(ctx, `UPDATE messages SET state = 'pending', next_attempt = ? WHERE state = 'failed'`, now.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("retry failed messages: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("retry failed messages: %w", err)
	}
	return int(n), nil
}

// UseToken records the use of a form token, dropping the records of the
// tokens expired at now, in one transaction.
func (s *MessageStore) UseToken(ctx context.Context, key string, now, expires time.Time) (bool, error) {
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("use form token: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_tokens WHERE expires_at <= ?`, now.UnixMilli()); err != nil {
		return false, fmt.Errorf("prune form tokens: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO contact_tokens (token_key, expires_at) VALUES (?, ?)
		ON CONFLICT (token_key) DO NOTHING`, key, expires.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("use form token: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("use form token: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("use form token: %w", err)
	}
	return n == 1, nil
}

// ReleaseToken forgets the use of a form token.
func (s *MessageStore) ReleaseToken(ctx context.Context, key string) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM contact_tokens WHERE token_key = ?`, key); err != nil {
		return fmt.Errorf("release form token: %w", err)
	}
	return nil
}

// AddSpam counts one spam submission.
func (s *MessageStore) AddSpam(ctx context.Context) error {
	if _, err := s.db.write.ExecContext(ctx, `UPDATE contact_spam SET count = count + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("count spam: %w", err)
	}
	return nil
}

// Counts returns the inbox counters, which triggers keep.
func (s *MessageStore) Counts(ctx context.Context) (contact.Counts, error) {
	var c contact.Counts
	err := s.db.read.QueryRowContext(ctx, `SELECT m.messages, m.unread, s.count
		FROM message_counts m, contact_spam s WHERE m.id = 1 AND s.id = 1`).Scan(&c.Total, &c.Unread, &c.Spam)
	if err != nil {
		return contact.Counts{}, fmt.Errorf("read inbox counts: %w", err)
	}
	return c, nil
}

// update runs a one-row update of message id; no row is ErrNotFound.
func (s *MessageStore) update(ctx context.Context, id, q string, args ...any) error {
	res, err := s.db.write.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("update message %q: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update message %q: %w", id, err)
	}
	if n == 0 {
		return contact.NotFound(id)
	}
	return nil
}

func (s *MessageStore) query(ctx context.Context, what, q string, args ...any) ([]contact.Message, error) {
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []contact.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// scanMessage reads the messageColumns of one row.
func scanMessage(row interface{ Scan(...any) error }) (contact.Message, error) {
	var m contact.Message
	var created int64
	var state string
	var next, sent sql.NullInt64
	err := row.Scan(&m.ID, &m.Name, &m.Email, &m.Body, &created, &m.Read,
		&state, &m.Delivery.Attempts, &m.Delivery.LastError, &next, &sent)
	if err != nil {
		return contact.Message{}, err
	}
	m.CreatedAt = time.UnixMilli(created).UTC()
	m.Delivery.State = contact.State(state)
	m.Delivery.NextAttempt = fromMillis(next)
	m.Delivery.SentAt = fromMillis(sent)
	return m, nil
}

// millis stores t as Unix milliseconds; the zero time is NULL.
func millis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromMillis(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64).UTC()
}
