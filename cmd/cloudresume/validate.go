package main

import (
	"context"
	"fmt"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "validate", "FILE", "Check a JSON Resume file (JSON or YAML): exit 0 when valid, else print each problem and exit 2.")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return usageError("validate takes one file")
	}
	path := f.Arg(0)
	if _, err := app.LoadResume(path); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: valid\n", path)
	return nil
}
