package resume

import (
	"reflect"
	"strconv"
	"strings"
)

// checker compares a node tree with the Go types of the model. It reports
// every value of the wrong type, drops it so the rest can still be decoded,
// and records the line of every path for later problems.
type checker struct {
	lines    map[string]int
	problems []fieldProblem
	// yearsAsNumbers accepts a plain four-digit number as a Date: in YAML
	// "startDate: 2020" is an integer, but clearly means the year. The
	// node is changed to a string so Raw holds what the schema wants.
	yearsAsNumbers bool
}

func newChecker(yaml bool) *checker { return &checker{lines: map[string]int{}, yearsAsNumbers: yaml} }

var dateType = reflect.TypeFor[Date]()

func isYear(s string) bool {
	return len(s) == 4 && strings.Trim(s, "0123456789") == ""
}

// check returns n without the values of the wrong type for t, or nil when
// n itself is of the wrong type.
func (c *checker) check(t reflect.Type, n *node, path string) *node {
	if _, ok := c.lines[path]; !ok {
		c.lines[path] = n.line
	}
	if n.kind == kindNull {
		return n // null is "not given" for every field
	}
	if c.yearsAsNumbers && t == dateType && n.kind == kindNumber && isYear(n.text) {
		n.kind = kindString
	}
	want := kindOf(t)
	if want == kindNull { // a type with no constraint
		return n
	}
	if n.kind != want {
		c.problems = append(c.problems, fieldProblem{
			path: path, line: n.line,
			msg: "expected " + want.String() + ", got " + n.kind.String(),
		})
		return nil
	}
	switch want {
	case kindArray:
		out := &node{kind: kindArray, line: n.line}
		for i, v := range n.vals {
			if v := c.check(t.Elem(), v, path+"["+strconv.Itoa(i)+"]"); v != nil {
				out.vals = append(out.vals, v)
			}
		}
		return out
	case kindObject:
		out := &node{kind: kindObject, line: n.line}
		for i, key := range n.keys {
			f, ok := fieldByName(t, key)
			if !ok {
				continue // unknown fields are allowed and ignored
			}
			if v := c.check(f.Type, n.vals[i], joinPath(path, jsonName(f))); v != nil {
				out.keys = append(out.keys, jsonName(f))
				out.vals = append(out.vals, v)
			}
		}
		return out
	}
	return n
}

// line returns the line of path, or of its nearest parent that has one.
func (c *checker) line(path string) int {
	for {
		if l, ok := c.lines[path]; ok {
			return l
		}
		if path == "" {
			return 0
		}
		path = parentPath(path)
	}
}

// parentPath cuts the last member or index from a path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func kindOf(t reflect.Type) kind {
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int64, reflect.Float64:
		return kindNumber
	case reflect.Slice:
		return kindArray
	case reflect.Struct:
		return kindObject
	}
	return kindNull
}

// fieldByName finds the struct field a JSON member decodes into, with the
// same case-insensitive fallback as encoding/json.
func fieldByName(t reflect.Type, key string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	var fold reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || jsonName(f) == "-" {
			continue
		}
		switch name := jsonName(f); {
		case name == key:
			return f, true
		case !found && strings.EqualFold(name, key):
			fold, found = f, true
		}
	}
	return fold, found
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}
