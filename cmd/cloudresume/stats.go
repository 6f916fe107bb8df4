package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/internal/visits"
)

func runStats(ctx context.Context, e *env, args []string) error {
	var (
		sf     storeFlags
		top    int
		asJSON bool
	)
	f := newFlags(e, "stats", "[flags]", "Print the visit totals, bots counted apart, and the most viewed paths.")
	sf.register(f)
	f.Int(&top, "top", 10, "how many paths to list, most viewed first")
	f.Bool(&asJSON, "json", false, "print JSON instead of a table")
	if help, err := parseArgs(f, args); help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return &exitError{code: 2, err: fmt.Errorf("stats: unexpected argument %q", f.Arg(0))}
	}
	if top < 1 || top > 1000 {
		return &exitError{code: 2, err: fmt.Errorf("--top %d: want 1 to 1000", top)}
	}
	st, err := sf.openExisting(ctx)
	if err != nil {
		return asExit2(err)
	}
	defer st.close()
	sum, err := visits.Summarize(ctx, st.visits, top)
	if err != nil {
		return err
	}
	if asJSON {
		// The shape of the visits part of GET /api/admin/stats.
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	counts, paths := sum.Visits, sum.TopPaths
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "visitors\t%d\nviews\t%d\nbot hits\t%d\n", counts.Visitors, counts.Views, counts.Bots)
	if len(paths) > 0 {
		fmt.Fprintln(tw, "\nVIEWS\tPATH")
		for _, p := range paths {
			fmt.Fprintf(tw, "%d\t%s\n", p.Views, p.Path)
		}
	}
	return tw.Flush()
}
