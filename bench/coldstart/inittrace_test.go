package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseInitTrace(t *testing.T) {
	out := strings.Join([]string{
		"init internal/bytealg @0.001 ms, 0 ms clock, 0 bytes, 0 allocs",
		"init net/http @57 ms, 0.28 ms clock, 4712 bytes, 49 allocs",
		"init github.com/aws/aws-sdk-go-v2/service/sesv2/schemas @10 ms, 1.1 ms clock, 582320 bytes, 3541 allocs",
		`{"time":"2026-01-01T00:00:00Z","level":"INFO","msg":"request","duration_ms":9}`,
		`{"time":"2026-01-01T00:00:00Z","level":"INFO","msg":"init","stage":"","duration_ms":2.5}`,
		"init is not a trace line",
	}, "\n")
	c := parseInitTrace(out)
	want := map[string]time.Duration{
		"internal/bytealg": 0,
		"net/http":         280 * time.Microsecond,
		"github.com/aws/aws-sdk-go-v2/service/sesv2/schemas": 1100 * time.Microsecond,
	}
	if len(c.packages) != len(want) {
		t.Errorf("packages %v, want %v", c.packages, want)
	}
	for pkg, d := range want {
		if got, ok := c.packages[pkg]; !ok || got != d {
			t.Errorf("%s: %v, want %v", pkg, got, d)
		}
	}
	if c.main != 2500*time.Microsecond {
		t.Errorf("main's init %v, want 2.5ms from the init line", c.main)
	}
	for pkg, group := range map[string]string{
		"net/http":                                           "Go standard library",
		"github.com/aws/smithy-go/document":                  "AWS SDK (aws-sdk-go-v2, smithy-go)",
		"github.com/aws/aws-lambda-go/lambdacontext":         "aws-lambda-go",
		"github.com/cloudresume/cloudresume/internal/visits": "this module (github.com/cloudresume/cloudresume)",
		"gopkg.in/yaml%2ev3":                                 "other dependencies",
	} {
		if g := packageGroup(pkg); g != group {
			t.Errorf("packageGroup(%s) = %q, want %q", pkg, g, group)
		}
	}
}

func TestSummarize(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var ds []time.Duration
		for _, x := range v {
			ds = append(ds, time.Duration(x)*time.Millisecond)
		}
		return ds
	}
	for _, tc := range []struct {
		in          []time.Duration
		median, p90 time.Duration
	}{
		{ms(5), 5 * time.Millisecond, 5 * time.Millisecond},
		{ms(4, 1, 3, 2), 2500 * time.Microsecond, 4 * time.Millisecond},
		{ms(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 5500 * time.Microsecond, 9 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 6 * time.Millisecond, 10 * time.Millisecond},
	} {
		if s := summarize(tc.in); s.median != tc.median || s.p90 != tc.p90 {
			t.Errorf("summarize(%v) = %+v, want median %v p90 %v", tc.in, s, tc.median, tc.p90)
		}
	}
}
