// Package safetext tells the characters that stored text must not hold:
// those that hide or reorder what a reader sees. Control characters (C0,
// C1, DEL) and the line and paragraph separators can break a log line, a
// terminal or a header; the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, and the marks U+061C, U+200E, U+200F) can make text read
// in an order other than the one it is stored in.
package safetext

import "unicode/utf8"

// Unsafe reports whether r is a control character, a line or paragraph
// separator or a bidirectional control. The ranges are written out, as a
// test checks against unicode.IsControl and unicode.Bidi_Control: an
// import checks every field of every row, and a table lookup per rune
// costs more than the rest of the row.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r < 0x061c:
		return false
	}
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		r >= 0x2028 && r <= 0x202e || // separators, embeddings and overrides
		r >= 0x2066 && r <= 0x2069 // isolates
}

// Has reports whether s holds an unsafe character; multiline allows line
// breaks and tabs.
func Has(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(multiline && (c == '\n' || c == '\r' || c == '\t')) {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if Unsafe(r) {
			return true
		}
		i += n
	}
	return false
}
