package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/stacktest"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// The local servers every test of the package shares; each test works in
// tables of its own prefix and buckets of its own.
var dynaliteURL, s3rverURL string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dyn, err := awstest.StartDynalite()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer dyn.Stop()
	dir, err := os.MkdirTemp("", "s3rver-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	s3s, err := awstest.StartS3rver(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s3s.Stop()
	dynaliteURL, s3rverURL = dyn.Endpoint, s3s.Endpoint
	return m.Run()
}

// devStack is the dev stage's template, synthesized when a test first
// needs it: the functions run on the tables it declares.
var devStack = &stacktest.Stage{Name: "dev"}

// deployment is the environment of a function backed by the local
// servers, in tables of a prefix unique to t made as the dev stage's
// template declares them.
func deployment(t *testing.T) map[string]string {
	t.Helper()
	prefix := stacktest.Tables(t, dynamo.NewClient(awstest.Config(dynaliteURL)), devStack.Template(t))
	return map[string]string{
		"CLOUDRESUME_STORE":             "dynamodb",
		"CLOUDRESUME_TABLE_PREFIX":      prefix,
		"CLOUDRESUME_DYNAMODB_ENDPOINT": dynaliteURL,
		"CLOUDRESUME_S3_ENDPOINT":       s3rverURL,
		"CLOUDRESUME_ADMIN_TOKEN":       "s3cret-admin-token",
		"CLOUDRESUME_SITE_URL":          "https://www.example.com",
		"AWS_REGION":                    awstest.Region,
		"AWS_ACCESS_KEY_ID":             "S3RVER",
		"AWS_SECRET_ACCESS_KEY":         "S3RVER",
		"CLOUDRESUME_LOG_FORMAT":        "json",
		"CLOUDRESUME_CONTACT_SECRET":    contactSecret,
	}
}

// stores answers the stores of env's tables, to read what the function
// wrote.
func stores(env map[string]string) dynamo.Stores {
	return dynamo.Open(awstest.Config(dynaliteURL), env["CLOUDRESUME_TABLE_PREFIX"])
}

// s3Client answers a client of the shared s3rver.
func s3Client() *s3.Client {
	return s3.NewFromConfig(awstest.Config(s3rverURL), func(o *s3.Options) { o.UsePathStyle = true })
}

// newTestHandler answers the function as run configures it from env, and
// its log.
func newTestHandler(t *testing.T, env map[string]string) (*handler, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	var got *handler
	err := run(context.Background(), func(k string) string { return env[k] }, logs, func(h lambda.Handler, _ *slog.Logger) {
		got = h.(*handler)
	})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, logs)
	}
	return got, logs
}

// event reads testdata/name.
func event(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withSourceIP answers the HTTP API event ev with another sourceIp and
// nothing else changed (X-Forwarded-For included).
func withSourceIP(t *testing.T, ev []byte, ip string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(ev, &m); err != nil {
		t.Fatal(err)
	}
	m["requestContext"].(map[string]any)["http"].(map[string]any)["sourceIp"] = ip
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// invokeHTTP runs an HTTP API event through h as invocation requestID and
// decodes the response.
func invokeHTTP(t *testing.T, h lambda.Handler, requestID string, ev []byte) events.APIGatewayV2HTTPResponse {
	t.Helper()
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: requestID})
	out, err := h.Invoke(ctx, ev)
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("response %s: %v", out, err)
	}
	return resp
}

// logLines decodes JSON log output, failing on a line that is not JSON.
func logLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}
