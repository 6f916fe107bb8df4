package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
)

func TestConfig(t *testing.T) {
	base := map[string]string{"AWS_REGION": "eu-west-1"}
	c, err := loadConfig(func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.store != "dynamodb" || c.tablePrefix != "cloudresume-" || c.logFormat != "json" || c.region != "eu-west-1" {
		t.Errorf("defaults %+v", c)
	}

	bad := map[string]string{
		"CLOUDRESUME_STORE": "sqlite",
		"LOG_FORMAT":        "xml",
		"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
	}
	_, err = loadConfig(func(k string) string { return bad[k] })
	if !isConfigError(err) {
		t.Fatalf("err %v, want a configuration error", err)
	}
	for _, want := range []string{"CLOUDRESUME_STORE", "AWS_REGION", "LOG_FORMAT", "AWS_SECRET_ACCESS_KEY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestRunBadResume(t *testing.T) {
	env := deployment(t)
	env["CLOUDRESUME_RESUME"] = "testdata/no-such-resume.yaml"
	logs := &syncBuffer{}
	started := false
	err := run(context.Background(), func(k string) string { return env[k] }, logs, func(lambda.Handler, *slog.Logger) { started = true })
	if !isConfigError(err) || !strings.Contains(err.Error(), "CLOUDRESUME_RESUME") || started {
		t.Fatalf("err %v, started %v: want a configuration error naming CLOUDRESUME_RESUME and no start", err, started)
	}
	lines := logLines(t, logs.String())
	if len(lines) == 0 || lines[0]["level"] != "ERROR" || !strings.Contains(lines[0]["err"].(string), "no-such-resume") {
		t.Errorf("log %q, want the error as JSON", logs.String())
	}
}
