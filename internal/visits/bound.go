package visits

import (
	"strings"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/safetext"
)

// maxValueLen bounds a dimension's value in bytes: enough for a referrer
// host and a short path, or a campaign name.
const maxValueLen = 100

// MaxStoredValue bounds a value a store keeps, in bytes. The Counter
// bounds values to maxValueLen, below it; a store counts a longer value
// from any other caller as Other.
const MaxStoredValue = 256

// boundValue answers s trimmed, with invalid UTF-8 and unsafe characters
// (controls, bidirectional overrides) removed, cut at a rune boundary to
// maxValueLen bytes.
func boundValue(s string) string {
	if t := strings.TrimSpace(s); len(t) <= maxValueLen && utf8.ValidString(t) && !safetext.Has(t, false) {
		return t // most values, with no copy
	}
	if len(s) > 4*maxValueLen {
		s = s[:4*maxValueLen] // no more work than a value can keep
	}
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r == utf8.RuneError || safetext.Unsafe(r) {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > maxValueLen {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
