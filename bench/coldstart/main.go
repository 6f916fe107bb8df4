// Command coldstart measures the cold start of the Lambda bootstrap: the
// time from starting its process to its first response through a local
// Runtime API, with the function backed by a local DynamoDB (dynalite).
// Each run is a new process, as each cold start is a new execution
// environment.
//
//	go run ./bench/coldstart -bootstrap dist/host/bootstrap -n 20
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/lambdart"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("coldstart", flag.ContinueOnError)
	bootstrap := fs.String("bootstrap", "", "bootstrap binary built for this machine")
	eventPath := fs.String("event", "cmd/lambda/testdata/http-get-visits.json", "HTTP API event of the first invocation")
	n := fs.Int("n", 20, "cold starts to measure")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bootstrap == "" {
		return errors.New("-bootstrap is required")
	}
	ev, err := os.ReadFile(*eventPath)
	if err != nil {
		return err
	}

	dyn, err := awstest.StartDynalite()
	if err != nil {
		return err
	}
	defer dyn.Stop()
	ctx := context.Background()
	const prefix = "coldstart-"
	if _, err := dynamo.CreateTables(ctx, dynamo.NewClient(awstest.Config(dyn.Endpoint)), prefix); err != nil {
		return err
	}
	env := []string{
		"CLOUDRESUME_STORE=dynamodb",
		"CLOUDRESUME_TABLE_PREFIX=" + prefix,
		"CLOUDRESUME_DYNAMODB_ENDPOINT=" + dyn.Endpoint,
		"AWS_REGION=" + awstest.Region,
		"AWS_ACCESS_KEY_ID=S3RVER",
		"AWS_SECRET_ACCESS_KEY=S3RVER",
		"LOG_FORMAT=json",
	}

	// One start to warm the page cache, not counted.
	if _, _, err := coldStart(ctx, *bootstrap, env, ev); err != nil {
		return err
	}
	var ready, first []time.Duration
	for range *n {
		r, f, err := coldStart(ctx, *bootstrap, env, ev)
		if err != nil {
			return err
		}
		ready, first = append(ready, r), append(first, f)
	}
	fmt.Fprintf(stdout, "cold start of %s, %d runs (ms)\n", *bootstrap, *n)
	fmt.Fprintf(stdout, "%-34s %8s %8s %8s\n", "", "min", "median", "p90")
	report(stdout, "process start -> ready (init done)", ready)
	report(stdout, "process start -> first response", first)
	return nil
}

// coldStart starts the bootstrap with an invocation already waiting and
// answers the times from the start to its first request for an invocation
// and to its response.
func coldStart(ctx context.Context, bootstrap string, env []string, ev []byte) (ready, first time.Duration, err error) {
	rt, err := lambdart.Start()
	if err != nil {
		return 0, 0, err
	}
	defer rt.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	type result struct {
		r   lambdart.Response
		at  time.Time
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := rt.Invoke(ctx, ev)
		done <- result{r, time.Now(), err}
	}()
	var out syncbuf.Buffer
	start := time.Now()
	p, err := rt.Boot(bootstrap, env, &out)
	if err != nil {
		return 0, 0, err
	}
	defer p.Stop()
	var readyAt time.Time
	select {
	case <-rt.Polled():
		readyAt = time.Now()
	case e := <-rt.InitErrors():
		return 0, 0, fmt.Errorf("init error: %v", &e)
	case <-ctx.Done():
		return 0, 0, fmt.Errorf("bootstrap not ready: %w\n%s", ctx.Err(), out.String())
	}
	res := <-done
	if res.err != nil {
		return 0, 0, fmt.Errorf("%w\n%s", res.err, out.String())
	}
	if res.r.Err != nil {
		return 0, 0, fmt.Errorf("function error: %v", res.r.Err)
	}
	var resp struct {
		StatusCode int `json:"statusCode"`
	}
	if err := json.Unmarshal(res.r.Payload, &resp); err != nil || resp.StatusCode != 200 {
		return 0, 0, fmt.Errorf("unexpected answer %s", res.r.Payload)
	}
	return readyAt.Sub(start), res.at.Sub(start), nil
}

// report prints the minimum, median and 90th percentile of ds.
func report(w io.Writer, name string, ds []time.Duration) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	fmt.Fprintf(w, "%-34s %8.1f %8.1f %8.1f\n", name, ms(ds[0]), ms(pct(0.5)), ms(pct(0.9)))
}
