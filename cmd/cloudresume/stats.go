package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

func runStats(ctx context.Context, e *env, args []string) error {
	var (
		top            int
		asJSON         bool
		since          string
		fromDay, toDay string
	)
	f := newFlags(e, "stats", "[flags]", "Print the visits of a range of days (a sparkline of views per day and the top values of each dimension), and the all-time totals, bots counted apart.", storeSettings()...)
	f.IntVar(&top, "top", 10, "how many values of each dimension to list, most viewed first")
	f.BoolVar(&asJSON, "json", false, "print the JSON of GET /api/admin/stats instead of a table")
	f.StringVar(&since, "since", "30d", "the range: this many days (30d) or weeks (4w) ending today (UTC)")
	f.StringVar(&fromDay, "from", "", "first day of the range, YYYY-MM-DD (with --to, instead of --since)")
	f.StringVar(&toDay, "to", "", "last day of the range, YYYY-MM-DD")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return usageError("stats: unexpected argument %q", f.Arg(0))
	}
	if top < 1 || top > visits.MaxLimit {
		return usageError("--top %d: want 1 to %d", top, visits.MaxLimit)
	}
	q := visits.Query{From: fromDay, To: toDay, Limit: top}
	if fromDay == "" && toDay == "" {
		days, err := parseSince(since)
		if err != nil {
			return err
		}
		q.From, q.To = web.LastDays(time.Now(), days)
	}
	if _, err := q.Check(); err != nil {
		return usageError("stats: %v", describeProblems(err))
	}
	st, err := openStores(ctx, cfg, app.ReadOnly)
	if err != nil {
		return err
	}
	defer st.Close()
	counter := visits.NewCounter(st.Visits)
	rep, err := counter.Report(ctx, q)
	if err != nil {
		return err
	}
	sum, err := counter.Summary(ctx, top)
	if err != nil {
		return err
	}
	if asJSON {
		// The shape of GET /api/admin/stats, without the inbox, which is
		// the messages command's.
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(web.StatsResponse{Summary: sum, Report: rep})
	}
	return printStats(e.stdout, sum, rep)
}

// printStats writes the all-time totals and top paths, then the range's
// days as a sparkline and each dimension's top values.
func printStats(w io.Writer, sum visits.Summary, rep visits.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	counts := sum.Visits
	fmt.Fprintf(tw, "visitors\t%d\nviews\t%d\nbot hits\t%d\n", counts.Visitors, counts.Views, counts.Bots)
	if len(sum.TopPaths) > 0 {
		fmt.Fprintln(tw, "\nVIEWS\tPATH")
		for _, p := range sum.TopPaths {
			fmt.Fprintf(tw, "%d\t%s\n", p.Views, clip(p.Path, 120)) // a path is what a client sent
		}
	}
	t := rep.Totals
	fmt.Fprintf(tw, "\n%s to %s: %d visitors, %d views, %d bot hits\n", rep.From, rep.To, t.Visitors, t.Views, t.Bots)
	fmt.Fprintf(tw, "views per day\t%s\n", sparkline(rep.Days))
	for _, d := range visits.Dimensions {
		vals := rep.Dims[d]
		if len(vals) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s\tVIEWS\tVISITORS\n", d)
		for _, v := range vals {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", clip(v.Value, 80), v.Views, v.Visitors)
		}
	}
	return tw.Flush()
}

// sparkBlocks are the eight heights of a sparkline's bars.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// sparkline answers the views of days as one bar each, scaled to the
// highest; a day without views is the lowest bar.
func sparkline(days []visits.DayCounts) string {
	var top int64
	for _, d := range days {
		top = max(top, d.Views)
	}
	out := make([]rune, len(days))
	for i, d := range days {
		n := 0
		if top > 0 {
			n = int(d.Views * int64(len(sparkBlocks)-1) / top)
		}
		out[i] = sparkBlocks[n]
	}
	return string(out)
}

// parseSince answers the days of a --since value: N days (30d) or weeks
// (4w), within visits.MaxRangeDays.
func parseSince(s string) (int, error) {
	var n int
	var unit rune
	if _, err := fmt.Sscanf(s, "%d%c", &n, &unit); err != nil || fmt.Sprintf("%d%c", n, unit) != s {
		return 0, usageError("--since %q: want a number of days or weeks, such as 30d or 4w", s)
	}
	switch unit {
	case 'd':
	case 'w':
		n *= 7
	default:
		return 0, usageError("--since %q: want a number of days or weeks, such as 30d or 4w", s)
	}
	if n < 1 || n > visits.MaxRangeDays {
		return 0, usageError("--since %q: want 1 to %d days", s, visits.MaxRangeDays)
	}
	return n, nil
}

// describeProblems answers the field problems of err as "--field: why".
func describeProblems(err error) string {
	fields, ok := problem.AsFields(err)
	if !ok {
		return err.Error()
	}
	var out string
	for _, k := range []string{"from", "to", "dimension", "limit"} {
		if why, ok := fields[k]; ok {
			if out != "" {
				out += "; "
			}
			name := k
			if k == "limit" {
				name = "top"
			}
			out += "--" + name + " " + why
		}
	}
	return out
}
