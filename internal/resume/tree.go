package resume

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// kind is the JSON type of a node.
type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindObject
	kindArray
)

// String names the kind the way problems do: "expected a string, got a number".
func (k kind) String() string {
	switch k {
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindObject:
		return "an object"
	case kindArray:
		return "an array"
	default:
		return "null"
	}
}

// node is a JSON value that remembers its source line. JSON and YAML are
// both read into nodes, so checking and line numbers work the same for both.
type node struct {
	kind kind
	text string   // a string's value, a number's literal, "true" or "false"
	keys []string // object member names, in document order
	vals []*node  // object member values or array items
	line int      // line of the value, or of its key inside an object
	// plain is the source text of a plain YAML scalar read as a number or
	// a boolean, so a string field can take it as written (postalCode:
	// 01067 is "01067", not 1067).
	plain string
	// bad says why a YAML value cannot be written in JSON (.nan); such a
	// node is null unless a string field takes its plain text.
	bad string
}

// lint returns the problems of the tree that do not depend on the model:
// keys given twice in one object, and values left that JSON cannot hold.
func (n *node) lint(path string, out []fieldProblem) []fieldProblem {
	if n.bad != "" {
		out = append(out, fieldProblem{path: path, line: n.line, msg: n.bad})
	}
	switch n.kind {
	case kindObject:
		first := make(map[string]int, len(n.keys))
		for i, k := range n.keys {
			p := joinPath(path, k)
			if l, dup := first[k]; dup {
				out = append(out, fieldProblem{path: p, line: n.vals[i].line,
					msg: fmt.Sprintf("duplicate key %q: it is also at line %d", k, l)})
			} else {
				first[k] = n.vals[i].line
			}
			out = n.vals[i].lint(p, out)
		}
	case kindArray:
		for i, v := range n.vals {
			out = v.lint(path+"["+strconv.Itoa(i)+"]", out)
		}
	}
	return out
}

// maxDepth bounds nesting; a resume is a few levels deep.
const maxDepth = 64

// appendJSON appends n as compact JSON, keeping member order.
func (n *node) appendJSON(b []byte) []byte {
	switch n.kind {
	case kindBool, kindNumber:
		return append(b, n.text...)
	case kindString:
		return appendString(b, n.text)
	case kindObject:
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = n.vals[i].appendJSON(b)
		}
		return append(b, '}')
	case kindArray:
		b = append(b, '[')
		for i, v := range n.vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = v.appendJSON(b)
		}
		return append(b, ']')
	default:
		return append(b, "null"...)
	}
}

func appendString(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil {
		// Marshal of a string cannot fail: invalid UTF-8 is replaced.
		return strconv.AppendQuote(b, s)
	}
	return append(b, q...)
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int // offsets of every '\n'

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

// line returns the line holding the byte at off.
func (idx lineIndex) line(off int) int {
	return 1 + sort.SearchInts(idx, off)
}
