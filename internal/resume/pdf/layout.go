package pdf

import (
	"strings"
	"unicode/utf8"
)

// style is how a span of text looks.
type style struct {
	bold  bool
	size  float64 // points
	color rgb
}

type rgb [3]uint8

// span is a run of text in one style, maybe a link.
type span struct {
	text string
	st   style
	link string // absolute URL, or ""
}

// line is one line of the page: spans from the left margin plus indent,
// and maybe spans set flush right (a date).
type line struct {
	spans  []span
	right  []span
	indent float64
	bullet bool    // a bullet in front, in the indent
	height float64 // advance from this line's top to the next line's
	before float64 // space above it, dropped at the top of a page
	rule   bool    // a thin rule under it (section headings)
	keep   bool    // on the same page as the next line
}

// measurer tells the width of text in a style, in points.
type measurer interface {
	width(text string, st style) float64
}

// word is a piece of text between spaces, in one style.
type word struct {
	span
	space bool // a space before it
}

// words splits spans at spaces; the space before a word is kept as a flag.
func words(spans []span) []word {
	var out []word
	space := false
	for _, s := range spans {
		rest := s.text
		for rest != "" {
			i := strings.IndexByte(rest, ' ')
			if i == 0 {
				space, rest = true, rest[1:]
				continue
			}
			if i < 0 {
				i = len(rest)
			}
			out = append(out, word{span: span{text: rest[:i], st: s.st, link: s.link}, space: space && len(out) > 0})
			space, rest = false, rest[i:]
		}
	}
	return out
}

// wrap breaks spans into lines no wider than width; the first line may
// be narrower (firstWidth), to leave room for a date beside it. A word
// wider than a line is cut between characters.
func wrap(m measurer, spans []span, firstWidth, width float64) [][]span {
	var (
		lines [][]span
		cur   []span
		used  float64
	)
	limit := firstWidth
	flush := func() {
		lines = append(lines, cur)
		cur, used, limit = nil, 0, width
	}
	add := func(w word, wd float64) {
		text := w.text
		if w.space && len(cur) > 0 {
			text = " " + text
		}
		if n := len(cur); n > 0 && cur[n-1].st == w.st && cur[n-1].link == w.link {
			cur[n-1].text += text
		} else {
			cur = append(cur, span{text: text, st: w.st, link: w.link})
		}
		used += wd
	}
	for _, w := range words(spans) {
		space := 0.0
		if w.space && len(cur) > 0 {
			space = m.width(" ", w.st)
		}
		wd := m.width(w.text, w.st)
		if used+space+wd <= limit {
			add(w, space+wd)
			continue
		}
		if len(cur) > 0 {
			flush()
		}
		for wd > limit { // cut a word wider than the line
			cut, cw := fit(m, w.text, w.st, limit)
			part := w
			part.text, part.space = w.text[:cut], false
			add(part, cw)
			flush()
			w.text, w.space = w.text[cut:], false
			wd -= cw // not measured again: a long word would cost its length squared
		}
		w.space = false
		add(w, wd)
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// fit returns how many bytes of s fit in width, at least one character,
// and their width. It adds up the widths of the characters, so it costs
// time in proportion to what fits.
func fit(m measurer, s string, st style, width float64) (int, float64) {
	n, used := 0, 0.0
	for i, r := range s {
		w := m.width(string(r), st)
		if n > 0 && used+w > width {
			break
		}
		n, used = i+utf8.RuneLen(r), used+w
	}
	return n, used
}

// placed is a line at its place: page (from 0) and top y in points.
type placed struct {
	line
	page int
	y    float64
}

// paginate places lines on pages whose body runs from top to bottom. A
// line is moved to the next page with the lines it keeps with when they
// do not fit below it, unless they would not fit on a page of their own
// either; space above a line is dropped at the top of a page.
func paginate(lines []line, top, bottom float64) []placed {
	out := make([]placed, 0, len(lines))
	page, y := 0, top
	for i, l := range lines {
		atTop := y == top
		before := l.before
		if atTop {
			before = 0
		}
		need := before + l.height
		for j := i; lines[j].keep && j+1 < len(lines); j++ {
			need += lines[j+1].before + lines[j+1].height
		}
		fitsPage := need-before <= bottom-top
		if !atTop && (y+need > bottom && fitsPage || y+before+l.height > bottom) {
			page, y, before = page+1, top, 0
		}
		y += before
		out = append(out, placed{line: l, page: page, y: y})
		y += l.height
	}
	return out
}
