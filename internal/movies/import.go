package movies

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Import defaults.
const (
	DefaultBatchSize   = 5000
	DefaultMaxProblems = 1000
)

// progressStep is how many bytes pass between two Progress calls.
const progressStep = 256 << 10

// ImportOptions tune Import; the zero value is usable.
type ImportOptions struct {
	// BatchSize is the number of infos given to one Store.PutInfos call
	// (DefaultBatchSize when 0).
	BatchSize int
	// MaxProblems caps the rejected rows kept in Summary.Problems
	// (DefaultMaxProblems when 0); Summary.Rejected counts them all.
	MaxProblems int
	// Progress, when set, is called with the input bytes consumed so far,
	// every few hundred kilobytes and once at the end.
	Progress func(bytesRead int64)
	// Bulk, when the store is a BulkStore, stages every row and stores them
	// all at the end: all or nothing, and much faster for large files in
	// scattered ID order. The store may serve no other writes meanwhile, so
	// this suits a one-off command better than a running server.
	Bulk bool
	// TempDir is where an import that is not bulk keeps the IDs it has
	// seen once they are too many for memory ("": os.TempDir()).
	TempDir string

	memIDs int // IDs held in memory before they go to TempDir; 0: memIDs
}

// Summary is the report of one import, serialisable as JSON.
// Without an error, Read == Stored + Rejected.
type Summary struct {
	Read     int        `json:"read"`     // data rows, without header and blank lines
	Stored   int        `json:"stored"`   // rows written to the store
	Rejected int        `json:"rejected"` // rows not stored, all counted
	Problems []Rejected `json:"problems"` // the first MaxProblems rejected rows, in line order
}

// Import reads movie infos from r and stores the good rows in batches,
// reporting each bad row in the summary; of rows that share an ID, the
// first is stored and the others are reported. The returned error is not
// about rows: the input could not be read, the store failed or ctx ended,
// which Import notices within a row. The summary then tells how far the
// import went (nothing stored, with opts.Bulk); running it again is safe,
// since storing is idempotent. Memory stays the same however large the
// input: a bulk store finds the repeated IDs as it sorts the rows, and
// otherwise the IDs seen go to files in opts.TempDir once they are many.
func Import(ctx context.Context, store Store, r io.Reader, opts ImportOptions) (Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.MaxProblems <= 0 {
		opts.MaxProblems = DefaultMaxProblems
	}
	if bs, ok := store.(BulkStore); ok && opts.Bulk {
		return importBulk(ctx, bs, r, opts)
	}
	seen := newRepeatFinder(opts.TempDir, opts.memIDs)
	infos := make([]Info, 0, opts.BatchSize)
	put := func(ctx context.Context, rows []Row) error {
		infos = infos[:0]
		for _, row := range rows {
			infos = append(infos, row.Info)
		}
		return store.PutInfos(ctx, infos)
	}
	sum, err := importBatches(ctx, put, r, opts, seen)
	return sum, errors.Join(err, seen.close())
}

// importBulk stages the good rows in a bulk load and commits it.
func importBulk(ctx context.Context, bs BulkStore, r io.Reader, opts ImportOptions) (Summary, error) {
	bulk, err := bs.BeginBulk(ctx)
	if err != nil {
		return Summary{Problems: []Rejected{}}, fmt.Errorf("store movies: %w", err)
	}
	sum, err := importBatches(ctx, bulk.Put, r, opts, nil)
	staged := sum.Stored
	// Rows count as stored only once committed.
	sum.Stored = 0
	if err != nil {
		return sum, errors.Join(err, bulk.Abort())
	}
	if err := ctx.Err(); err != nil {
		return sum, errors.Join(err, bulk.Abort())
	}
	reps, err := bulk.Commit(ctx, opts.MaxProblems)
	if err != nil {
		return sum, errors.Join(fmt.Errorf("store movies: %w", err), bulk.Abort())
	}
	sum.Stored = staged - reps.Count
	sum.Rejected += reps.Count
	sum.Problems = mergeProblems(sum.Problems, reps.First, opts.MaxProblems)
	return sum, nil
}

