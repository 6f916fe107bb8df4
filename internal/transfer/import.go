package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// ErrNewerVersion is wrapped by the error of Import for a file of a
// format version newer than Version.
var ErrNewerVersion = errors.New("export made by a newer cloudresume")

// ImportOptions tune Import.
type ImportOptions struct {
	Progress func(bytesRead int64)
}

// batch is how many days, paths or movie infos one put takes.
const batch = 500

// Import loads an export from r into dst. Every record sets what it holds
// (counters are set, not added to; a message or a movie replaces the one
// with its ID), so importing a file twice leaves the store as importing it
// once; what the store holds and the file does not is kept. A file of a
// newer format version is refused before anything is written, and a file
// cut short is reported, after the records before the cut are stored.
func Import(ctx context.Context, r io.Reader, dst Stores, opts ImportOptions) (Summary, error) {
	cr := &countingReader{r: r, progress: opts.Progress}
	sc := bufio.NewScanner(cr)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	im := &importer{dst: dst}
	if err := im.header(sc); err != nil {
		return Summary{}, err
	}
	line := 1
	ended := false
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if ended {
			return im.sum, fmt.Errorf("line %d: data after the end record", line)
		}
		var err error
		ended, err = im.record(ctx, b)
		if err != nil {
			return im.sum, fmt.Errorf("line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return im.sum, fmt.Errorf("line %d: longer than %d bytes", line+1, maxLine)
		}
		return im.sum, fmt.Errorf("read export: %w", err)
	}
	if err := im.flush(ctx); err != nil {
		return im.sum, err
	}
	if !ended {
		return im.sum, fmt.Errorf("the file ends after line %d without its end record: it was cut short; the %d records before the cut are stored", line, im.sum.Records)
	}
	return im.sum, nil
}

type importer struct {
	dst   Stores
	sum   Summary
	days  []visits.DayCounts
	paths []visits.PathViews
	vals  []visits.DayValue
	infos []movies.Info
}

func (im *importer) header(sc *bufio.Scanner) error {
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read export: %w", err)
		}
		return errors.New("the file is empty: not a cloudresume export")
	}
	var h Header
	if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Format != Format {
		return errors.New("line 1: not a cloudresume export (no header)")
	}
	switch {
	case h.Version > Version:
		return fmt.Errorf("%w: the file is format version %d, this cloudresume reads versions 1 to %d; import it with a newer cloudresume", ErrNewerVersion, h.Version, Version)
	case h.Version < 1:
		return fmt.Errorf("line 1: format version %d is not a version", h.Version)
	}
	return nil
}

// record stores one line and reports whether it was the end record.
func (im *importer) record(ctx context.Context, b []byte) (bool, error) {
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return false, fmt.Errorf("not a record: %w", err)
	}
	var err error
	switch rec.Type {
	case TypeEnd:
		var e end
		if err := decode(rec.Data, &e); err != nil {
			return false, err
		}
		if e.Records != im.sum.Records {
			return false, fmt.Errorf("the end record counts %d records, the file has %d", e.Records, im.sum.Records)
		}
		return true, nil
	case TypeTotals:
		var c visits.Counts
		if err = decode(rec.Data, &c); err == nil {
			if err = checkCounts(c); err == nil {
				err = im.dst.Visits.PutCounts(ctx, c)
			}
		}
	case TypeDay:
		var d visits.DayCounts
		if err = decode(rec.Data, &d); err == nil {
			if err = checkDay(d); err == nil {
				im.days = append(im.days, d)
				im.sum.Days++
				err = im.flushFull(ctx)
			}
		}
	case TypePath:
		var p visits.PathViews
		if err = decode(rec.Data, &p); err == nil {
			if err = checkPath(p); err == nil {
				im.paths = append(im.paths, p)
				im.sum.Paths++
				err = im.flushFull(ctx)
			}
		}
	case TypeDim:
		var v visits.DayValue
		if err = decode(rec.Data, &v); err == nil {
			if err = checkDayValue(v); err == nil {
				im.vals = append(im.vals, v)
				im.sum.Values++
				err = im.flushFull(ctx)
			}
		}
	case TypeSpam:
		var s spamCount
		if err = decode(rec.Data, &s); err == nil {
			if s.Count < 0 {
				err = errors.New("negative spam count")
			} else {
				err = im.dst.Messages.PutSpamCount(ctx, s.Count)
			}
		}
	case TypeMessage:
		var m contact.Message
		if err = decode(rec.Data, &m); err == nil {
			if err = checkMessage(m); err == nil {
				im.sum.Messages++
				err = im.dst.Messages.PutMessage(ctx, m)
			}
		}
	case TypeMovie:
		var m movies.Movie
		if err = decode(rec.Data, &m); err == nil {
			im.sum.Movies++
			err = im.movie(ctx, m)
		}
	default:
		return false, fmt.Errorf("unknown record type %q (this cloudresume reads format version %d)", rec.Type, Version)
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", rec.Type, err)
	}
	im.sum.Records++
	return false, nil
}

