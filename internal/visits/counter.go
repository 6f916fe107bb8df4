package visits

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/safetext"
)

// saltSize is the length of a daily salt in bytes.
const saltSize = 32

// idBytes is how much of the HMAC is kept: 128 bits make collisions between
// a day's visitors vanishingly rare while revealing less.
const idBytes = 16

// maxPathLen bounds what a client may name as its path.
const maxPathLen = 512

// View is a page view as the client reported it. Every field but IP and
// Path is optional; a value that does not parse or is out of bounds is
// dropped, not refused.
type View struct {
	IP        string
	UserAgent string
	Path      string
	Referrer  string // document.referrer, or the Referer of a pixel
	Automated bool   // the page script saw navigator.webdriver
	Host      string // the request's Host: referrers from it are the site's own
	Query     string // the page URL's query, for its utm_ parameters
	Screen    int    // window.screen.width in CSS pixels; 0 when unknown
	Country   string // ISO 3166 alpha-2 from a trusted proxy; else looked up from IP
}

// Counter turns views into hits: it derives the visitor ID from a daily
// salt, keeps bots apart and rotates the salt at UTC midnight.
type Counter struct {
	store   Store
	now     func() time.Time
	rand    io.Reader
	bots    memo[string, bool]  // IsBot
	agents  memo[string, Agent] // ParseAgent
	refs    memo[pageRef, string]
	utms    memo[string, utm]
	log     *slog.Logger
	paths   sitePaths
	own     []string // the site's own hosts
	country func(ip string) string

	mu  sync.Mutex // serializes salt changes
	cur atomic.Pointer[daySalt]
}

// daySalt is one day's salt with keyed hashes ready for use: keying an
// HMAC costs as much as hashing the visitor, so keyed ones are pooled.
type daySalt struct {
	day        string
	start, end time.Time // the day's first instant, and the next day's
	hashers    sync.Pool
}

// hasher is a keyed hash with room for its input.
type hasher struct {
	mac hash.Hash
	buf []byte
}

// newDaySalt answers the salt of the UTC day that begins at start.
func newDaySalt(start time.Time, salt []byte) *daySalt {
	d := &daySalt{day: start.Format(DayLayout), start: start, end: start.AddDate(0, 0, 1)}
	d.hashers.New = func() any { return &hasher{mac: hmac.New(sha256.New, salt)} }
	return d
}

// holds reports whether t is on the salt's day.
func (d *daySalt) holds(t time.Time) bool { return !t.Before(d.start) && t.Before(d.end) }

// visitorID is VisitorID with this day's salt.
func (d *daySalt) visitorID(ip, userAgent string) string {
	h := d.hashers.Get().(*hasher)
	defer d.hashers.Put(h)
	h.mac.Reset()
	var id string
	id, h.buf = sumVisitor(h.mac, h.buf[:0], ip, userAgent)
	return id
}

// Option configures a Counter.
type Option func(*Counter)

// WithClock makes the counter read time from now.
func WithClock(now func() time.Time) Option { return func(c *Counter) { c.now = now } }

// WithLogger makes the counter log what goes wrong off the hit's path.
func WithLogger(log *slog.Logger) Option { return func(c *Counter) { c.log = log } }

// WithRand makes the counter draw salts from r.
func WithRand(r io.Reader) Option { return func(c *Counter) { c.rand = r } }

// NewCounter answers a Counter over store.
func NewCounter(store Store, opts ...Option) *Counter {
	c := &Counter{store: store, now: time.Now, rand: rand.Reader, log: slog.New(slog.DiscardHandler),
		bots: newStringMemo(IsBot), agents: newStringMemo(ParseAgent), utms: newStringMemo(campaign)}
	for _, o := range opts {
		o(c)
	}
	c.refs = newMemo(c.referrer, func(r pageRef) int { return len(r.host) + len(r.ref) }) // after the options, which name the site's hosts
	return c
}

