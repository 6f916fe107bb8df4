package resume

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// MaxFileSize is the largest resume file read: 1 MB, far more than any
// resume needs, so a wrong file cannot fill the memory.
const MaxFileSize = 1 << 20

// ErrTooLarge is returned for a file over MaxFileSize.
var ErrTooLarge = errors.New("the file is larger than 1 MB, the most a resume file may be")

// Load reads a resume from a JSON or YAML file, chosen by the extension
// (.json, .yaml, .yml) or else by the content. Problems name path as given.
func Load(path string) (*Resume, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read resume: %w", err)
	}
	defer f.Close()
	return Read(path, f)
}

// Read reads a resume from r, as Parse does; it stops reading after
// MaxFileSize bytes.
func Read(name string, r io.Reader) (*Resume, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read resume %s: %w", name, err)
	}
	return Parse(name, data)
}

// Parse reads a resume from data; name is the file name used for the
// format and in problems. An unusable resume returns *Invalid listing
// every problem found; a usable one keeps its warnings (Warnings).
func Parse(name string, data []byte) (*Resume, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("read resume %s: %w", name, ErrTooLarge)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var (
		root   *node
		err    error
		asJSON = isJSON(name, data)
	)
	if asJSON {
		root, err = parseJSON(data)
	} else {
		root, err = parseYAML(data)
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return nil, &Invalid{Problems: []Problem{{File: name, Line: se.line, Msg: "syntax error: " + se.msg}}}
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}

	c := newChecker()
	clean := c.check(reflect.TypeFor[Resume](), root, "")
	var r Resume
	if clean != nil {
		if err := json.Unmarshal(clean.appendJSON(nil), &r); err != nil {
			return nil, fmt.Errorf("decode %s: %w", name, err)
		}
	}
	found := root.lint("", c.problems)
	wrongType := map[string]bool{}
	for _, p := range found {
		if !p.warn {
			wrongType[p.path] = true
		}
	}
	if clean != nil {
		for _, p := range r.validate() {
			if !wrongType[p.path] { // a dropped value would also count as missing
				p.line = c.line(p.path)
				found = append(found, p)
			}
		}
	}
	ps := make([]Problem, 0, len(found))
	for _, p := range found {
		ps = append(ps, Problem{File: name, Line: p.line, Field: p.path, Msg: p.msg, Warning: p.warn})
	}
	sortProblems(ps)
	if inv := (&Invalid{Problems: ps}); inv.Errors() > 0 {
		return nil, inv
	}
	if asJSON {
		r.raw = json.RawMessage(bytes.TrimSpace(data))
	} else {
		r.raw = root.appendJSON(nil) // after check, which turns plain scalars of string fields into strings
	}
	r.name, r.lines, r.warnings = name, c.lines, ps
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
