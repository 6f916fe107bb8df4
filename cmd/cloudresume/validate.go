package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/resume"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	var strict bool
	f := newFlags(e, "validate", "[--strict] [--theme THEME] FILE",
		"Check a JSON Resume file, JSON or YAML (- reads standard input), its photo, and the theme it is shown in: print\n"+
			"each problem as file:line, and exit 2 when there are errors, else 0. Unknown fields are warnings.",
		"theme")
	f.BoolVar(&strict, "strict", false, "treat warnings as errors (exit 2)")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return usageError("validate takes one file")
	}
	path := f.Arg(0)
	var (
		r   *resume.Resume
		dir = filepath.Dir(path) // a local photo is next to the resume
	)
	if path == "-" {
		path, dir = "<stdin>", "."
		r, err = resume.Read(path, e.stdin)
	} else {
		r, err = resume.Load(path)
	}
	var inv *resume.Invalid
	if errors.As(err, &inv) {
		printProblems(e, inv.Problems)
		return &exitError{code: 2}
	}
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	problems := slices.Clone(r.Warnings())
	if _, err := r.Photo(dir); errors.As(err, &inv) {
		problems = append(problems, inv.Problems...)
	} else if err != nil {
		return err
	}
	slices.SortStableFunc(problems, func(a, b resume.Problem) int { return a.Line - b.Line })
	printProblems(e, problems)
	if _, err := app.LoadTheme(cfg, r); err != nil {
		// A theme's template error, with its file and line.
		return &exitError{code: 2, err: err}
	}
	errs, warns := 0, 0
	for _, p := range problems {
		if p.Warning {
			warns++
		} else {
			errs++
		}
	}
	switch {
	case errs > 0:
		return &exitError{code: 2}
	case strict && warns > 0:
		return &exitError{code: 2, err: fmt.Errorf("%s: %s, errors with --strict", path, count(warns, "warning"))}
	case warns > 0:
		fmt.Fprintf(e.stdout, "%s: valid, with %s\n", path, count(warns, "warning"))
	default:
		fmt.Fprintf(e.stdout, "%s: valid\n", path)
	}
	return nil
}

func printProblems(e *env, ps []resume.Problem) {
	for _, p := range ps {
		fmt.Fprintln(e.stderr, p)
	}
}

// count returns "1 warning" or "2 warnings".
func count(n int, word string) string { return fmt.Sprintf("%d %s", n, plural(n, word)) }
