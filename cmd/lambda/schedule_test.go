package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// scheduledSent returns the messages a scheduled run says it sent.
func scheduledSent(t *testing.T, out []byte) int {
	t.Helper()
	var r struct {
		Sent *int `json:"sent"`
	}
	if err := json.Unmarshal(out, &r); err != nil || r.Sent == nil {
		t.Fatalf("scheduled run answered %s, want {\"sent\": N, ...}", out)
	}
	return *r.Sent
}

// The scheduled run packs the visit dimensions of the closed months of the
// last year, so that the dashboard's reports never wait for it; it runs
// with or without mail configured, and a second run has nothing to do.
func TestScheduledEventPacksClosedMonths(t *testing.T) {
	env := deployment(t)
	h, logs := newTestHandler(t, env)
	run := func() []string {
		t.Helper()
		out, err := h.Invoke(context.Background(), event(t, "scheduled-event.json"))
		if err != nil {
			t.Fatalf("scheduled event: %v\n%s", err, logs)
		}
		var r struct {
			Packed []string `json:"packed"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("answer %s: %v", out, err)
		}
		return r.Packed
	}
	packed := run()
	yesterday := time.Now().UTC().AddDate(0, 0, -1)
	current := time.Date(yesterday.Year(), yesterday.Month(), 1, 0, 0, 0, 0, time.UTC)
	if len(packed) != 13 || packed[12] != current.AddDate(0, -1, 0).Format("2006-01") || packed[0] != current.AddDate(0, -13, 0).Format("2006-01") {
		t.Errorf("first run packed %v, want the 13 months before %s", packed, current.Format("2006-01"))
	}
	if again := run(); len(again) != 0 {
		t.Errorf("second run packed %v, want nothing", again)
	}
}
