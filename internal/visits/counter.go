package visits

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// saltSize is the length of a daily salt in bytes.
const saltSize = 32

// idBytes is how much of the HMAC is kept: 128 bits make collisions between
// a day's visitors vanishingly rare while revealing less.
const idBytes = 16

// maxPathLen bounds what a client may name as its path.
const maxPathLen = 512

// View is a page view as the client reported it.
type View struct {
	IP        string
	UserAgent string
	Path      string
	Referrer  string
	Automated bool // the page script saw navigator.webdriver
}

// Counter turns views into hits: it derives the visitor ID from a daily
// salt, keeps bots apart and rotates the salt at UTC midnight.
type Counter struct {
	store Store
	now   func() time.Time
	rand  io.Reader

	mu      sync.Mutex
	saltDay string
	salt    []byte
}

// Option configures a Counter.
type Option func(*Counter)

// WithClock makes the counter read time from now.
func WithClock(now func() time.Time) Option { return func(c *Counter) { c.now = now } }

// WithRand makes the counter draw salts from r.
func WithRand(r io.Reader) Option { return func(c *Counter) { c.rand = r } }

// NewCounter answers a Counter over store.
func NewCounter(store Store, opts ...Option) *Counter {
	c := &Counter{store: store, now: time.Now, rand: rand.Reader}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Record counts one view and answers the totals after it.
func (c *Counter) Record(ctx context.Context, v View) (Counts, error) {
	path, err := cleanPath(v.Path)
	if err != nil {
		return Counts{}, err
	}
	day := dayOf(c.now())
	salt, err := c.saltFor(ctx, day)
	if err != nil {
		return Counts{}, err
	}
	h := Hit{
		Path:      path,
		VisitorID: VisitorID(salt, v.IP, v.UserAgent),
		Day:       day,
		Bot:       v.Automated || IsBot(v.UserAgent),
	}
	counts, err := c.store.Record(ctx, h)
	if err != nil {
		return Counts{}, fmt.Errorf("record hit: %w", err)
	}
	return counts, nil
}

// Counts answers the totals.
func (c *Counter) Counts(ctx context.Context) (Counts, error) {
	counts, err := c.store.Counts(ctx)
	if err != nil {
		return Counts{}, fmt.Errorf("read counts: %w", err)
	}
	return counts, nil
}

// TopPaths answers the most viewed paths.
func (c *Counter) TopPaths(ctx context.Context, limit int) ([]PathViews, error) {
	return c.store.TopPaths(ctx, limit)
}

// saltFor answers the salt of day, creating it (and forgetting the days
// before yesterday) the first time the day is seen.
func (c *Counter) saltFor(ctx context.Context, day string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.saltDay == day {
		return c.salt, nil
	}
	fresh := make([]byte, saltSize)
	if _, err := io.ReadFull(c.rand, fresh); err != nil {
		return nil, fmt.Errorf("draw salt: %w", err)
	}
	salt, err := c.store.Salt(ctx, day, fresh)
	if err != nil {
		return nil, fmt.Errorf("salt for %s: %w", day, err)
	}
	// Salts live two days at most: today's and yesterday's.
	t, _ := time.Parse(DayLayout, day)
	if err := c.store.Forget(ctx, t.AddDate(0, 0, -1).Format(DayLayout)); err != nil {
		return nil, fmt.Errorf("forget old salts: %w", err)
	}
	c.saltDay, c.salt = day, salt
	return salt, nil
}

// VisitorID is the keyed hash that stands for a visitor on one day. Without
// the day's salt, which is deleted after two days, it cannot be tied back to
// an address.
func VisitorID(salt []byte, ip, userAgent string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(ip))
	m.Write([]byte{0})
	m.Write([]byte(userAgent))
	return hex.EncodeToString(m.Sum(nil)[:idBytes])
}

// cleanPath keeps the path of a page, without query or fragment.
func cleanPath(p string) (string, error) {
	if p == "" {
		return "/", nil
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	bad := problem.Fields{}
	switch {
	case len(p) > maxPathLen:
		bad.Add("path", fmt.Sprintf("is longer than %d bytes", maxPathLen))
	case !strings.HasPrefix(p, "/"):
		bad.Add("path", "must start with /")
	case !utf8.ValidString(p) || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		bad.Add("path", "has invalid characters")
	}
	if err := bad.Err(); err != nil {
		return "", err
	}
	return p, nil
}
