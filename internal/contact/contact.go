// Package contact is the contact inbox: validation of visitor messages, spam
// checks, and persist-then-notify delivery through an outbox, so that a
// message is never lost when mail is down.
package contact

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// State is where a message is in its notification to the owner.
type State string

// Delivery states.
const (
	Pending State = "pending" // not yet notified; retried for as long as the failures are transient
	Sent    State = "sent"    // the owner has been notified
	Failed  State = "failed"  // refused for good (LastError says why); the message is kept and may be retried by hand
)

// Delivery is the outbox state of one message. It lives on the message
// itself, so a store needs no transaction to keep both consistent.
type Delivery struct {
	State       State     `json:"state"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	SentAt      time.Time `json:"sent_at,omitzero"`
}

// Message is one message left through the contact form. Stores keep times
// to the millisecond, in UTC.
type Message struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Body      string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
	Delivery  Delivery  `json:"delivery"`
}

// ListOptions selects messages for List.
type ListOptions struct {
	UnreadOnly bool
	State      State     // only messages in this delivery state; "": any
	Before     time.Time // only messages created before this; zero: any
	Limit      int       // <= 0: all
}

// Store keeps messages and the spam counter. Implementations: SQLite and
// DynamoDB; both pass storetest.Messages.
type Store interface {
	// Save stores a new message. A duplicate ID is a problem.ErrConflict.
	Save(ctx context.Context, m Message) error
	// Get returns one message; problem.ErrNotFound when absent.
	Get(ctx context.Context, id string) (Message, error)
	// List returns messages newest first.
	List(ctx context.Context, opts ListOptions) ([]Message, error)
	// MarkRead marks a message read; problem.ErrNotFound when absent.
	MarkRead(ctx context.Context, id string) error
	// Due returns up to limit pending messages whose NextAttempt <= now,
	// the most overdue first.
	Due(ctx context.Context, now time.Time, limit int) ([]Message, error)
	// Claim reserves a due message for one delivery attempt by moving its
	// NextAttempt to until, only if it is still pending with NextAttempt <= now.
	// It reports false when another sender got there first (or the message
	// is no longer due), so two outboxes never send the same message at once.
	Claim(ctx context.Context, id string, now, until time.Time) (bool, error)
	// SetDelivery replaces the delivery state; problem.ErrNotFound when absent.
	SetDelivery(ctx context.Context, id string, d Delivery) error
	// Retry makes a Failed message Pending again, due at now, keeping its
	// attempts and last error. problem.ErrNotFound when absent,
	// problem.ErrConflict when it is not Failed.
	Retry(ctx context.Context, id string, now time.Time) error
	// RetryFailed makes every Failed message Pending again, due at now,
	// and returns how many it changed.
	RetryFailed(ctx context.Context, now time.Time) (int, error)
	// UseToken records that the form token named key was used, until
	// expires, and reports whether it was unused until now: false is a
	// replay. Records whose expiry is past at now may be dropped meanwhile.
	UseToken(ctx context.Context, key string, now, expires time.Time) (bool, error)
	// ReleaseToken forgets the use of the token named key, for a message
	// that could not be saved after all.
	ReleaseToken(ctx context.Context, key string) error
	// AddSpam counts one rejected spam submission.
	AddSpam(ctx context.Context) error
	// Counts returns the inbox's totals, from counters the store keeps as
	// messages are saved and read, never by reading the messages.
	Counts(ctx context.Context) (Counts, error)
}

// Counts are the totals of the inbox.
type Counts struct {
	Total  int64 `json:"total"`  // messages stored
	Unread int64 `json:"unread"` // of those, not yet marked read
	Spam   int64 `json:"spam"`   // spam submissions refused so far
}

// Notifier tells the site owner about a new message (by mail).
type Notifier interface {
	Notify(ctx context.Context, m Message) error
}

// ErrRateLimited is wrapped by *RateLimitError.
var ErrRateLimited = errors.New("too many messages")

// RateLimitError says a client sent too many messages; it may try again
// after RetryAfter.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return "too many messages: retry after " + e.RetryAfter.Round(time.Second).String()
}

// Unwrap makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// NotFound is the error stores return for an unknown message id.
func NotFound(id string) error {
	return fmt.Errorf("message %q: %w", id, problem.ErrNotFound)
}
