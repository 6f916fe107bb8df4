// Package transfer moves all of a site's data between stores: Export
// writes every counter, message and movie as one JSON Lines file with a
// versioned header, and Import loads such a file into any store. The
// daily salts and the per-visitor markers are left out on purpose: they
// exist only to count a visitor once a day and are deleted after two days,
// and carried along they would let the new store tie a visitor's hits
// together across the move.
package transfer

import (
	"context"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// Visits is what a transfer needs of a visit store: every counter read
// out, and put back as it was.
type Visits interface {
	Counts(ctx context.Context) (visits.Counts, error)
	// EachDay calls fn with the totals of every day, in day order.
	EachDay(ctx context.Context, fn func(visits.DayCounts) error) error
	// EachPath calls fn with the views of every path, in path order.
	EachPath(ctx context.Context, fn func(visits.PathViews) error) error
	// PutCounts sets the site-wide totals.
	PutCounts(ctx context.Context, c visits.Counts) error
	// PutDays sets the totals of each day given; other days are kept.
	PutDays(ctx context.Context, days []visits.DayCounts) error
	// PutPaths sets the views of each path given; other paths are kept.
	PutPaths(ctx context.Context, paths []visits.PathViews) error
	// EachDayValue calls fn with every day's value of every dimension, in
	// (day, dimension, value) order. The stores' monthly rollups are left
	// out: they are sums of these, which the puts rebuild.
	EachDayValue(ctx context.Context, fn func(visits.DayValue) error) error
	// PutDayValues sets the counters of each day value given, and what
	// the store's Report reads of them; other values are kept.
	PutDayValues(ctx context.Context, vals []visits.DayValue) error
}

// Messages is what a transfer needs of a message store.
type Messages interface {
	// EachMessage calls fn with every message, in ID order.
	EachMessage(ctx context.Context, fn func(contact.Message) error) error
	// PutMessage inserts m or replaces the message with its ID whole.
	PutMessage(ctx context.Context, m contact.Message) error
	// Counts returns the inbox's totals.
	Counts(ctx context.Context) (contact.Counts, error)
	// PutSpamCount sets the spam counter.
	PutSpamCount(ctx context.Context, n int64) error
}

// Stores are the stores a transfer reads or writes.
type Stores struct {
	Visits   Visits
	Messages Messages
	Movies   movies.Store
}
