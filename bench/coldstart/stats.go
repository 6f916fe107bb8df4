package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// summary is the distribution of one figure over the runs.
type summary struct{ median, p90 time.Duration }

// summarize returns the median and the 90th percentile (nearest rank) of
// ds, which it sorts.
func summarize(ds []time.Duration) summary {
	slices.Sort(ds)
	n := len(ds)
	median := (ds[(n-1)/2] + ds[n/2]) / 2
	rank := (9*n + 9) / 10 // ceil(0.9 n)
	return summary{median: median, p90: ds[rank-1]}
}

// report prints, for each kind of cold start, the medians and 90th
// percentiles of exec -> init done and exec -> first response, the
// difference of the median first response against the first kind (the
// baseline), and the median time of the same request on the warm
// function.
func report(w io.Writer, names []string, samples [][]sample) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	pick := func(ss []sample, f func(sample) time.Duration) summary {
		ds := make([]time.Duration, len(ss))
		for i, s := range ss {
			ds[i] = f(s)
		}
		return summarize(ds)
	}
	fmt.Fprintf(w, "%-32s %21s %21s %12s %12s\n", "ms", "exec -> init done", "exec -> 1st response", "1st response", "warm")
	fmt.Fprintf(w, "%-32s %10s %10s %10s %10s %12s %12s\n", "", "median", "p90", "median", "p90", "vs trivial", "median")
	var base time.Duration
	for i, ss := range samples {
		ready := pick(ss, func(s sample) time.Duration { return s.ready })
		first := pick(ss, func(s sample) time.Duration { return s.first })
		warm := pick(ss, func(s sample) time.Duration { return s.warm })
		diff := "baseline"
		if i == 0 {
			base = first.median
		} else {
			diff = fmt.Sprintf("%+.1f", float64((first.median-base).Microseconds())/1000)
		}
		fmt.Fprintf(w, "%-32s %10s %10s %10s %10s %12s %12s\n", names[i],
			ms(ready.median), ms(ready.p90), ms(first.median), ms(first.p90), diff, ms(warm.median))
	}
}
