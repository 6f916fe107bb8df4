// Package ratelimit keeps a token bucket per client, in memory only, for
// the API as a whole and for the contact form.
package ratelimit

import (
	"crypto/sha256"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter bounds how many requests one client may make: a token bucket per
// client key (its IP address). Keys are kept only as hashes, and the number
// kept is bounded so a flood of addresses cannot grow memory without limit.
// The zero value allows 5 requests a minute per key and keeps 10,000 keys.
//
// The buckets are held in two generations of maps. A client seen in the
// current one is found there; one seen only in the previous one moves to
// the current one. The previous generation is dropped whole when the
// current one is a refill period old (its clients' buckets are full again,
// so forgetting them changes nothing) or holds half the keys allowed. Each
// call is thus a few map operations however many clients there are.
type Limiter struct {
	Every   time.Duration    // one more request allowed per Every; 0: 12 s
	Burst   int              // requests allowed at once; 0: 5
	MaxKeys int              // keys kept, 2 at least; 0: 10,000
	Now     func() time.Time // nil: time.Now

	mu    sync.Mutex
	cur   map[key]*rate.Limiter
	prev  map[key]*rate.Limiter
	since time.Time // when cur was started
}

// key is the part of a client key's SHA-256 kept: enough to tell clients
// apart, and no address kept in the clear.
type key [16]byte

// Allow counts one request from key. When the client is over its limit it
// returns false and how long until it may try again, a whole second at least
// (Retry-After counts seconds).
func (l *Limiter) Allow(clientKey string) (bool, time.Duration) {
	now := l.now()
	every, burst := l.params()
	h := sha256.Sum256([]byte(clientKey))
	var k key
	copy(k[:], h[:])

	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.bucket(now, k, every, burst)
	if lim.AllowN(now, 1) {
		return true, 0
	}
	missing := 1 - lim.TokensAt(now)
	wait := time.Duration(math.Ceil(missing * float64(every)))
	if wait < time.Second {
		wait = time.Second
	}
	return false, wait
}

// bucket returns k's bucket, moving it to the current generation or
// making a full one.
func (l *Limiter) bucket(now time.Time, k key, every time.Duration, burst int) *rate.Limiter {
	refill := every * time.Duration(burst)
	if l.cur == nil || now.Sub(l.since) >= refill {
		// Both generations are stale after two periods: drop both.
		if l.cur != nil && now.Sub(l.since) >= 2*refill {
			l.cur = nil
		}
		l.rotate(now)
	}
	if lim, ok := l.cur[k]; ok {
		return lim
	}
	lim, ok := l.prev[k]
	if ok {
		delete(l.prev, k)
	} else {
		lim = rate.NewLimiter(rate.Every(every), burst)
	}
	if len(l.cur) >= l.half() {
		l.rotate(now)
	}
	l.cur[k] = lim
	return lim
}

// rotate makes the current generation the previous one, dropping the
// previous one, and starts an empty current one.
func (l *Limiter) rotate(now time.Time) {
	l.prev = l.cur
	l.cur = make(map[key]*rate.Limiter)
	l.since = now
}

// half is how many keys one generation may hold.
func (l *Limiter) half() int {
	maxKeys := l.MaxKeys
	if maxKeys <= 0 {
		maxKeys = 10000
	}
	return max(maxKeys/2, 1)
}

// Len returns the number of client keys held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.cur) + len(l.prev)
}

func (l *Limiter) params() (time.Duration, int) {
	every, burst := l.Every, l.Burst
	if every <= 0 {
		every = 12 * time.Second
	}
	if burst <= 0 {
		burst = 5
	}
	return every, burst
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}
