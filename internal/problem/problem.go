// Package problem holds the error types shared by every domain package, so
// that the web layer can map them to status codes in one place.
package problem

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors. Domain packages wrap these (fmt.Errorf("movie %q: %w", id, problem.ErrNotFound))
// and the web layer maps them with errors.Is.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrBadRequest   = errors.New("bad request")
)

// Fields is a validation failure: field path -> why it is wrong.
// It is answered as 422 with {"error": "...", "problems": {...}}.
type Fields map[string]string

// Add records a problem for field, keeping the first reason given.
func (f Fields) Add(field, why string) {
	if _, ok := f[field]; !ok {
		f[field] = why
	}
}

// Err returns f as an error, or nil when there is no problem.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// Error lists the problems in field order, one "field: why" per entry.
func (f Fields) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + f[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// AsFields reports whether err is (or wraps) a Fields value.
func AsFields(err error) (Fields, bool) {
	var f Fields
	if errors.As(err, &f) {
		return f, true
	}
	return nil, false
}
