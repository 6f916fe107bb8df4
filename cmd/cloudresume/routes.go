package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/internal/web"
)

func runRoutes(ctx context.Context, e *env, args []string) error {
	var asJSON, all bool
	f := newFlags(e, "routes", "[--json] [--all]", "List the routes of the API, as served by the Lambda function behind /api/*.")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.BoolVar(&all, "all", false, "also list the site's pages")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	routes := web.Routes()
	if all {
		routes = append(routes, web.PageRoutes()...)
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(routes)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATH\tADMIN\tWHAT")
	for _, rt := range routes {
		admin := ""
		if rt.Admin {
			admin = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rt.Method, rt.Path, admin, rt.Summary)
	}
	return tw.Flush()
}
