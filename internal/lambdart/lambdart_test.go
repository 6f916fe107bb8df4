package lambdart

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestProtocol plays the bootstrap's side by hand: fetch, answer, fail,
// report an init error.
func TestProtocol(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base := "http://" + s.Addr() + "/2018-06-01/runtime"

	type result struct {
		r   Response
		err error
	}
	invoke := func(payload string) chan result {
		c := make(chan result, 1)
		go func() {
			r, err := s.Invoke(ctx, []byte(payload))
			c <- result{r, err}
		}()
		return c
	}
	next := func() (id string, payload string) {
		t.Helper()
		resp, err := http.Get(base + "/invocation/next")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("next: %d %s", resp.StatusCode, b)
		}
		dl, err := strconv.ParseInt(resp.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64)
		if err != nil || time.UnixMilli(dl).Before(time.Now()) {
			t.Errorf("deadline %q is not a future epoch in ms", resp.Header.Get("Lambda-Runtime-Deadline-Ms"))
		}
		for _, h := range []string{"Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("next sent no %s", h)
			}
		}
		return resp.Header.Get("Lambda-Runtime-Aws-Request-Id"), string(b)
	}
	post := func(path, body string, want int) {
		t.Helper()
		resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("POST %s: %d, want %d", path, resp.StatusCode, want)
		}
	}

	c := invoke(`{"n":1}`)
	select {
	case <-s.Polled():
		t.Fatal("polled before any /next")
	default:
	}
	id, payload := next()
	<-s.Polled()
	if payload != `{"n":1}` {
		t.Fatalf("payload %q", payload)
	}
	post("/invocation/"+id+"/response", `{"ok":true}`, http.StatusAccepted)
	res := <-c
	if res.err != nil || string(res.r.Payload) != `{"ok":true}` || res.r.Err != nil || res.r.RequestID != id {
		t.Fatalf("invoke = %+v, %v", res.r, res.err)
	}
	post("/invocation/"+id+"/response", `{}`, http.StatusBadRequest) // answered already

	c = invoke(`{"n":2}`)
	id, _ = next()
	post("/invocation/"+id+"/error", `{"errorMessage":"boom","errorType":"errorString"}`, http.StatusAccepted)
	res = <-c
	if res.err != nil || res.r.Err == nil || res.r.Err.Message != "boom" || res.r.Err.Type != "errorString" {
		t.Fatalf("invoke = %+v, %v", res.r, res.err)
	}

	post("/init/error", `{"errorMessage":"bad config","errorType":"Runtime.InitError"}`, http.StatusAccepted)
	select {
	case e := <-s.InitErrors():
		if e.Message != "bad config" {
			t.Fatalf("init error %+v", e)
		}
	case <-ctx.Done():
		t.Fatal("no init error delivered")
	}
	post("/init/error", `not json`, http.StatusBadRequest)
}
