package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
)

// exitError carries the exit status a command wants.
type exitError struct {
	code int
	err  error // nil when the command already said why
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a command line or a setting that cannot run: exit 2.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// exitCode prints err, if there is anything to say, and returns the
// status: 2 for a bad command line or setting, else the command's own, or
// 1.
func exitCode(w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var ce *app.Error
	if errors.As(err, &ce) {
		for _, p := range ce.Problems {
			fmt.Fprintf(w, "cloudresume: %s\n", p)
		}
		return 2
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(w, "cloudresume: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(w, "cloudresume: %v\n", err)
	return 1
}
