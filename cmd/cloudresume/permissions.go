package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/cmd/internal/perm"
)

func runPermissions(ctx context.Context, e *env, args []string) error {
	var asJSON bool
	f := newFlags(e, "permissions", "[--json]",
		"Print the IAM actions each Lambda function of the deployment needs, and on what: the\n"+
			"deployment grants exactly these.")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	fns := perm.Functions()
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(fns)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FUNCTION\tACTION\tON")
	names := make([]string, 0, len(fns))
	for name := range fns {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, g := range fns[name] {
			on := g.Resource
			if g.Table != "" {
				on = "table " + g.Table
				if g.Index != "" {
					on += " index " + g.Index
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, g.Action, on)
		}
	}
	return tw.Flush()
}
