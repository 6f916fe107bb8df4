package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/transfer"
)

func runImport(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "import", "[flags] FILE", "Load an export (cloudresume export) into the store, - for standard input. Counters\nare set to the file's, messages and movies put by ID: importing twice is importing once.\nImport into a store that no server is writing to.", storeSettings()...)
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return &exitError{code: 2, err: errors.New("import: give one FILE, or - for standard input")}
	}
	in, size, name, err := openInput(e, f.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer in.Close()
	st, err := openStores(ctx, cfg, app.Create)
	if err != nil {
		return asExit2(err)
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	dst, err := transferStores(st)
	if err != nil {
		return err
	}
	var opts transfer.ImportOptions
	bar := newProgress(e.stderr, size)
	if bar != nil {
		opts.Progress = func(n int64) { bar.Set64(n) }
	}
	sum, importErr := transfer.Import(ctx, in, dst, opts)
	if bar != nil {
		bar.Finish()
	}
	closed = true
	if err := st.Close(); err != nil && importErr == nil {
		importErr = fmt.Errorf("close store: %w", err)
	}
	if importErr != nil {
		code := 1
		if errors.Is(importErr, transfer.ErrNewerVersion) {
			code = 2
		}
		return &exitError{code: code, err: fmt.Errorf("import %s: %w", name, importErr)}
	}
	fmt.Fprintf(e.stderr, "imported %s\n", sum)
	return nil
}
