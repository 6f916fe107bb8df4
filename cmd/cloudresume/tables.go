package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// runTables manages the DynamoDB tables: `tables create`, and `tables
// --json`, which prints their definitions for the deployment.
func runTables(ctx context.Context, e *env, args []string) error {
	if len(args) == 1 && args[0] == "--json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(dynamo.Tables())
	}
	f := newFlags(e, "tables", "create [flags] | --json",
		"Create the DynamoDB tables of --table-prefix (with --store dynamodb), on demand, and\n"+
			"turn on the expiry of visitor markers. Tables that exist are left as they are.\n"+
			"--json prints the table definitions instead (keys, indexes, TTL, billing).",
		storeSettings()...)
	switch {
	case len(args) > 0 && args[0] == "create":
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		f.Usage()
		return nil
	default:
		f.Usage()
		return &exitError{code: 2, err: errors.New("tables: want the subcommand create, or --json")}
	}
	cfg, help, err := parse(e, f, args[1:])
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		return usageError("tables create: unexpected argument %q", f.Arg(0))
	}
	if cfg.Store != "dynamodb" {
		return usageError("tables create works on --store dynamodb, not %q (a SQLite database is migrated when it is opened)", cfg.Store)
	}
	client, err := app.NewAWS(cfg).DynamoDB(ctx)
	if err != nil {
		return err
	}
	sts, err := dynamo.CreateTables(ctx, client, cfg.TablePrefix)
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, st := range sts {
		what := "exists"
		if st.Created {
			what = "created"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", what, st.Name, st.TTL)
	}
	w.Flush()
	if err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	return nil
}
