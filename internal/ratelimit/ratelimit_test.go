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

func TestLimiterBoundsKeys(t *testing.T) {
	c := newClock()
	l := &Limiter{Now: c.Now, MaxKeys: 100}
	for i := range 1000 {
		l.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
		c.Advance(time.Millisecond)
	}
	if n := l.Len(); n > 100 {
		t.Fatalf("kept %d keys, bound is 100", n)
	}
	// The most recent, still limited client is remembered.
	last := "10.0.3.231"
	for range 4 {
		l.Allow(last)
	}
	if ok, _ := l.Allow(last); ok {
		t.Fatal("recent client forgotten: 6th message allowed")
	}
	// Idle clients whose bucket refilled are dropped first.
	c.Advance(time.Minute)
	for i := range 50 {
		l.Allow(fmt.Sprintf("192.0.2.%d", i))
	}
	if n := l.Len(); n > 100 {
		t.Fatalf("kept %d keys after refill, bound is 100", n)
	}
}
