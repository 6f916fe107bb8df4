package movies

import (
	"fmt"
	"strings"
	"testing"
)

func TestIDSet(t *testing.T) {
	s := newIDSet()
	long := strings.Repeat("x", MaxFieldBytes)
	const n = 200_000 // several table growths and chunks
	for i := range n {
		if !s.add(fmt.Sprintf("tt%07d", i)) {
			t.Fatalf("new ID %d reported as present", i)
		}
	}
	if !s.add(long) || s.add(long) {
		t.Fatal("long ID not handled")
	}
	for i := range n {
		if s.add(fmt.Sprintf("tt%07d", i)) {
			t.Fatalf("ID %d reported as new twice", i)
		}
	}
	if !s.add("tt") || !s.add("") || s.add("") || s.n != n+3 {
		t.Fatalf("prefixes and empty ID: n = %d", s.n)
	}
}
