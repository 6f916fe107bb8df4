package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// clock is a settable time source for tests.
type clock struct{ t time.Time }

func newClock() *clock                   { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func TestLimiterFivePerMinute(t *testing.T) {
	c := newClock()
	l := &Limiter{Now: c.Now}
	for i := range 5 {
		if ok, _ := l.Allow("198.51.100.7"); !ok {
			t.Fatalf("message %d refused", i+1)
		}
	}
	ok, wait := l.Allow("198.51.100.7")
	if ok || wait != 12*time.Second {
		t.Fatalf("6th message: Allow = %v, %v; want refused, 12s", ok, wait)
	}
	// Another client is not affected.
	if ok, _ := l.Allow("203.0.113.9"); !ok {
		t.Fatal("other client refused")
	}
	c.Advance(5 * time.Second)
	if ok, wait := l.Allow("198.51.100.7"); ok || wait != 7*time.Second {
		t.Fatalf("5 s later: Allow = %v, %v; want refused, 7s", ok, wait)
	}
	c.Advance(7 * time.Second)
	if ok, _ := l.Allow("198.51.100.7"); !ok {
		t.Fatal("refused after the wait it announced")
	}
	if ok, _ := l.Allow("198.51.100.7"); ok {
		t.Fatal("allowed a second message after one token came back")
	}
}

// TestLimiterFlood sends 100,000 addresses never seen before, as an
// attacker with a whole IPv6 /64 of its own (or spoofed X-Forwarded-For)
// can, while one heavy client keeps sending: the keys held stay within
// the bound at every call and the heavy client stays limited.
func TestLimiterFlood(t *testing.T) {
	c := newClock()
	l := &Limiter{Now: c.Now, Every: time.Second, Burst: 5, MaxKeys: 100}
	heavy := "198.51.100.7"
	start := c.Now()
	allowed, refused := 0, 0
	for i := range 100000 {
		if ok, _ := l.Allow(fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff)); !ok {
			t.Fatalf("flood key %d refused: a new client has a full bucket", i)
		}
		if n := l.Len(); n > 100 {
			t.Fatalf("after %d keys: %d held, bound is 100", i+1, n)
		}
		if i%10 == 0 {
			if ok, _ := l.Allow(heavy); ok {
				allowed++
			} else {
				refused++
			}
		}
		c.Advance(time.Millisecond)
	}
	// The heavy client earns its burst and one request a second, no more.
	most := 5 + int(c.Now().Sub(start)/time.Second) + 1
	if allowed > most || refused == 0 {
		t.Fatalf("heavy client: %d allowed, %d refused over %v; want at most %d allowed",
			allowed, refused, c.Now().Sub(start), most)
	}
}

// TestLimiterForgetsIdle checks that clients idle for a refill period,
// whose buckets are full again, are dropped without the table being full,
// while one still limited is carried into the next generation.
func TestLimiterForgetsIdle(t *testing.T) {
	c := newClock()
	l := &Limiter{Now: c.Now, MaxKeys: 1000} // 5 a minute: a bucket refills in 60 s
	for i := range 100 {
		l.Allow(fmt.Sprintf("10.0.0.%d", i))
	}
	c.Advance(59 * time.Second)
	limited := "203.0.113.9"
	for range 5 {
		l.Allow(limited)
	}
	c.Advance(time.Second)
	l.Allow("192.0.2.1") // a refill period on: a new generation starts
	if ok, _ := l.Allow(limited); ok {
		t.Fatal("client over its limit forgotten when a generation started")
	}
	c.Advance(time.Minute)
	l.Allow("192.0.2.2") // the 100 idle clients are two generations old
	if n := l.Len(); n != 3 {
		t.Fatalf("%d keys held a minute later; want the 3 seen in the last minute", n)
	}
	c.Advance(3 * time.Minute)
	l.Allow("192.0.2.3")
	if n := l.Len(); n != 1 {
		t.Fatalf("%d keys held after 3 idle minutes; want 1", n)
	}
}
