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
type Limiter struct {
	Every   time.Duration    // one more request allowed per Every; 0: 12 s
	Burst   int              // requests allowed at once; 0: 5
	MaxKeys int              // keys kept; 0: 10,000
	Now     func() time.Time // nil: time.Now

	mu      sync.Mutex
	clients map[[16]byte]*client
}

type client struct {
	lim  *rate.Limiter
	last time.Time
}

// Allow counts one request from key. When the client is over its limit it
// returns false and how long until it may try again, a whole second at least
// (Retry-After counts seconds).
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := l.now()
	every, burst := l.params()
	h := sha256.Sum256([]byte(key))
	var k [16]byte
	copy(k[:], h[:])

	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[k]
	if !ok {
		if l.clients == nil {
			l.clients = make(map[[16]byte]*client)
		}
		l.evict(now, every, burst)
		c = &client{lim: rate.NewLimiter(rate.Every(every), burst)}
		l.clients[k] = c
	}
	c.last = now
	if c.lim.AllowN(now, 1) {
		return true, 0
	}
	missing := 1 - c.lim.TokensAt(now)
	wait := time.Duration(math.Ceil(missing * float64(every)))
	if wait < time.Second {
		wait = time.Second
	}
	return false, wait
}

// Len returns the number of client keys held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// evict makes room for one more key: first it drops clients whose bucket
// has refilled (forgetting them changes nothing), then, if still full, the
// least recently seen one.
func (l *Limiter) evict(now time.Time, every time.Duration, burst int) {
	maxKeys := l.MaxKeys
	if maxKeys <= 0 {
		maxKeys = 10000
	}
	if len(l.clients) < maxKeys {
		return
	}
	refill := every * time.Duration(burst)
	var oldestKey [16]byte
	var oldest time.Time
	for k, c := range l.clients {
		if now.Sub(c.last) >= refill {
			delete(l.clients, k)
			continue
		}
		if oldest.IsZero() || c.last.Before(oldest) {
			oldest, oldestKey = c.last, k
		}
	}
	if len(l.clients) >= maxKeys {
		delete(l.clients, oldestKey)
	}
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
