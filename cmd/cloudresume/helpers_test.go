package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// freeAddr answers a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// cli runs the program in-process with args and an environment map.
// stderr ends with what main prints of the error.
func cli(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb syncbuf.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	exitCode(&errb, err)
	return out.String(), errb.String(), err
}

// server is a `cloudresume serve` running in-process.
type server struct {
	url    string
	stop   context.CancelFunc
	done   chan error
	stderr *syncbuf.Buffer
}

// startServe runs serve with args on a free port until the test ends (or
// stop is called) and waits until it answers.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{url: "http://" + addr, stop: cancel, done: make(chan error, 1), stderr: &syncbuf.Buffer{}}
	args = append([]string{"serve", "--addr", addr}, args...)
	go func() {
		s.done <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), &syncbuf.Buffer{}, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	waitHealthy(t, s.url, s.done, s.stderr)
	return s
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(t *testing.T, url string, done <-chan error, log interface{ String() string }) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, log)
		default:
		}
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server at %s never became healthy\n%s", url, log)
}
