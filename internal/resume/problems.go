package resume

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a resume file.
type Problem struct {
	File  string // the file name as given to Load or Parse
	Line  int    // 1-based; 0 when unknown
	Field string // path such as "work[1].startDate"; "" for the whole document
	Msg   string
}

// String formats p as "file:line: field: msg", leaving out what is unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Invalid is the error for a resume that cannot be used: it lists every
// problem found, in document order.
type Invalid struct {
	Problems []Problem
}

// Error lists the problems one per line.
func (e *Invalid) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by line, keeping the order of discovery
// within a line; problems without a line come first.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}
