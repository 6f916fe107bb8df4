package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/movies"
)

// listedProblems is how many rejected rows the import prints; the report
// file holds more.
const listedProblems = 50

func runMovies(ctx context.Context, e *env, args []string) error {
	const usage = "usage: cloudresume movies import [flags] FILE|-\n\nRun 'cloudresume movies import --help' for its flags.\n"
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return &exitError{code: 2, err: errors.New("movies: no subcommand given")}
	}
	switch args[0] {
	case "import":
		return runMoviesImport(ctx, e, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	}
	fmt.Fprint(e.stderr, usage)
	return &exitError{code: 2, err: fmt.Errorf("movies: unknown subcommand %q", args[0])}
}

// runMoviesImport imports a CSV file of movie infos. Exit status: 0 when
// every row was stored, 1 when some were rejected, 2 when the input or the
// store failed (importing again is safe). A store that loads in bulk
// (SQLite) then stores nothing; others keep the batches stored before.
func runMoviesImport(ctx context.Context, e *env, args []string) error {
	var (
		reportPath string
		batchSize  int
		create     bool
	)
	f := newFlags(e, "movies import", "[flags] FILE|-",
		"Import movie infos from a CSV file (- reads standard input): rows of\n"+
			"movie_id,name,country_of_origin,release_date, with an optional header.\n"+
			"Exit status: 0 all rows stored, 1 some rows rejected, 2 the input or the store failed.",
		storeSettings()...)
	f.StringVar(&reportPath, "report", "", "also write the summary as JSON to this file")
	f.IntVar(&batchSize, "batch-size", movies.DefaultBatchSize, "rows handed to the store at a time (SQLite: rows staged at a time; DynamoDB: rows written per round of batch writes)")
	f.BoolVar(&create, "create", false, "create the SQLite database when --db does not exist (without it, a missing file is an error)")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return usageError("movies import: give one FILE, or - for standard input")
	}
	if batchSize < 1 {
		return usageError("--batch-size %d: want at least 1", batchSize)
	}

	in, size, name, err := openInput(e, f.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer in.Close()
	mode := app.Existing
	if create {
		mode = app.Create
	}
	st, err := openStores(ctx, cfg, mode)
	if err != nil {
		return asExit2(err)
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()

	if e.getenv("GOGC") == "" {
		// The import's live heap is mostly the pointer-free set of IDs seen,
		// cheap to mark: a low GC target cuts the peak memory by about a
		// third at no measurable cost in time.
		defer debug.SetGCPercent(debug.SetGCPercent(25))
	}
	rep := movies.Report{File: name, Started: time.Now().UTC()}
	opts := movies.ImportOptions{BatchSize: batchSize, Bulk: true}
	bar := newProgress(e.stderr, size)
	if bar != nil {
		opts.Progress = func(n int64) { bar.Set64(n) }
	}
	sum, importErr := movies.Import(ctx, st.Movies, in, opts)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(e.stderr)
	}
	rep.Finished, rep.Summary = time.Now().UTC(), sum
	if importErr != nil {
		rep.Error = importErr.Error()
	}
	printSummary(e.stdout, sum)
	if reportPath != "" {
		if err := writeReport(reportPath, rep); err != nil {
			return &exitError{code: 2, err: errors.Join(importErr, err)}
		}
	}
	// Close now, so that an error committing the last writes is reported.
	closed = true
	if err := st.Close(); err != nil && importErr == nil {
		importErr = fmt.Errorf("close store: %w", err)
	}
	switch {
	case importErr != nil:
		return &exitError{code: 2, err: fmt.Errorf("import %s: %w", name, importErr)}
	case sum.Rejected > 0:
		return &exitError{code: 1, err: fmt.Errorf("%d of %d rows rejected", sum.Rejected, sum.Read)}
	}
	return nil
}

// openInput opens path, or standard input for "-", and answers its size
// when known (-1 otherwise) and a name for messages.
func openInput(e *env, path string) (io.ReadCloser, int64, string, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), -1, "standard input", nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, 0, path, err
	}
	size := int64(-1)
	if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return file, size, path, nil
}

// newProgress answers a bytes progress bar on w when w is a terminal, or nil.
func newProgress(w io.Writer, size int64) *progressbar.ProgressBar {
	file, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(file.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// printSummary writes the counts and the first rejected rows.
func printSummary(w io.Writer, sum movies.Summary) {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d rows: %d stored, %d rejected\n", sum.Read, sum.Stored, sum.Rejected)
	for i, p := range sum.Problems {
		if i == listedProblems {
			break
		}
		fmt.Fprintf(&b, "line %d: %s\n", p.Line, p.Reason)
	}
	if more := sum.Rejected - min(len(sum.Problems), listedProblems); more > 0 {
		fmt.Fprintf(&b, "... and %d more\n", more)
	}
	io.WriteString(w, b.String())
}

// writeReport writes rep as indented JSON to path.
func writeReport(path string, rep movies.Report) error {
	body, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.WriteFile(path, append(body, '\n'), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// asExit2 makes err exit with status 2 unless it already carries a status:
// status 1 means rejected rows.
func asExit2(err error) error {
	var ee *exitError
	if errors.As(err, &ee) || app.IsConfigError(err) {
		return err
	}
	return &exitError{code: 2, err: err}
}
