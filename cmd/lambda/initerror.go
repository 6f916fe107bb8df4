package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
)

// reportInitError tells the Runtime API at api (host:port) that the
// function could not start, so that Lambda fails the invocation with err's
// message instead of a bare "exited" error.
func reportInitError(ctx context.Context, api string, err error) error {
	kind := "Runtime.InitError"
	if app.IsConfigError(err) {
		kind = "Runtime.ConfigError"
	}
	body, _ := json.Marshal(map[string]any{
		"errorMessage": err.Error(),
		"errorType":    kind,
		"stackTrace":   []string{},
	})
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+api+"/2018-06-01/runtime/init/error", bytes.NewReader(body))
	if rerr != nil {
		return fmt.Errorf("report init error: %w", rerr)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Lambda-Runtime-Function-Error-Type", kind)
	// No proxy: the Runtime API is local to the execution environment.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, rerr := client.Do(req)
	if rerr != nil {
		return fmt.Errorf("report init error: %w", rerr)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("report init error: runtime API answered %s", resp.Status)
	}
	return nil
}
