// Package safetext tells the characters that stored text must not hold:
// those that hide or reorder what a reader sees. Control characters (C0,
// C1, DEL) and the line and paragraph separators can break a log line, a
// terminal or a header; the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, and the marks U+061C, U+200E, U+200F) can make text read
// in an order other than the one it is stored in.
package safetext

import "unicode"

// Unsafe reports whether r is a control character, a line or paragraph
// separator or a bidirectional control.
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// Has reports whether s holds an unsafe character; multiline allows line
// breaks and tabs.
func Has(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if Unsafe(r) {
			return true
		}
	}
	return false
}
