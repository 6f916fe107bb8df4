package resume

import (
	"encoding/json"
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
