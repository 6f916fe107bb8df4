package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// initCosts is what one start spent before main, package by package, as
// GODEBUG=inittrace=1 prints it, and what main spent on its own init, as
// the function's "init" log line tells (0 when it has none).
type initCosts struct {
	packages map[string]time.Duration
	main     time.Duration
	ready    time.Duration // exec -> init done of the same start
}

// parseInitTrace reads the output of a process started with
// GODEBUG=inittrace=1: lines of the form
//
//	init net/http @1.2 ms, 0.28 ms clock, 4712 bytes, 49 allocs
//
// and JSON log lines, of which the one whose msg is "init" carries
// duration_ms.
func parseInitTrace(out string) initCosts {
	c := initCosts{packages: map[string]time.Duration{}}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) >= 7 && f[0] == "init" && strings.HasPrefix(f[2], "@") && f[6] == "clock," {
			if ms, err := strconv.ParseFloat(f[4], 64); err == nil {
				c.packages[f[1]] += time.Duration(ms * float64(time.Millisecond))
			}
			continue
		}
		var rec struct {
			Msg        string   `json:"msg"`
			DurationMS *float64 `json:"duration_ms"`
		}
		if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "init" && rec.DurationMS != nil {
			c.main = time.Duration(*rec.DurationMS * float64(time.Millisecond))
		}
	}
	return c
}

// packageGroup names the kind of a package for the report.
func packageGroup(pkg string) string {
	first, _, _ := strings.Cut(pkg, "/")
	switch {
	case strings.HasPrefix(pkg, "github.com/cloudresume/cloudresume/"):
		return "this module (github.com/cloudresume/cloudresume)"
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go-v2"), strings.HasPrefix(pkg, "github.com/aws/smithy-go"):
		return "AWS SDK (aws-sdk-go-v2, smithy-go)"
	case strings.HasPrefix(pkg, "github.com/aws/aws-lambda-go"):
		return "aws-lambda-go"
	case !strings.Contains(first, "."):
		return "Go standard library"
	}
	return "other dependencies"
}

// initReport breaks down exec -> init done for each bootstrap. The first
// row is the median over its untraced starts (samples[i]); the others are
// medians over its traced starts (traced[i]): exec -> init done again (the
// trace slows it a little), the package initialisation, in total and by
// kind of package, main's own init (its log line), and the rest, start by
// start: the exec, the runtime's start, the pages of the binary and the
// first call to the Runtime API. Then it lists the costliest package
// inits of the last bootstrap.
func initReport(w io.Writer, names []string, samples [][]sample, traced [][]initCosts, top int) {
	// over returns the median of f over the traced starts of bootstrap i.
	over := func(i int, f func(c initCosts) time.Duration) time.Duration {
		ds := make([]time.Duration, len(traced[i]))
		for j, c := range traced[i] {
			ds[j] = f(c)
		}
		return summarize(ds).median
	}
	// packages returns the time of the packages that keep selects.
	packages := func(keep func(pkg string) bool) func(c initCosts) time.Duration {
		return func(c initCosts) time.Duration {
			var sum time.Duration
			for pkg, d := range c.packages {
				if keep(pkg) {
					sum += d
				}
			}
			return sum
		}
	}
	all := packages(func(string) bool { return true })
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
	row := func(label string, cell func(i int) string) {
		fmt.Fprintf(w, "%-62s", label)
		for i := range names {
			fmt.Fprintf(w, " %12s", cell(i))
		}
		fmt.Fprintln(w)
	}
	row("ms, medians", func(i int) string { return names[i] })
	row(fmt.Sprintf("exec -> init done (%d starts)", len(samples[0])), func(i int) string {
		ds := make([]time.Duration, len(samples[i]))
		for j, s := range samples[i] {
			ds[j] = s.ready
		}
		return ms(summarize(ds).median)
	})
	row(fmt.Sprintf("exec -> init done, traced (GODEBUG=inittrace=1, %d starts)", len(traced[0])), func(i int) string {
		return ms(over(i, func(c initCosts) time.Duration { return c.ready }))
	})
	row("  package init", func(i int) string { return ms(over(i, all)) })
	groups := map[string]bool{}
	for _, cs := range traced {
		for _, c := range cs {
			for pkg := range c.packages {
				groups[packageGroup(pkg)] = true
			}
		}
	}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		row("    "+g, func(i int) string { return ms(over(i, packages(func(p string) bool { return packageGroup(p) == g }))) })
	}
	row(`  main's init (its "init" log line)`, func(i int) string {
		if d := over(i, func(c initCosts) time.Duration { return c.main }); d > 0 {
			return ms(d)
		}
		return "-"
	})
	row("  the rest: exec, runtime start, binary pages, first /next", func(i int) string {
		return ms(over(i, func(c initCosts) time.Duration { return c.ready - all(c) - c.main }))
	})

	last := len(names) - 1
	costs := map[string]time.Duration{}
	for _, c := range traced[last] {
		for pkg := range c.packages {
			costs[pkg] = 0
		}
	}
	for pkg := range costs {
		costs[pkg] = over(last, packages(func(p string) bool { return p == pkg }))
	}
	pkgs := slices.SortedFunc(maps.Keys(costs), func(a, b string) int {
		return cmp.Or(cmp.Compare(costs[b], costs[a]), strings.Compare(a, b))
	})
	fmt.Fprintf(w, "costliest package inits of %s:\n", names[last])
	for _, pkg := range pkgs[:min(top, len(pkgs))] {
		fmt.Fprintf(w, "  %-73s %12s\n", pkg, ms(costs[pkg]))
	}
}