// mergeProblems merges two lists in line order, keeping the first max.
func mergeProblems(a []Rejected, b []Repeat, max int) []Rejected {
	if len(b) == 0 {
		return a
	}
	out := make([]Rejected, 0, min(len(a)+len(b), max))
	for len(out) < max && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || len(a) > 0 && a[0].Line < b[0].Line {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0].Rejected()), b[1:]
		}
	}
	return out
}

// importBatches decodes r and hands the good rows to put in batches;
// Summary.Stored counts the rows put. With seen, a row whose ID seen has
// had is rejected; without, the store finds those.
func importBatches(ctx context.Context, put func(context.Context, []Row) error, r io.Reader, opts ImportOptions, seen *repeatFinder) (Summary, error) {
	sum := Summary{Problems: []Rejected{}}
	// A read fails once ctx ends, so that even a run of lines that yield no
	// row (blank lines) stops.
	dec := NewDecoder(ctxReader{ctx, r})
	var reported int64

	// Two buffers: the store writes one batch while the decoder fills the
	// other, so decoding and writing use a core each.
	bufs := [2][]Row{make([]Row, 0, opts.BatchSize), make([]Row, 0, opts.BatchSize)}
	cur := 0
	batch := bufs[cur]
	var pending chan error // the batch being written, if any
	pendingN := 0
	wait := func() error {
		if pending == nil {
			return nil
		}
		err := <-pending
		pending = nil
		if err != nil {
			return fmt.Errorf("store movies: %w", err)
		}
		sum.Stored += pendingN
		return nil
	}
	// flush hands the batch to the store; after an error nothing is in flight.
	flush := func() error {
		if err := wait(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		done, b := make(chan error, 1), batch
		go func() { done <- put(ctx, b) }()
		pending, pendingN = done, len(b)
		cur ^= 1
		batch = bufs[cur][:0]
		return nil
	}
	finish := func() error {
		if err := flush(); err != nil {
			return err
		}
		return wait()
	}
	progress := func(final bool) {
		if opts.Progress == nil {
			return
		}
		if n := dec.BytesRead(); final || n-reported >= progressStep {
			reported = n
			opts.Progress(n)
		}
	}
	reject := func(rej Rejected) {
		sum.Rejected++
		if len(sum.Problems) < opts.MaxProblems {
			sum.Problems = append(sum.Problems, rej)
		}
	}

	for {
		// Every row, good or bad, is a point to stop at.
		if err := ctx.Err(); err != nil {
			return sum, errors.Join(err, wait())
		}
		info, line, err := dec.next()
		if err == io.EOF {
			break
		}
		var rej *Rejected
		switch {
		case err == nil:
			sum.Read++
			if seen != nil {
				again, err := seen.seen(info.MovieID)
				if err != nil {
					return sum, errors.Join(err, finish())
				}
				if again {
					reject(Repeat{Line: line, MovieID: info.MovieID}.Rejected())
					break
				}
			}
			batch = append(batch, Row{Info: info, Line: line})
			if len(batch) == opts.BatchSize {
				if err := flush(); err != nil {
					return sum, err
				}
			}
		case errors.As(err, &rej):
			sum.Read++
			reject(*rej)
		default:
			if ctxErr := ctx.Err(); ctxErr != nil {
				return sum, errors.Join(ctxErr, wait())
			}
			// Keep the good rows read before the failure: a later run of the
			// whole file stores the same rows again, harmlessly.
			return sum, errors.Join(err, finish())
		}
		progress(false)
	}
	if err := finish(); err != nil {
		return sum, err
	}
	progress(true)
	return sum, nil
}

// ctxReader fails its reads once ctx has ended.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
