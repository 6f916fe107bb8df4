package movies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Inbox imports the CSV files put into a directory. A file is taken once its
// size and modification time are the same at two polls in a row, so that a
// file still being written is left alone; writers that can should write
// under another name (a dot file, or without .csv) and rename when done.
//
// After the import the file moves to done/ when it was read to the end,
// rejected rows or not, and to failed/ when it could not be (unreadable
// input, a bad header, a store failure), with <name>.report.json beside it.
// A file whose import is cut short by shutdown stays in place and is
// imported again at the next start, which stores the same rows.
type Inbox struct {
	dir      string
	store    Store
	log      *slog.Logger
	interval time.Duration
	opts     ImportOptions

	seen map[string]fileState // state of each candidate at the last poll
}

type fileState struct {
	size int64
	mod  time.Time
}

// Inbox subdirectories.
const (
	DoneDir   = "done"
	FailedDir = "failed"
)

// NewInbox checks dir and creates its done/ and failed/ subdirectories.
// interval is the time between polls (a second when 0).
func NewInbox(dir string, store Store, log *slog.Logger, interval time.Duration, opts ImportOptions) (*Inbox, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("movies inbox: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("movies inbox: %s is not a directory", dir)
	}
	for _, sub := range []string{DoneDir, FailedDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("movies inbox: %w", err)
		}
	}
	if interval <= 0 {
		interval = time.Second
	}
	return &Inbox{dir: dir, store: store, log: log, interval: interval, opts: opts, seen: map[string]fileState{}}, nil
}

// Run polls the directory until ctx is done.
func (in *Inbox) Run(ctx context.Context) {
	in.log.Info("watching movies inbox", "dir", in.dir, "interval", in.interval)
	t := time.NewTicker(in.interval)
	defer t.Stop()
	for {
		in.Poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Poll looks at the directory once and imports the files that have not
// changed since the previous poll, in name order.
func (in *Inbox) Poll(ctx context.Context) {
	entries, err := os.ReadDir(in.dir)
	if err != nil {
		in.log.Error("read movies inbox", "dir", in.dir, "err", err)
		return
	}
	now := map[string]fileState{}
	var ready []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // gone since the listing
		}
		st := fileState{size: fi.Size(), mod: fi.ModTime()}
		if prev, ok := in.seen[name]; ok && prev == st {
			ready = append(ready, name)
			continue
		}
		now[name] = st
	}
	in.seen = now
	sort.Strings(ready)
	for _, name := range ready {
		if ctx.Err() != nil {
			return
		}
		in.importFile(ctx, name)
	}
}

// importFile imports one file and files it with its report.
func (in *Inbox) importFile(ctx context.Context, name string) {
	path := filepath.Join(in.dir, name)
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			in.log.Error("open movies file", "file", path, "err", err)
		}
		return
	}
	rep := Report{File: name, Started: time.Now().UTC()}
	sum, err := Import(ctx, in.store, f, in.opts)
	f.Close()
	rep.Finished, rep.Summary = time.Now().UTC(), sum
	if err != nil && ctx.Err() != nil {
		in.log.Info("movies import interrupted; the file stays for the next start", "file", path, "stored", sum.Stored)
		return
	}
	dest := DoneDir
	if err != nil {
		dest, rep.Error = FailedDir, err.Error()
	}
	target, err2 := in.file(path, dest, rep)
	if err2 != nil {
		in.log.Error("file movies import", "file", path, "err", err2)
		return
	}
	attrs := []any{"file", path, "moved_to", target, "read", sum.Read, "stored", sum.Stored, "rejected", sum.Rejected,
		"duration_ms", rep.Finished.Sub(rep.Started).Milliseconds()}
	switch {
	case err != nil:
		in.log.Error("movies import failed", append(attrs, "err", err)...)
	case sum.Rejected > 0:
		in.log.Warn("movies imported with rejected rows", attrs...)
	default:
		in.log.Info("movies imported", attrs...)
	}
}

// file writes the report into dir/dest and moves the CSV file beside it,
// under a new name if the names are taken. The report goes first: if the
// move fails the file is imported again, which is harmless.
func (in *Inbox) file(path, dest string, rep Report) (string, error) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	ext := filepath.Ext(path)
	body, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode report: %w", err)
	}
	for n := 0; n < 1000; n++ {
		stem := base
		if n > 0 {
			stem = fmt.Sprintf("%s-%d", base, n)
		}
		csvPath := filepath.Join(in.dir, dest, stem+ext)
		repPath := filepath.Join(in.dir, dest, stem+".report.json")
		if exists(csvPath) {
			continue
		}
		// O_EXCL claims the name even against another process filing the same name.
		rf, err := os.OpenFile(repPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("write report: %w", err)
		}
		_, werr := rf.Write(append(body, '\n'))
		if cerr := rf.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return "", fmt.Errorf("write report: %w", werr)
		}
		if err := os.Rename(path, csvPath); err != nil {
			return "", fmt.Errorf("move file: %w", err)
		}
		return csvPath, nil
	}
	return "", fmt.Errorf("no free name for %s in %s", base, dest)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
