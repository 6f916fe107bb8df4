package sqlite

import (
	"fmt"
	"testing"
)

// TestMergedFilter: every marker added is held (a miss would count a
// visitor twice), few others are, and days it does not follow are
// answered "may hold".
func TestMergedFilter(t *testing.T) {
	m := newMergedFilter()
	if !m.mayHave("2026-04-01", "x") {
		t.Fatal("a filter not yet loaded may hold anything")
	}
	m.ready = true
	const n = 200_000
	for i := range n {
		m.add("2026-04-01", fmt.Sprint("in-", i))
	}
	for i := range n {
		if !m.mayHave("2026-04-01", fmt.Sprint("in-", i)) {
			t.Fatalf("marker %d added and not held", i)
		}
	}
	false := 0
	for i := range n {
		if m.mayHave("2026-04-01", fmt.Sprint("out-", i)) {
			false++
		}
	}
	if false > n/100 {
		t.Fatalf("%d false positives in %d, want under 1%%", false, n)
	}
	if m.mayHave("2026-04-02", "in-1") {
		t.Fatal("a day without markers may hold one")
	}
	for d := 2; d <= maxFilterDays+1; d++ {
		m.add(fmt.Sprintf("2026-04-%02d", d), "x")
	}
	if !m.mayHave(fmt.Sprintf("2026-04-%02d", maxFilterDays+1), "never added") {
		t.Fatal("a day past the bound is not followed, so it may hold anything")
	}
	m.forget("2026-04-02")
	if !m.mayHave("2026-04-01", "never added") {
		t.Fatal("a forgotten day is not followed, so it may hold anything")
	}
	m.add("2026-04-01", "late")
	if len(m.days) > maxFilterDays {
		t.Fatalf("%d days followed, bound is %d", len(m.days), maxFilterDays)
	}
}
