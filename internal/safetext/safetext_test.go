package safetext

import (
	"testing"
	"unicode"
)

func TestHas(t *testing.T) {
	for _, c := range []struct {
		s         string
		multiline bool
		want      bool
	}{
		{"Zoë O'Brien, 東京, مرحبا", false, false},
		{"two\nlines\tand a tab", true, false},
		{"two\nlines", false, true},
		{"tab\there", false, true},
		{"escape \x1b[31m", true, true},
		{"nul \x00", true, true},
		{"del \x7f", true, true},
		{"c1 \u0085", true, true},
		{"line separator \u2028", true, true},
		{"paragraph separator \u2029", true, true},
		// The bidirectional controls, each.
		{"rlo \u202e", true, true},
		{"lre \u202a", true, true},
		{"rle \u202b", true, true},
		{"pdf \u202c", true, true},
		{"lro \u202d", true, true},
		{"lri \u2066", true, true},
		{"rli \u2067", true, true},
		{"fsi \u2068", true, true},
		{"pdi \u2069", true, true},
		{"lrm \u200e", true, true},
		{"rlm \u200f", true, true},
		{"alm \u061c", true, true},
		// Zero-width joiners shape scripts; they reorder nothing.
		{"zwj \u200d zwnj \u200c", false, false},
	} {
		if got := Has(c.s, c.multiline); got != c.want {
			t.Errorf("Has(%q, %v) = %v, want %v", c.s, c.multiline, got, c.want)
		}
	}
}

// TestUnsafeIsTheUnicodeSets checks the written-out ranges against the
// Unicode tables, for every code point.
func TestUnsafeIsTheUnicodeSets(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
		if Unsafe(r) != want {
			t.Fatalf("Unsafe(%U) = %v, want %v", r, !want, want)
		}
	}
}
