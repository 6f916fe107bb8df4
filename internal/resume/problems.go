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
	// Warning marks something questionable that does not stop the resume
	// from being used, such as an unknown field.
	Warning bool
}

// String formats p as "file:line: field: msg" ("file:line: warning:
// field: msg" for a warning), leaving out what is unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Invalid is the error for a resume that cannot be used: it lists every
// problem found, in document order, warnings included.
type Invalid struct {
	Problems []Problem
}

// Errors returns how many of the problems are errors, not warnings.
func (e *Invalid) Errors() int {
	n := 0
	for _, p := range e.Problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Error lists the problems one per line.
func (e *Invalid) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by line, errors before warnings within a
// line, else in the order of discovery; problems without a line come first.
func sortProblems(ps []Problem) {
	rank := func(p Problem) int {
		if p.Warning {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(rank(a), rank(b)))
	})
}
