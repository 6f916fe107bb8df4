package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/web"
)

// headerSets is what `headers --json` prints.
type headerSets struct {
	Page map[string]string `json:"page"`
	API  map[string]string `json:"api"`
	// Admin is the headers of the /admin dashboard and its files.
	Admin map[string]string `json:"admin"`
}

func runHeaders(ctx context.Context, e *env, args []string) error {
	var asJSON bool
	var apiURL string
	f := newFlags(e, "headers", "[--json] [--api-url URL] [--resume FILE] [--theme THEME]",
		"Print the security headers of the pages and of the API answers, as served over HTTPS: what a CDN in front of a\n"+
			"built site must send. The pages' policy allows their theme's style and the photo's host: give the resume and\n"+
			"theme given to build.",
		"resume", "theme", "cognito-client-id", "cognito-region", "cognito-endpoint")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.StringVar(&apiURL, "api-url", "", "the API's URL, as given to build, when the pages call it on another origin")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	_, apiOrigin, err := apiLocation(apiURL)
	if err != nil {
		return err
	}
	r, th, err := app.LoadSite(cfg)
	if err != nil {
		return err
	}
	page, api := web.SecurityHeaders(web.Config{Resume: r, Theme: th}, apiOrigin)
	d := cfg.Dashboard(apiOrigin)
	if err := d.Check(); err != nil {
		return usageError("headers: %v", err)
	}
	admin := web.DashboardHeaders(d)
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(headerSets{Page: page, API: api, Admin: admin})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FOR\tHEADER\tVALUE")
	for _, set := range []struct {
		name    string
		headers map[string]string
	}{{"pages", page}, {"api", api}, {"admin", admin}} {
		names := make([]string, 0, len(set.headers))
		for name := range set.headers {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", set.name, name, set.headers[name])
		}
	}
	return tw.Flush()
}
