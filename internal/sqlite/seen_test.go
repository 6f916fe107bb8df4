package sqlite

import (
	"fmt"
	"testing"
)

func TestSeenVisitors(t *testing.T) {
	s := newSeenVisitors()
	s.add("2026-01-01", []string{"a"})
	s.add("2026-01-02", []string{"b"})
	if !s.has("2026-01-01", "a") || !s.has("2026-01-02", "b") || s.has("2026-01-02", "a") {
		t.Fatal("lookup mismatch")
	}
	s.add("2026-01-03", []string{"c"}) // keeps two days: the oldest goes
	if s.has("2026-01-01", "a") || !s.has("2026-01-03", "c") {
		t.Fatal("oldest day not dropped")
	}
	s.forget("2026-01-03")
	s.add("2026-01-02", []string{"late"}) // a commit racing Forget
	if s.has("2026-01-02", "b") || s.has("2026-01-02", "late") {
		t.Fatal("forgotten day still cached")
	}
	for i := range maxSeenPerDay + 10 {
		s.add("2026-01-04", []string{fmt.Sprint(i)})
	}
	if n := len(s.days["2026-01-04"]); n != maxSeenPerDay {
		t.Fatalf("cache holds %d, want at most %d", n, maxSeenPerDay)
	}
}
