// Command coldstart measures the cold start of the Lambda bootstrap, from
// exec to its first response through a Runtime API of its own, beside a
// trivial aws-lambda-go bootstrap measured in the same run. Each run is a
// new process, as each cold start is a new execution environment; the
// runs of the bootstraps are interleaved, so that a busy machine slows
// them alike. The function gets the environment of the deployed API
// function, with DynamoDB served by dynalite.
//
//	go run ./bench/coldstart -real dist/host/bootstrap -trivial dist/host/trivial -n 30
package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
)

//go:embed testdata/*.json
var testdata embed.FS

func main() {
	// Stopped by a signal, it still stops dynalite and the function.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
}

// Secrets of the benchmark's function; the events carry the origin
// secret as CloudFront adds it.
const (
	originSecret  = "coldstart-origin-secret-0123456789abcdef"
	contactSecret = "coldstart-contact-secret-0123456789abcdef"
)

// scenario is what one row of the report measures.
type scenario struct {
	name   string
	fn     function
	events [][]byte
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("coldstart", flag.ContinueOnError)
	realPath := fs.String("real", "", "the cloudresume bootstrap, built for this machine")
	trivial := fs.String("trivial", "", "the trivial bootstrap (bench/coldstart/trivial), built alike")
	resumePath := fs.String("resume", "internal/resume/example.yaml", "resume packed with the function (CLOUDRESUME_RESUME)")
	n := fs.Int("n", 30, "cold starts of each kind")
	traces := fs.Int("traces", 10, "starts of each bootstrap traced with GODEBUG=inittrace=1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *realPath == "" || *trivial == "" {
		return errors.New("-real and -trivial are required")
	}
	if *n < 1 || *traces < 1 {
		return errors.New("-n and -traces must be at least 1")
	}
	resume, err := filepath.Abs(*resumePath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(resume); err != nil {
		return fmt.Errorf("-resume: %w", err)
	}
	healthz, err := event("healthz.json")
	if err != nil {
		return err
	}
	visit, err := event("visit.json")
	if err != nil {
		return err
	}

	dyn, err := awstest.StartDynalite()
	if err != nil {
		return err
	}
	defer dyn.Stop()
	const prefix = "coldstart-"
	if _, err := dynamo.CreateTables(ctx, dynamo.NewClient(awstest.Config(dyn.Endpoint)), prefix); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	env := deployment(dyn.Endpoint, prefix, resume)
	scenarios := []scenario{
		{"trivial aws-lambda-go bootstrap", function{*trivial, env}, [][]byte{healthz, healthz}},
		{"GET /healthz", function{*realPath, env}, [][]byte{healthz, healthz}},
		{"first POST /api/visits", function{*realPath, env}, [][]byte{visit, visit}},
	}

	// One start of each, not counted, so that every binary is in the page
	// cache and the tables have their first items.
	for _, sc := range scenarios {
		if _, err := coldStart(ctx, sc.fn, sc.events); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
	}
	samples := make([][]sample, len(scenarios))
	began := time.Now()
	for round := range *n {
		for k := range scenarios {
			i := (k + round) % len(scenarios) // each kind runs first in turn
			s, err := coldStart(ctx, scenarios[i].fn, scenarios[i].events)
			if err != nil {
				return fmt.Errorf("%s: %w", scenarios[i].name, err)
			}
			samples[i] = append(samples[i], s)
		}
	}
	names := make([]string, len(scenarios))
	for i, sc := range scenarios {
		names[i] = sc.name
	}
	fmt.Fprintf(stdout, "cold start through a local Runtime API, %d runs of each, interleaved, in %.1f s\n", *n, time.Since(began).Seconds())
	report(stdout, names, samples)

	// Where the time goes before the first /next: the same GET /healthz
	// starts with the runtime tracing every package's init.
	traced := []scenario{scenarios[0], scenarios[1]}
	runs := make([][]initCosts, len(traced))
	for range *traces {
		for i, sc := range traced {
			sc.fn.env = append(slices.Clip(sc.fn.env), "GODEBUG=inittrace=1")
			s, err := coldStart(ctx, sc.fn, sc.events[:1])
			if err != nil {
				return fmt.Errorf("%s, traced: %w", sc.name, err)
			}
			c := parseInitTrace(s.out)
			c.ready = s.ready
			runs[i] = append(runs[i], c)
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "where init goes, GET /healthz")
	initReport(stdout, []string{"trivial", "cloudresume"}, samples[:2], runs, 12)
	return nil
}

// event returns the HTTP API event in testdata/name with the origin
// secret added, as CloudFront adds it.
func event(name string) ([]byte, error) {
	b, err := testdata.ReadFile("testdata/" + name)
	if err != nil {
		return nil, err
	}
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	h, ok := ev["headers"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: no headers", name)
	}
	h["x-origin-verify"] = originSecret
	return json.Marshal(ev)
}

// deployment returns the environment of the API function as the CDK app
// sets it (deploy/lib/api.ts), pointed at local servers: DynamoDB at
// dynamoURL, and S3 and SES at a closed port, since no event here uses
// them. The JWT issuer's keys are fetched on the first admin request,
// which never comes.
func deployment(dynamoURL, prefix, resume string) []string {
	const closed = "http://127.0.0.1:9"
	return []string{
		"CLOUDRESUME_STAGE=bench",
		"CLOUDRESUME_STORE=dynamodb",
		"CLOUDRESUME_TABLE_PREFIX=" + prefix,
		"CLOUDRESUME_DYNAMODB_ENDPOINT=" + dynamoURL,
		"CLOUDRESUME_S3_ENDPOINT=" + closed,
		"CLOUDRESUME_SES_ENDPOINT=" + closed,
		"CLOUDRESUME_ADMIN_ISSUER=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_coldstart",
		"CLOUDRESUME_ADMIN_AUDIENCE=coldstart0app0client0id",
		"CLOUDRESUME_CONTACT_SECRET=" + contactSecret,
		"CLOUDRESUME_ORIGIN_SECRET=" + originSecret,
		"CLOUDRESUME_NOTIFY=ses",
		"CLOUDRESUME_MAIL_FROM=site@example.com",
		"CLOUDRESUME_MAIL_TO=owner@example.com",
		"CLOUDRESUME_CLIENT_IP_HEADER=cloudfront-viewer-address",
		"CLOUDRESUME_RESUME=" + resume,
		"CLOUDRESUME_SITE_URL=https://www.example.com",
		"CLOUDRESUME_LOG_FORMAT=json",
		"AWS_REGION=" + awstest.Region,
		"AWS_DEFAULT_REGION=" + awstest.Region,
		// The execution role's credentials, as Lambda sets them.
		"AWS_ACCESS_KEY_ID=ASIACOLDSTARTEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=coldstart/secret/access/key/example0000",
		"AWS_SESSION_TOKEN=coldstart-session-token",
	}
}
