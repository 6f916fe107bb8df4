package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/transfer"
)

func runExport(ctx context.Context, e *env, args []string) error {
	var out string
	f := newFlags(e, "export", "[flags]", "Write every counter, message and movie of the store as one JSON Lines file\n(salts and visitor markers are left out). cloudresume import loads it into any store.", storeSettings()...)
	f.StringVar(&out, "o", "-", "file to write, - for standard output")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return &exitError{code: 2, err: fmt.Errorf("export: unexpected argument %q", f.Arg(0))}
	}
	st, err := openStores(ctx, cfg, app.ReadOnly)
	if err != nil {
		return asExit2(err)
	}
	defer st.Close()
	src, err := transferStores(st)
	if err != nil {
		return err
	}
	w, commit, err := createOutput(e, out)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	opts := transfer.ExportOptions{Source: cfg.Store}
	bar := newCounter(e.stderr, "exporting")
	if bar != nil {
		opts.Progress = func(n int64) { bar.Set64(n) }
	}
	sum, err := transfer.Export(ctx, w, src, opts)
	if bar != nil {
		bar.Finish()
	}
	if err := commit(err); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(e.stderr, "exported %s\n", sum)
	return nil
}

// transferStores answers the stores of st as internal/transfer needs them.
func transferStores(st *app.Stores) (transfer.Stores, error) {
	v, okV := st.Visits.(transfer.Visits)
	m, okM := st.Messages.(transfer.Messages)
	if !okV || !okM || st.Movies == nil {
		return transfer.Stores{}, errors.New("this store cannot export or import")
	}
	return transfer.Stores{Visits: v, Messages: m, Movies: st.Movies}, nil
}

// createOutput answers the writer of path ("-": standard output) and the
// function that ends the writing with the outcome err: a file is written
// beside path and renamed over it only when all went well, so a failed
// export never leaves half a file under the name.
func createOutput(e *env, path string) (io.Writer, func(err error) error, error) {
	if path == "-" {
		return e.stdout, func(err error) error { return err }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, nil, err
	}
	return tmp, func(err error) error {
		if err == nil {
			err = tmp.Sync()
		}
		err = errors.Join(err, tmp.Close())
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
		return err
	}, nil
}

// newCounter answers a progress counter of records on w when w is a
// terminal, or nil: the total is not known ahead.
func newCounter(w io.Writer, what string) *progressbar.ProgressBar {
	file, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(file.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionSetItsString("records"),
		progressbar.OptionShowIts(),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
