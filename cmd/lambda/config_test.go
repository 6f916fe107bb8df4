package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

func TestRunBadResume(t *testing.T) {
	env := deployment(t)
	env["CLOUDRESUME_RESUME"] = "testdata/no-such-resume.yaml"
	logs := &syncbuf.Buffer{}
	started := false
	err := run(context.Background(), func(k string) string { return env[k] }, logs, func(lambda.Handler, *slog.Logger) { started = true })
	if !app.IsConfigError(err) || !strings.Contains(err.Error(), "CLOUDRESUME_RESUME") || started {
		t.Fatalf("err %v, started %v: want a configuration error naming CLOUDRESUME_RESUME and no start", err, started)
	}
	lines := logLines(t, logs.String())
	if len(lines) == 0 || lines[0]["level"] != "ERROR" || !strings.Contains(lines[0]["err"].(string), "no-such-resume") {
		t.Errorf("log %q, want the error as JSON", logs.String())
	}
}

func TestRunBadIssuer(t *testing.T) {
	env := deployment(t)
	delete(env, "CLOUDRESUME_ADMIN_TOKEN")
	env["CLOUDRESUME_ADMIN_ISSUER"] = "http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
	env["CLOUDRESUME_ADMIN_AUDIENCE"] = "client"
	err := run(context.Background(), func(k string) string { return env[k] }, &syncbuf.Buffer{}, func(lambda.Handler, *slog.Logger) {
		t.Error("started with an issuer that is not https")
	})
	if !app.IsConfigError(err) || !strings.Contains(err.Error(), "CLOUDRESUME_ADMIN_ISSUER") {
		t.Errorf("err %v, want a configuration error naming CLOUDRESUME_ADMIN_ISSUER", err)
	}
}
