// Package visits counts page views and unique daily visitors without cookies
// and without storing IP addresses.
package visits

import (
	"context"
)

// DayLayout formats the UTC day a hit belongs to.
const DayLayout = "2006-01-02"

// Hit is one page view, ready to be stored: the client's address has already
// been reduced to a daily visitor ID.
type Hit struct {
	Path      string
	VisitorID string // keyed hash of (daily salt, IP, User-Agent); never the IP
	Day       string // UTC day, DayLayout
	Bot       bool   // counted apart, not in views or visitors
	// Dims are the hit's dimensions, bounded and normalised; a dimension
	// without a value on this hit is absent. Path is among them.
	Dims []Dim
}

// Counts are the site-wide totals.
type Counts struct {
	Visitors int64 `json:"visitors"`
	Views    int64 `json:"views"`
	Bots     int64 `json:"bots"`
}

// PathViews is the number of views one path has had.
type PathViews struct {
	Path  string `json:"path"`
	Views int64  `json:"views"`
}

// Packer is a Store whose reports read closed months rolled up ahead of
// them: PackClosed rolls up those of the last year not yet rolled up and
// returns them. It is periodic work, so that no report waits for it.
type Packer interface {
	PackClosed(ctx context.Context) ([]string, error)
}

// Store persists hits. Record must not return before the hit is durable.
type Store interface {
	// Record stores h and answers the totals including it. A visitor is
	// counted once per Day; a repeated VisitorID on the same Day adds a view only.
	Record(ctx context.Context, h Hit) (Counts, error)
	// Counts answers the totals without recording anything.
	Counts(ctx context.Context) (Counts, error)
	// Salt answers the salt of day, storing fresh as that salt if the day
	// has none yet, so that every process sharing the store agrees on it.
	Salt(ctx context.Context, day string, fresh []byte) ([]byte, error)
	// Forget deletes the salts of the days before before. Their visitor
	// markers go with them, at once or when they expire: without its
	// salt, a marker can no longer be tied to anyone.
	Forget(ctx context.Context, before string) error
	// TopPaths answers the most viewed paths, most views first.
	TopPaths(ctx context.Context, limit int) ([]PathViews, error)
	Reporter
}
