package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/cloudresume/cloudresume/cmd/internal/metrics"
)

func runMetrics(ctx context.Context, e *env, args []string) error {
	var asJSON bool
	f := newFlags(e, "metrics", "[--json]",
		"Print the CloudWatch metrics the Lambda function reports (embedded in its log), each of which\n"+
			"the deployment alarms on.")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	set := metrics.All()
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(set)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "METRIC (%s, by %s)\tUNIT\tWHAT\n", set.Namespace, set.Dimension)
	for _, m := range set.Metrics {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, m.Unit, m.Description)
	}
	return tw.Flush()
}
