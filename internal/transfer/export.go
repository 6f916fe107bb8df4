package transfer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// Summary counts the records of an export or an import.
type Summary struct {
	Days     int64 `json:"days"`
	Paths    int64 `json:"paths"`
	Values   int64 `json:"values"` // daily values of the dimensions
	Messages int64 `json:"messages"`
	Movies   int64 `json:"movies"`
	Records  int64 `json:"records"` // every line but the header and the end
}

func (s Summary) String() string {
	return fmt.Sprintf("%d records: the visit totals, %d days, %d paths, %d daily values, the spam count, %d messages, %d movies",
		s.Records, s.Days, s.Paths, s.Values, s.Messages, s.Movies)
}

// ExportOptions tune Export.
type ExportOptions struct {
	Source   string           // the kind of store, named in the header
	Now      func() time.Time // nil: time.Now
	Progress func(records int64)
}

// Export writes every piece of data of src to w as JSON Lines: the
// header, the visit totals, the days, the paths, the daily values of the
// dimensions, the spam count, the
// messages, the movies and the end record. It reads the stores as they
// are while it runs: for a snapshot of a busy SQLite database, export a
// backup of it.
func Export(ctx context.Context, w io.Writer, src Stores, opts ExportOptions) (Summary, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	x := &exporter{w: bw, progress: opts.Progress}
	if err := x.line(Header{Format: Format, Version: Version, ExportedAt: now().UTC(), Source: opts.Source}); err != nil {
		return Summary{}, err
	}
	if err := x.all(ctx, src); err != nil {
		return x.sum, err
	}
	if err := x.line(record{Type: TypeEnd, Data: mustJSON(end{Records: x.sum.Records})}); err != nil {
		return x.sum, err
	}
	if err := bw.Flush(); err != nil {
		return x.sum, fmt.Errorf("write export: %w", err)
	}
	return x.sum, nil
}

type exporter struct {
	w        *bufio.Writer
	sum      Summary
	progress func(int64)
}

func (x *exporter) all(ctx context.Context, src Stores) error {
	counts, err := src.Visits.Counts(ctx)
	if err != nil {
		return fmt.Errorf("read visit totals: %w", err)
	}
	if err := x.put(TypeTotals, counts); err != nil {
		return err
	}
	if err := src.Visits.EachDay(ctx, func(d visits.DayCounts) error {
		x.sum.Days++
		return x.put(TypeDay, d)
	}); err != nil {
		return err
	}
	if err := src.Visits.EachPath(ctx, func(p visits.PathViews) error {
		x.sum.Paths++
		return x.put(TypePath, p)
	}); err != nil {
		return err
	}
	if err := src.Visits.EachDayValue(ctx, func(v visits.DayValue) error {
		x.sum.Values++
		return x.put(TypeDim, v)
	}); err != nil {
		return err
	}
	inbox, err := src.Messages.Counts(ctx)
	spam := inbox.Spam
	if err != nil {
		return err
	}
	if err := x.put(TypeSpam, spamCount{Count: spam}); err != nil {
		return err
	}
	if err := src.Messages.EachMessage(ctx, func(m contact.Message) error {
		x.sum.Messages++
		return x.put(TypeMessage, m)
	}); err != nil {
		return err
	}
	for cursor := ""; ; {
		page, err := src.Movies.List(ctx, movies.MaxLimit, cursor)
		if err != nil {
			return fmt.Errorf("read movies: %w", err)
		}
		for _, m := range page.Movies {
			x.sum.Movies++
			if err := x.put(TypeMovie, m); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

// put writes one record of type typ holding data.
func (x *exporter) put(typ string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s: %w", typ, err)
	}
	if err := x.line(record{Type: typ, Data: b}); err != nil {
		return err
	}
	x.sum.Records++
	if x.progress != nil {
		x.progress(x.sum.Records)
	}
	return nil
}

func (x *exporter) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode export line: %w", err)
	}
	b = append(b, '\n')
	if _, err := x.w.Write(b); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain structs of numbers
	}
	return b
}
