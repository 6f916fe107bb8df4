package main

import (
	"errors"
	"fmt"
	"io"
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

// exitCode prints err, if there is anything to say, and answers the status.
func exitCode(w io.Writer, err error) int {
	if err == nil {
		return 0
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
