package metrics

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
	"time"
)

// The line a JSON logger writes is what CloudWatch's embedded metric
// format reads: the _aws directive names each value the line carries.
func TestEMF(t *testing.T) {
	var b bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&b, nil))
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	log.Info("undelivered messages", EMF(at, "prod", map[string]int{FailedMessages: 2, LongPendingMessages: 0})...)
	var line struct {
		AWS struct {
			Timestamp         int64
			CloudWatchMetrics []struct {
				Namespace  string
				Dimensions [][]string
				Metrics    []struct{ Name, Unit string }
			}
		} `json:"_aws"`
		Stage               string
		FailedMessages      *int
		LongPendingMessages *int
	}
	if err := json.Unmarshal(b.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	d := line.AWS.CloudWatchMetrics
	if line.AWS.Timestamp != at.UnixMilli() || len(d) != 1 || d[0].Namespace != "cloudresume" || len(d[0].Dimensions) != 1 || d[0].Dimensions[0][0] != "Stage" {
		t.Fatalf("directive %+v", line.AWS)
	}
	if len(d[0].Metrics) != 2 || line.Stage != "prod" || line.FailedMessages == nil || *line.FailedMessages != 2 || line.LongPendingMessages == nil || *line.LongPendingMessages != 0 {
		t.Fatalf("line %s", b.Bytes())
	}
	for _, m := range d[0].Metrics {
		if m.Unit != "Count" {
			t.Errorf("%s: unit %q", m.Name, m.Unit)
		}
	}
}
