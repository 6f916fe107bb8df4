package resume

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// Load reads a resume from a JSON or YAML file, chosen by the extension
// (.json, .yaml, .yml) or else by the content. Problems name path as given.
func Load(path string) (*Resume, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read resume: %w", err)
	}
	return Parse(path, data)
}

// Parse reads a resume from data; name is the file name used for the
// format and in problems. An unusable resume returns *Invalid listing
// every problem found.
func Parse(name string, data []byte) (*Resume, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var (
		root   *node
		early  []fieldProblem
		err    error
		asJSON = isJSON(name, data)
	)
	if asJSON {
		root, err = parseJSON(data)
	} else {
		root, early, err = parseYAML(data)
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return nil, &Invalid{Problems: []Problem{{File: name, Line: se.line, Msg: "syntax error: " + se.msg}}}
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}

	c := newChecker(!asJSON)
	clean := c.check(reflect.TypeFor[Resume](), root, "")
	var r Resume
	if clean != nil {
		if err := json.Unmarshal(clean.appendJSON(nil), &r); err != nil {
			return nil, fmt.Errorf("decode %s: %w", name, err)
		}
	}
	var ps []Problem
	for _, p := range early {
		ps = append(ps, Problem{File: name, Line: p.line, Field: p.path, Msg: p.msg})
	}
	wrongType := map[string]bool{}
	for _, p := range c.problems {
		wrongType[p.path] = true
		ps = append(ps, Problem{File: name, Line: p.line, Field: p.path, Msg: p.msg})
	}
	if clean != nil {
		for _, p := range r.validate() {
			if !wrongType[p.path] { // a dropped value would also count as missing
				ps = append(ps, Problem{File: name, Line: c.line(p.path), Field: p.path, Msg: p.msg})
			}
		}
	}
	if len(ps) > 0 {
		sortProblems(ps)
		return nil, &Invalid{Problems: ps}
	}
	if asJSON {
		r.raw = json.RawMessage(bytes.TrimSpace(data))
	} else {
		r.raw = root.appendJSON(nil) // after check, which turns YAML years into strings
	}
	return &r, nil
}

// isJSON decides the format by extension, else by the first character.
func isJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
