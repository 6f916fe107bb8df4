package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/lambdart"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// The bootstrap under test, built once for the host by the first test
// that needs it, as `make lambda` builds it for Lambda.
var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func bootstrapBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "lambda-bootstrap-"); buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", filepath.Join(buildDir, "bootstrap"), ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "bootstrap")
}

// function is the bootstrap running against a local Runtime API.
type function struct {
	rt   *lambdart.Server
	proc *lambdart.Process
	logs *syncbuf.Buffer
}

// startFunction runs the bootstrap with the environment env.
func startFunction(t *testing.T, env map[string]string) *function {
	t.Helper()
	rt, err := lambdart.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close() })
	var vars []string
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	f := &function{rt: rt, logs: &syncbuf.Buffer{}}
	if f.proc, err = rt.Boot(bootstrapBinary(t), vars, f.logs); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.proc.Stop)
	return f
}

// invoke sends ev and waits for the function's answer.
func (f *function) invoke(t *testing.T, ev []byte) lambdart.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	resp, err := f.rt.Invoke(ctx, ev)
	if err != nil {
		t.Fatalf("%v\nfunction output:\n%s", err, f.logs)
	}
	return resp
}

func TestBootstrapHTTP(t *testing.T) {
	env := deployment(t)
	f := startFunction(t, env)

	post := event(t, "http-post-visits.json")
	var ids []string
	for i, ev := range [][]byte{post, post, withSourceIP(t, post, "2001:db8::42")} {
		resp := f.invoke(t, ev)
		if resp.Err != nil {
			t.Fatalf("POST %d: function error %v\n%s", i, resp.Err, f.logs)
		}
		var r struct {
			StatusCode int               `json:"statusCode"`
			Headers    map[string]string `json:"headers"`
			Body       string            `json:"body"`
		}
		if err := json.Unmarshal(resp.Payload, &r); err != nil {
			t.Fatalf("answer %s: %v", resp.Payload, err)
		}
		if r.StatusCode != 200 || r.Headers["Content-Type"] != "application/json" {
			t.Fatalf("POST %d: %d %v %s", i, r.StatusCode, r.Headers, r.Body)
		}
		ids = append(ids, resp.RequestID)
	}

	c, err := stores(env).Visits.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Visitors != 2 || c.Views != 3 {
		t.Errorf("stored counts %+v, want 2 visitors and 3 views", c)
	}

	var r struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	resp := f.invoke(t, event(t, "http-not-found.json"))
	if json.Unmarshal(resp.Payload, &r); r.StatusCode != 404 || !strings.Contains(r.Body, `"error"`) {
		t.Errorf("missing route: %s", resp.Payload)
	}

	// An event of no known kind fails that invocation only.
	if resp := f.invoke(t, []byte(`{"Records":[{"eventSource":"aws:sqs"}]}`)); resp.Err == nil ||
		!strings.Contains(resp.Err.Message, "unsupported event") {
		t.Errorf("unknown event: %+v, want a function error", resp)
	}
	if resp := f.invoke(t, event(t, "http-get-visits.json")); resp.Err != nil || !strings.Contains(string(resp.Payload), `\"views\":3`) {
		t.Errorf("after a failed invocation: %s %v", resp.Payload, resp.Err)
	}

	// JSON logs, each request line with the request ID Lambda gave.
	logged := map[string]bool{}
	for _, l := range logLines(t, f.logs.String()) {
		if id, ok := l["request_id"].(string); ok && l["msg"] == "request" {
			logged[id] = true
		}
	}
	for _, id := range ids {
		if !logged[id] {
			t.Errorf("no request line logged with request_id %s:\n%s", id, f.logs)
		}
	}
}

func TestBootstrapInitError(t *testing.T) {
	env := deployment(t)
	env["CLOUDRESUME_STORE"] = "nosuch"
	f := startFunction(t, env)
	select {
	case e := <-f.rt.InitErrors():
		if e.Type != "Runtime.ConfigError" || e.HeaderType != "Runtime.ConfigError" || !strings.Contains(e.Message, `CLOUDRESUME_STORE): "nosuch"`) {
			t.Errorf("init error %+v", e)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no init error reported\n%s", f.logs)
	}
	select {
	case <-f.proc.Exited():
		if f.proc.Err() == nil {
			t.Error("the bootstrap exited with status 0 after failing to start")
		}
	case <-time.After(10 * time.Second):
		t.Error("the bootstrap did not exit after failing to start")
	}
	select {
	case <-f.rt.Polled():
		t.Error("a bootstrap that failed to start asked for an invocation")
	default:
	}
}

func TestBootstrapS3Ingest(t *testing.T) {
	env := deployment(t)
	f := startFunction(t, env)
	bucket := newBucket(t)
	putObject(t, bucket, uploadKey, moviesCSV)

	if resp := f.invoke(t, s3Event(t, "s3-put-movies.json", bucket)); resp.Err != nil {
		t.Fatalf("function error %v\n%s", resp.Err, f.logs)
	}
	checkImported(t, env, bucket)

	// An object that cannot be read fails the invocation, so that the
	// on-failure destination receives the event.
	other := newBucket(t)
	resp := f.invoke(t, s3Event(t, "s3-put-movies.json", other))
	if resp.Err == nil || !strings.Contains(resp.Err.Message, uploadKey) {
		t.Errorf("missing object: %+v, want a function error naming the key", resp)
	}
}

func TestBootstrapScheduledDrain(t *testing.T) {
	ses := startSES(t)
	env := contactDeployment(t, ses)
	now := time.Now().UTC().Truncate(time.Millisecond)
	err := stores(env).Messages.Save(context.Background(), contact.Message{
		ID: "01JDF4A0B1C2D3E4F5G6H7J8K9", Name: "Ada Lovelace", Email: "ada@example.org",
		Body: "Hello! I read your resume.", CreatedAt: now,
		Delivery: contact.Delivery{State: contact.Pending, NextAttempt: now},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := startFunction(t, env)
	resp := f.invoke(t, event(t, "scheduled-event.json"))
	if resp.Err != nil || scheduledSent(t, resp.Payload) != 1 {
		t.Fatalf("scheduled event: %s %+v\n%s", resp.Payload, resp.Err, f.logs)
	}
	if sent := ses.requests(); len(sent) != 1 {
		t.Fatalf("%d SendEmail requests, want 1", len(sent))
	}
}