// Record counts one view and answers the totals after it.
func (c *Counter) Record(ctx context.Context, v View) (Counts, error) {
	path, err := cleanPath(v.Path)
	if err != nil {
		return Counts{}, err
	}
	isBot := func() bool { return v.Automated || c.bots.get(v.UserAgent) }
	now := c.now()
	var bot bool
	salt := c.cur.Load()
	if salt != nil && salt.holds(now) {
		bot = isBot()
	} else {
		// The first view of a day, and of a process, waits for the store
		// to give the day's salt: bots are told meanwhile, which the first
		// time includes compiling the crawler list.
		var wg sync.WaitGroup
		wg.Go(func() { bot = isBot() })
		salt, err = c.saltFor(ctx, now)
		wg.Wait()
		if err != nil {
			return Counts{}, err
		}
	}
	path = c.paths.name(path)
	h := Hit{
		Path:      path,
		VisitorID: salt.visitorID(v.IP, v.UserAgent),
		Day:       salt.day,
		Bot:       bot,
	}
	if bot {
		h.Dims = []Dim{{Name: DimPath, Value: path}}
	} else {
		h.Dims = c.dims(append(make([]Dim, 0, len(Dimensions)), Dim{Name: DimPath, Value: path}), v)
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

// Summary answers the totals and the top most viewed paths.
func (c *Counter) Summary(ctx context.Context, top int) (Summary, error) {
	return Summarize(ctx, c.store, top)
}

// saltFor answers the salt of the day of now, creating it (and forgetting
// the days before yesterday) the first time the day is seen.
func (c *Counter) saltFor(ctx context.Context, now time.Time) (*daySalt, error) {
	if cur := c.cur.Load(); cur != nil && cur.holds(now) {
		return cur, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur := c.cur.Load(); cur != nil && cur.holds(now) {
		return cur, nil
	}
	start := now.UTC().Truncate(24 * time.Hour) // counted from the zero time, a UTC midnight
	day := start.Format(DayLayout)
	fresh := make([]byte, saltSize)
	if _, err := io.ReadFull(c.rand, fresh); err != nil {
		return nil, fmt.Errorf("draw salt: %w", err)
	}
	// Salts live two days at most: today's and yesterday's. Forgetting the
	// older ones is best effort and off the hit's path (what fails now is
	// tried again with the next day's salt); it touches no salt of today
	// or yesterday, so it starts beside the read of today's.
	go c.forget(start.AddDate(0, 0, -1).Format(DayLayout))
	salt, err := c.store.Salt(ctx, day, fresh)
	if err != nil {
		return nil, fmt.Errorf("salt for %s: %w", day, err)
	}
	d := newDaySalt(start, salt)
	c.cur.Store(d)
	return d, nil
}

// forgetTimeout bounds one Forget of old salts.
const forgetTimeout = time.Minute

// forget deletes the salts of the days before before.
func (c *Counter) forget(before string) {
	ctx, cancel := context.WithTimeout(context.Background(), forgetTimeout)
	defer cancel()
	if err := c.store.Forget(ctx, before); err != nil {
		c.log.Warn("visits: forget old salts", "before", before, "err", err)
	}
}

// VisitorID is the keyed hash that stands for a visitor on one day. Without
// the day's salt, which is deleted after two days, it cannot be tied back to
// an address.
func VisitorID(salt []byte, ip, userAgent string) string {
	id, _ := sumVisitor(hmac.New(sha256.New, salt), nil, ip, userAgent)
	return id
}

// sumVisitor hashes a visitor with the keyed hash m, building its input in
// buf, which it answers for reuse.
func sumVisitor(m hash.Hash, buf []byte, ip, userAgent string) (string, []byte) {
	buf = append(append(append(buf, ip...), 0), userAgent...)
	m.Write(buf)
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:idBytes]), buf
}

// cleanPath keeps the path of a page, without query or fragment.
func cleanPath(p string) (string, error) {
	if p == "" {
		return "/", nil
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	var why string
	switch {
	case len(p) > maxPathLen:
		why = fmt.Sprintf("is longer than %d bytes", maxPathLen)
	case !strings.HasPrefix(p, "/"):
		why = "must start with /"
	case !utf8.ValidString(p) || safetext.Has(p, false):
		why = "has invalid characters (control characters or bidirectional overrides)"
	default:
		return p, nil
	}
	return "", problem.Fields{"path": why}
}

// Report answers the daily aggregates q asks for, after checking it.
func (c *Counter) Report(ctx context.Context, q Query) (Report, error) {
	q, err := q.Check()
	if err != nil {
		return Report{}, err
	}
	r, err := c.store.Report(ctx, q)
	if err != nil {
		return Report{}, fmt.Errorf("read report: %w", err)
	}
	return r, nil
}
