package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
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
	logs := &syncbuf.Buffer{}
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

func TestConfigAdminContactOrigin(t *testing.T) {
	secret := "0123456789abcdef0123456789abcdef"
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantErr []string // nil: valid
	}{
		{"jwt admin", map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "CLOUDRESUME_ADMIN_AUDIENCE": "client"}, nil},
		{"issuer without audience", map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"}, []string{"CLOUDRESUME_ADMIN_AUDIENCE"}},
		{"issuer and token", map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://i", "CLOUDRESUME_ADMIN_AUDIENCE": "c", "CLOUDRESUME_ADMIN_TOKEN": "t"}, []string{"not both"}},
		{"ses", map[string]string{"CLOUDRESUME_NOTIFY": "ses", "CLOUDRESUME_CONTACT_SECRET": secret, "CLOUDRESUME_MAIL_FROM": "a@example.com", "CLOUDRESUME_MAIL_TO": "b@example.com"}, nil},
		{"ses without addresses or secret", map[string]string{"CLOUDRESUME_NOTIFY": "SES"}, []string{"CLOUDRESUME_CONTACT_SECRET", "CLOUDRESUME_MAIL_FROM"}},
		{"smtp", map[string]string{"CLOUDRESUME_NOTIFY": "smtp"}, []string{`CLOUDRESUME_NOTIFY="smtp"`}},
		{"short secrets", map[string]string{"CLOUDRESUME_CONTACT_SECRET": "short", "CLOUDRESUME_ORIGIN_SECRET": "short"}, []string{"CLOUDRESUME_CONTACT_SECRET: want at least 32", "CLOUDRESUME_ORIGIN_SECRET: want at least 32"}},
	} {
		tc.env["AWS_REGION"] = "eu-west-1"
		_, err := loadConfig(func(k string) string { return tc.env[k] })
		if tc.wantErr == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !isConfigError(err) {
			t.Errorf("%s: err %v, want a configuration error", tc.name, err)
			continue
		}
		for _, want := range tc.wantErr {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not say %q", tc.name, err, want)
			}
		}
	}

	// Defaults: contact off, no mail, reports under reports/.
	c, err := loadConfig(func(k string) string { return map[string]string{"AWS_REGION": "eu-west-1"}[k] })
	if err != nil || c.notify != "none" || c.contactSecret != "" || c.reportsPrefix != "reports/" {
		t.Errorf("defaults %+v %v", c, err)
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
	if !isConfigError(err) || !strings.Contains(err.Error(), "CLOUDRESUME_ADMIN_ISSUER") {
		t.Errorf("err %v, want a configuration error naming CLOUDRESUME_ADMIN_ISSUER", err)
	}
}
