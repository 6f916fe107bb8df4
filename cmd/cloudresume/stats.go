package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func runStats(ctx context.Context, e *env, args []string) error {
	var (
		top    int
		asJSON bool
	)
	f := newFlags(e, "stats", "[flags]", "Print the visit totals, bots counted apart, and the most viewed paths.", storeSettings()...)
	f.IntVar(&top, "top", 10, "how many paths to list, most viewed first")
	f.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return usageError("stats: unexpected argument %q", f.Arg(0))
	}
	if top < 1 || top > 1000 {
		return usageError("--top %d: want 1 to 1000", top)
	}
	st, err := openStores(ctx, cfg, app.ReadOnly)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := visits.Summarize(ctx, st.Visits, top)
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
			fmt.Fprintf(tw, "%d\t%s\n", p.Views, clip(p.Path, 120)) // a path is what a client sent
		}
	}
	return tw.Flush()
}
