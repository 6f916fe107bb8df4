package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// replacement stands for a character the fonts lack: visible, and in
// every font.
const replacement = '?'

// glyphs tells whether the font of a style has a character.
type glyphs interface {
	has(r rune, bold bool) bool
}

// sanitizer makes text printable with the embedded fonts. Text is
// composed first (NFC), so "e" and a combining accent print as "é";
// invisible format characters (soft hyphens, zero-width spaces,
// direction marks, variation selectors) are dropped; any other
// character the font lacks becomes replacement and is noted, so nothing
// disappears without a trace.
type sanitizer struct {
	g       glyphs
	known   map[glyphKey]bool
	missing []rune
}

type glyphKey struct {
	r    rune
	bold bool
}

func newSanitizer(g glyphs) *sanitizer {
	return &sanitizer{g: g, known: map[glyphKey]bool{}}
}

func (s *sanitizer) text(t string, bold bool) string {
	t = norm.NFC.String(t)
	var b strings.Builder
	for _, r := range t {
		switch {
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			continue
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case !s.has(r, bold):
			s.note(r)
			r = replacement
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sanitizer) has(r rune, bold bool) bool {
	if r == ' ' {
		return true
	}
	k := glyphKey{r, bold}
	ok, seen := s.known[k]
	if !seen {
		ok = !unicode.IsControl(r) && s.g.has(r, bold)
		s.known[k] = ok
	}
	return ok
}

func (s *sanitizer) note(r rune) {
	for _, m := range s.missing {
		if m == r {
			return
		}
	}
	s.missing = append(s.missing, r)
}
