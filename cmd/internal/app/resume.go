package app

import (
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// LoadResume loads the resume at path, or the built-in example when path
// is empty. A resume with problems is an *Error listing them.
func LoadResume(path string) (*resume.Resume, error) {
	if path == "" {
		return resume.Parse("example.yaml", resume.Example())
	}
	r, err := resume.Load(path)
	if err := invalid(err); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, &Error{Problems: []string{fmt.Sprintf("--resume (%s): %v", EnvName("resume"), err)}}
	}
	return r, nil
}

// invalid returns the problems of a resume that err reports as an *Error,
// or nil when err is no *resume.Invalid.
func invalid(err error) error {
	var inv *resume.Invalid
	if !errors.As(err, &inv) {
		return nil
	}
	problems := make([]string, len(inv.Problems))
	for i, p := range inv.Problems {
		problems[i] = p.String()
	}
	return &Error{Problems: problems}
}
