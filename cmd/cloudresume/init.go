package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// errExists is returned by init for a file that is there already.
var errExists = errors.New("exists already")

func runInit(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "init", "[FILE]", "Write a starter resume to edit: the example, with comments (default resume.yaml; a .json name gets JSON). An existing file is never overwritten.")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	if f.NArg() > 1 {
		f.Usage()
		return usageError("init takes at most one file")
	}
	path := "resume.yaml"
	if f.NArg() == 1 {
		path = f.Arg(0)
	}
	data := resume.Example()
	if strings.EqualFold(filepath.Ext(path), ".json") {
		r, err := resume.Parse("example.yaml", data)
		if err != nil {
			return fmt.Errorf("init: %w", err)
		}
		var b bytes.Buffer
		if err := json.Indent(&b, r.Raw(), "", "  "); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		data = append(b.Bytes(), '\n')
	}
	// O_EXCL: the check and the creation are one step, so nothing that
	// appears in between is overwritten either.
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &exitError{code: 1, err: fmt.Errorf("%s %w: init never overwrites a file (remove it, or name another)", path, errExists)}
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	fmt.Fprintf(e.stdout, "wrote %s: edit it, then check it with: cloudresume validate %s\n", path, path)
	return nil
}
