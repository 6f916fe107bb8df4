package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients bounds the limiter's memory; idle clients are dropped first.
const maxClients = 10000

// limiter keeps one token bucket per client, in memory only.
type limiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	clients map[string]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(r rate.Limit, burst int) *limiter {
	return &limiter{rate: r, burst: burst, clients: map[string]*client{}}
}

// reserve takes a token for key and answers how long the client must wait
// before its request would be allowed; zero means now.
func (l *limiter) reserve(key string) time.Duration {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[key]
	if c == nil {
		if len(l.clients) >= maxClients {
			l.evict(now)
		}
		c = &client{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d
	}
	return 0
}

// evict drops clients whose bucket has refilled; if every client is busy
// it starts afresh rather than grow without bound.
func (l *limiter) evict(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.rate) * float64(time.Second))
	for k, c := range l.clients {
		if now.Sub(c.seen) > full {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= maxClients {
		l.clients = map[string]*client{}
	}
}
