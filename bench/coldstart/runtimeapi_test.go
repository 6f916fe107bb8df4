package main

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// next fetches the next invocation from api, as a bootstrap does, and
// returns its request ID and event.
func next(t *testing.T, api *runtimeAPI) (string, string) {
	t.Helper()
	resp, err := http.Get("http://" + api.addr() + apiBase + "/invocation/next")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
	if resp.StatusCode != http.StatusOK || id == "" || resp.Header.Get("Lambda-Runtime-Deadline-Ms") == "" {
		t.Fatalf("next: %s, headers %v", resp.Status, resp.Header)
	}
	return id, string(body)
}

// postChunked posts body to path as aws-lambda-go does: of unknown
// length, so chunked, with the error type as a trailer set once the body
// is read (empty: no error).
func postChunked(t *testing.T, api *runtimeAPI, path, body, errType string) {
	t.Helper()
	r := &trailingReader{r: strings.NewReader(body), trailer: http.Header{errorTypeField: nil}, errType: errType}
	req, err := http.NewRequest(http.MethodPost, "http://"+api.addr()+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Trailer = r.trailer
	if req.ContentLength != 0 {
		t.Fatalf("content length %d: the body would not be chunked", req.ContentLength)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("post %s: %s", path, resp.Status)
	}
}

// trailingReader sets its trailer once its body is read, as
// aws-lambda-go's does when the handler's answer fails to encode.
type trailingReader struct {
	r       io.Reader
	trailer http.Header
	errType string
}

func (r *trailingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err == io.EOF && r.errType != "" {
		r.trailer.Set(errorTypeField, r.errType)
	}
	return n, err
}

func answerOf(t *testing.T, api *runtimeAPI) answer {
	t.Helper()
	select {
	case a := <-api.answers:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer delivered")
	}
	return answer{}
}

func TestRuntimeAPIChunkedAnswers(t *testing.T) {
	events := [][]byte{[]byte(`{"n":1}`), []byte(`{"n":2}`), []byte(`{"n":3}`)}
	api, err := startRuntimeAPI(events)
	if err != nil {
		t.Fatal(err)
	}
	defer api.close()

	id, ev := next(t, api)
	if ev != `{"n":1}` {
		t.Errorf("first event %s", ev)
	}
	select {
	case <-api.polled:
	default:
		t.Error("the first /next is not reported as the end of init")
	}
	long := `{"statusCode":200,"body":"` + strings.Repeat("x", 100_000) + `"}`
	postChunked(t, api, apiBase+"/invocation/"+id+"/response", long, "")
	if a := answerOf(t, api); string(a.payload) != long || a.errType != "" || a.at.Before(a.sent) {
		t.Errorf("answer of %d bytes, error %q; want the %d bytes posted and no error", len(a.payload), a.errType, len(long))
	}

	// A response whose trailer names an error is a function error.
	id, _ = next(t, api)
	postChunked(t, api, apiBase+"/invocation/"+id+"/response", `{"partial":`, "Runtime.MarshalError")
	if a := answerOf(t, api); a.errType != "Runtime.MarshalError" {
		t.Errorf("error type %q, want the trailer's Runtime.MarshalError", a.errType)
	}

	// So is a post to /error, typed by its body.
	id, _ = next(t, api)
	postChunked(t, api, apiBase+"/invocation/"+id+"/error", `{"errorType":"errorString","errorMessage":"boom"}`, "")
	if a := answerOf(t, api); a.errType != "errorString" {
		t.Errorf("error type %q, want errorString", a.errType)
	}

	// An answer for no invocation in progress is refused.
	resp, err := http.Post("http://"+api.addr()+apiBase+"/invocation/"+id+"/response", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("second answer to %s: %s, want 400", id, resp.Status)
	}
}

func TestRuntimeAPIInitError(t *testing.T) {
	api, err := startRuntimeAPI([][]byte{[]byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	defer api.close()
	postChunked(t, api, apiBase+"/init/error", `{"errorType":"Runtime.ConfigError","errorMessage":"AWS_REGION is not set"}`, "")
	select {
	case msg := <-api.initErr:
		if !strings.Contains(msg, "Runtime.ConfigError") || !strings.Contains(msg, "AWS_REGION") {
			t.Errorf("init error %q", msg)
		}
	default:
		t.Error("init error not delivered")
	}
}

// TestTrivialBootstrap builds the trivial bootstrap as run.sh does and
// measures its cold start: aws-lambda-go itself must get through the
// emulator, chunked answers and all.
func TestTrivialBootstrap(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "trivial")
	build := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", bin, "./trivial")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ev, err := event("healthz.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := coldStart(context.Background(), function{path: bin}, [][]byte{ev, ev})
	if err != nil {
		t.Fatal(err)
	}
	if s.ready <= 0 || s.first < s.ready || s.warm <= 0 {
		t.Errorf("times %+v: want init done, then the first answer, then a warm one", s)
	}
}
