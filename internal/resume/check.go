package resume

import (
	"reflect"
	"strconv"
	"strings"
)

// checker compares a node tree with the Go types of the model. It reports
// every value of the wrong type, drops it so the rest can still be decoded,
// warns of fields the model does not know, and records the line of every
// path for later problems.
type checker struct {
	lines    map[string]int
	problems []fieldProblem
}

func newChecker() *checker { return &checker{lines: map[string]int{}} }

// check returns n without the values of the wrong type for t, or nil when
// n itself is of the wrong type.
func (c *checker) check(t reflect.Type, n *node, path string) *node {
	if _, ok := c.lines[path]; !ok {
		c.lines[path] = n.line
	}
	if t == reflect.TypeFor[Color]() && n.kind == kindString {
		// A colour may be one value for both modes: a list of one.
		n = &node{kind: kindArray, line: n.line, vals: []*node{n}}
	}
	want := kindOf(t)
	if want == kindString && n.plain != "" {
		// A plain YAML scalar in a string field is the text written.
		n.kind, n.text, n.bad = kindString, n.plain, ""
	}
	if n.bad != "" {
		c.problems = append(c.problems, fieldProblem{path: path, line: n.line, msg: n.bad})
		n.bad = "" // reported here, not again by lint
		return nil
	}
	if n.kind == kindNull {
		return n // null is "not given" for every field
	}
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
		if t.Kind() == reflect.Map {
			return c.checkMap(t, n, path)
		}
		out := &node{kind: kindObject, line: n.line}
		for i, key := range n.keys {
			f, ok := fieldByName(t, key)
			if !ok {
				c.unknown(t, key, joinPath(path, key), n.vals[i].line)
				continue // kept in Raw, ignored by the model
			}
			if name := jsonName(f); name != key {
				c.problems = append(c.problems, fieldProblem{path: joinPath(path, key), line: n.vals[i].line, warn: true,
					msg: "the schema spells it " + strconv.Quote(name) + "; other tools may not read it"})
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

func (c *checker) checkMap(t reflect.Type, n *node, path string) *node {
	out := &node{kind: kindObject, line: n.line}
	for i, key := range n.keys {
		if v := c.check(t.Elem(), n.vals[i], joinPath(path, key)); v != nil {
			out.keys = append(out.keys, key)
			out.vals = append(out.vals, v)
		}
	}
	return out
}

// unknown warns of a member that struct t has no field for, with a hint
// when it is a field of the old schema or close to a known name. meta is
// where tools keep their own settings, so there only likely typos warn.
func (c *checker) unknown(t reflect.Type, key, path string, line int) {
	msg := "unknown field, ignored"
	switch hint, typo := suggest(t, key); {
	case hint != "":
		msg = "unknown field: " + hint
	case typo != "":
		msg = "unknown field; did you mean " + strconv.Quote(typo) + "?"
	case t == reflect.TypeFor[Meta]():
		return
	}
	c.problems = append(c.problems, fieldProblem{path: path, line: line, msg: msg, warn: true})
}

// line returns the line of path, or of its nearest parent that has one.
func (c *checker) line(path string) int {
	return lineOf(c.lines, path)
}

func lineOf(lines map[string]int, path string) int {
	for {
		if l, ok := lines[path]; ok {
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
	case reflect.Struct, reflect.Map:
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

// fieldNames returns the JSON names of the fields of struct t, in order.
func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && jsonName(f) != "-" {
			names = append(names, jsonName(f))
		}
	}
	return names
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}
