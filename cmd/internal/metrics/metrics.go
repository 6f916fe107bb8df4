// Package metrics is the program's own CloudWatch metrics: what they are
// (which `cloudresume metrics --json` prints for the deployment, whose
// alarms are built from it) and how the Lambda function reports them, as
// log lines in CloudWatch's embedded metric format.
package metrics

import (
	"log/slog"
	"time"
)

// Namespace holds the program's metrics; Dimension tells the stages apart.
const (
	Namespace = "cloudresume"
	Dimension = "Stage"
)

// The metrics.
const (
	FailedMessages      = "FailedMessages"
	LongPendingMessages = "LongPendingMessages"
)

// Metric is one metric, as the deployment builds its alarm: any value
// above 0 in a period raises it.
type Metric struct {
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
}

// Set is every metric and where they live.
type Set struct {
	Namespace string   `json:"namespace"`
	Dimension string   `json:"dimension"`
	Metrics   []Metric `json:"metrics"`
}

// All returns the metrics the program reports.
func All() Set {
	return Set{Namespace: Namespace, Dimension: Dimension, Metrics: []Metric{
		{FailedMessages, "Count", "contact messages whose notification the mail service refused for good: the owner was not told of them"},
		{LongPendingMessages, "Count", "contact messages whose notification has been pending for more than an hour: is mail down?"},
	}}
}

// EMF returns the attributes of a JSON log line that CloudWatch Logs turns
// into the values of metrics for stage (the embedded metric format:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
func EMF(now time.Time, stage string, values map[string]int) []any {
	var defs []map[string]string
	attrs := []any{slog.String(Dimension, stage)}
	for _, m := range All().Metrics {
		v, ok := values[m.Name]
		if !ok {
			continue
		}
		defs = append(defs, map[string]string{"Name": m.Name, "Unit": m.Unit})
		attrs = append(attrs, slog.Int(m.Name, v))
	}
	aws := map[string]any{
		"Timestamp": now.UnixMilli(),
		"CloudWatchMetrics": []map[string]any{{
			"Namespace":  Namespace,
			"Dimensions": [][]string{{Dimension}},
			"Metrics":    defs,
		}},
	}
	return append([]any{slog.Any("_aws", aws)}, attrs...)
}
