package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkAllowFlood sends a key never seen before in every call, with
// the limiter full: the cost per call must not grow with MaxKeys.
func BenchmarkAllowFlood(b *testing.B) {
	for _, maxKeys := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("keys=%d", maxKeys), func(b *testing.B) {
			c := newClock()
			l := &Limiter{Now: c.Now, Every: 100 * time.Millisecond, Burst: 30, MaxKeys: maxKeys}
			for i := range maxKeys {
				l.Allow(fmt.Sprint("warm-", i))
			}
			keys := make([]string, 1<<16)
			for i := range keys {
				keys[i] = fmt.Sprint("flood-", i)
			}
			i := 0
			for b.Loop() {
				l.Allow(keys[i&(len(keys)-1)])
				i++
			}
		})
	}
}
