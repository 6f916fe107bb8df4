package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"time"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// runTimeout bounds one cold start, from exec to the last answer.
const runTimeout = 30 * time.Second

// function is a bootstrap and the environment the deployment gives it.
type function struct {
	path string
	env  []string
}

// sample is one cold start.
type sample struct {
	ready time.Duration // exec -> the first /invocation/next: init is done
	first time.Duration // exec -> the first answer, read in full
	// warm is how long the second event took, from being handed out to
	// its answer: the same request on a warm function. 0 with one event.
	warm time.Duration
	// start is the time of the exec, and out what the process printed.
	start time.Time
	out   string
}

// lambdaEnv returns the variables Lambda sets in every execution
// environment of a provided.al2023 function, pointed at the Runtime API
// at addr. HOME is not among them: the SDK finds no shared config files.
func lambdaEnv(addr string) []string {
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + addr,
		"AWS_LAMBDA_FUNCTION_NAME=coldstart",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/coldstart",
		"AWS_LAMBDA_LOG_STREAM_NAME=2024/11/22/[$LATEST]0123456789abcdef",
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"_HANDLER=bootstrap",
		"LANG=en_US.UTF-8",
		"TZ=:UTC",
		"PATH=/usr/local/bin:/usr/bin:/bin",
	}
}

// coldStart starts fn in a new process, as Lambda starts a new execution
// environment, with events waiting for it, and returns the times of its
// first answers. Every answer must be an HTTP API response with status
// 200.
func coldStart(ctx context.Context, fn function, events [][]byte) (sample, error) {
	api, err := startRuntimeAPI(events)
	if err != nil {
		return sample{}, err
	}
	defer api.close()
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()

	var out syncbuf.Buffer
	cmd := exec.Command(fn.path)
	cmd.Env = append(lambdaEnv(api.addr()), fn.env...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, fmt.Errorf("start %s: %w", fn.path, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	fail := func(what string, err error) (sample, error) {
		return sample{}, fmt.Errorf("%s: %s: %v\n%s", fn.path, what, err, out.String())
	}

	var s sample
	select {
	case at := <-api.polled:
		s.ready = at.Sub(start)
	case msg := <-api.initErr:
		return fail("init error", fmt.Errorf("%s", msg))
	case err := <-exited:
		exited <- err
		return fail("exited during init", err)
	case <-ctx.Done():
		return fail("init", ctx.Err())
	}
	for i := range events {
		var a answer
		select {
		case a = <-api.answers:
		case err := <-exited:
			exited <- err
			return fail("exited before answering event "+strconv.Itoa(i+1), err)
		case <-ctx.Done():
			return fail("event "+strconv.Itoa(i+1), ctx.Err())
		}
		if err := checkAnswer(a); err != nil {
			return fail("event "+strconv.Itoa(i+1), err)
		}
		switch i {
		case 0:
			s.first = a.at.Sub(start)
		case 1:
			s.warm = a.at.Sub(a.sent)
		}
	}
	s.start, s.out = start, out.String()
	return s, nil
}

// checkAnswer returns an error unless a is an HTTP API response with
// status 200.
func checkAnswer(a answer) error {
	if a.errType != "" {
		return fmt.Errorf("function error %s: %s", a.errType, a.payload)
	}
	var resp struct {
		StatusCode int `json:"statusCode"`
	}
	if err := json.Unmarshal(a.payload, &resp); err != nil {
		return fmt.Errorf("answer is not an HTTP API response: %w: %s", err, a.payload)
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d: %s", resp.StatusCode, a.payload)
	}
	return nil
}