// movie queues the info of m and sets its ratings.
func (im *importer) movie(ctx context.Context, m movies.Movie) error {
	if why := movies.ValidateID(m.MovieID); why != "" {
		return errors.New(why)
	}
	if m.Info == nil && m.Rating == nil {
		return fmt.Errorf("movie %q has neither info nor ratings", m.MovieID)
	}
	if m.Info != nil {
		if m.Info.MovieID != m.MovieID {
			return fmt.Errorf("movie %q holds the info of %q", m.MovieID, m.Info.MovieID)
		}
		if why := m.Info.Validate(); why != "" {
			return fmt.Errorf("movie %q: %s", m.MovieID, why)
		}
		im.infos = append(im.infos, *m.Info)
		if err := im.flushFull(ctx); err != nil {
			return err
		}
	}
	if r := m.Rating; r != nil && (r.RottenTomatoes != nil || r.IMDB != nil) {
		p := movies.RatingPatch{RottenTomatoes: r.RottenTomatoes, IMDB: r.IMDB}
		if err := p.Validate(); err != nil {
			return fmt.Errorf("movie %q: %w", m.MovieID, err)
		}
		if _, err := im.dst.Movies.UpdateRating(ctx, m.MovieID, p); err != nil {
			return err
		}
	}
	return nil
}

// flushFull stores the batches that are full.
func (im *importer) flushFull(ctx context.Context) error {
	if len(im.days) < batch && len(im.paths) < batch && len(im.vals) < batch && len(im.infos) < batch {
		return nil
	}
	return im.flush(ctx)
}

// flush stores every batch.
func (im *importer) flush(ctx context.Context) error {
	if err := im.dst.Visits.PutDays(ctx, im.days); err != nil {
		return err
	}
	im.days = im.days[:0]
	if err := im.dst.Visits.PutPaths(ctx, im.paths); err != nil {
		return err
	}
	im.paths = im.paths[:0]
	if err := im.dst.Visits.PutDayValues(ctx, im.vals); err != nil {
		return err
	}
	im.vals = im.vals[:0]
	if err := im.dst.Movies.PutInfos(ctx, im.infos); err != nil {
		return err
	}
	im.infos = im.infos[:0]
	return nil
}

// decode reads data into v, refusing fields v does not have: they would
// be data lost on the way.
func decode(data json.RawMessage, v any) error {
	if len(data) == 0 {
		return errors.New("no data")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad data: %w", err)
	}
	return nil
}

func checkCounts(c visits.Counts) error {
	if c.Visitors < 0 || c.Views < 0 || c.Bots < 0 {
		return errors.New("negative count")
	}
	return nil
}

func checkDay(d visits.DayCounts) error {
	if _, err := time.Parse(visits.DayLayout, d.Day); err != nil {
		return fmt.Errorf("day %q is not YYYY-MM-DD", d.Day)
	}
	return checkCounts(d.Counts)
}

// maxText bounds the paths and identifiers an import takes.
const maxText = 2048

func checkPath(p visits.PathViews) error {
	// visits.Other stands for the paths the site does not have.
	if (p.Path != visits.Other && !strings.HasPrefix(p.Path, "/")) || len(p.Path) > maxText || !utf8.ValidString(p.Path) {
		return fmt.Errorf("path %.40q is not a path of at most %d bytes", p.Path, maxText)
	}
	if p.Views < 0 {
		return errors.New("negative views")
	}
	return nil
}

// maxValue bounds a dimension's value, as the stores do.
const maxValue = 256

func checkDayValue(v visits.DayValue) error {
	if _, err := time.Parse(visits.DayLayout, v.Day); err != nil {
		return fmt.Errorf("day %q is not YYYY-MM-DD", v.Day)
	}
	if !slices.Contains(visits.Dimensions, v.Dim) {
		return fmt.Errorf("dimension %.40q is not one of %s", v.Dim, strings.Join(visits.Dimensions, ", "))
	}
	if v.Value == "" || len(v.Value) > maxValue || !utf8.ValidString(v.Value) {
		return fmt.Errorf("value %.40q is not text of 1 to %d bytes", v.Value, maxValue)
	}
	if v.Views < 0 || v.Visitors < 0 {
		return errors.New("negative count")
	}
	return nil
}

func checkMessage(m contact.Message) error {
	switch {
	case m.ID == "" || len(m.ID) > maxText || !utf8.ValidString(m.ID):
		return fmt.Errorf("message id %.40q is not an id", m.ID)
	case m.CreatedAt.IsZero():
		return fmt.Errorf("message %q has no created_at", m.ID)
	case m.Delivery.State == "":
		return fmt.Errorf("message %q has no delivery state", m.ID)
	case m.Delivery.Attempts < 0:
		return fmt.Errorf("message %q has negative attempts", m.ID)
	}
	return nil
}

// countingReader reports how many bytes have been read.
type countingReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.n)
	}
	return n, err
}
