package app

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

const secret32 = "0123456789abcdef0123456789abcdef"

// compatible is an environment both runtimes accept.
func compatible() map[string]string {
	return map[string]string{
		"CLOUDRESUME_STORE":          "dynamodb",
		"CLOUDRESUME_CONTACT_SECRET": secret32,
	}
}

func load(t *testing.T, rt Runtime, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	return NewFlags(rt, "test", "", "", io.Discard).Parse(args, func(k string) string { return env[k] })
}

// samples holds a value for every setting that both runtimes read, and
// what it reads as.
var samples = map[string][2]string{
	"resume":            {"me.yaml", "me.yaml"},
	"site-url":          {"https://cv.example.org/", "https://cv.example.org"},
	"admin-token":       {"t0ken", "t0ken"},
	"admin-issuer":      {"", ""}, // needs its audience: checked in TestValidation
	"admin-audience":    {"", ""},
	"cors-origin":       {"https://a.example, HTTPS://B.example:443", "https://a.example,https://b.example"},
	"log-format":        {"JSON", "json"},
	"store":             {"DynamoDB", "dynamodb"},
	"dynamodb-endpoint": {"http://127.0.0.1:8000", "http://127.0.0.1:8000"},
	"region":            {"eu-west-1", "eu-west-1"},
	"table-prefix":      {"cv-", "cv-"},
	"badge":             {"true", "true"},
	"contact":           {"false", "false"},
	"contact-secret":    {secret32 + "x", secret32 + "x"},
	"contact-min-age":   {"5s", "5s"},
	"contact-rate":      {"7", "7"},
	"notify":            {"SES", "ses"},
	"smtp-host":         {"smtp.example.org", "smtp.example.org"},
	"smtp-port":         {"2525", "2525"},
	"smtp-username":     {"me", "me"},
	"smtp-password":     {"pw", "pw"},
	"smtp-starttls":     {"always", "always"},
	"mail-from":         {"Site <site@example.org>", "Site <site@example.org>"},
	"mail-to":           {"me@example.org", "me@example.org"},
	"ses-endpoint":      {"http://127.0.0.1:9001", "http://127.0.0.1:9001"},
}

// TestSettingsMeanTheSameOnBothRuntimes sets each setting that both
// runtimes read, by its variable, and checks both read the same value.
func TestSettingsMeanTheSameOnBothRuntimes(t *testing.T) {
	for _, s := range settings() {
		if s.where != onBoth {
			continue
		}
		sample, ok := samples[s.name]
		if !ok {
			t.Errorf("%s: no sample value; add one", s.name)
			continue
		}
		if sample[0] == "" {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			env := compatible()
			env["CLOUDRESUME_MAIL_FROM"], env["CLOUDRESUME_MAIL_TO"] = "a@example.org", "b@example.org"
			env[EnvName(s.name)] = sample[0]
			var got [2]string
			for i, rt := range []Runtime{Serve, Lambda} {
				cfg, err := load(t, rt, env)
				if err != nil {
					t.Fatalf("%s: %v", rt, err)
				}
				got[i] = s.value(cfg).String()
			}
			if got[0] != sample[1] || got[1] != sample[1] {
				t.Errorf("%s=%q reads as %q on serve and %q on Lambda, want %q", EnvName(s.name), sample[0], got[0], got[1], sample[1])
			}
		})
	}
}

// TestSettingsOfOneRuntimeAreRefusedOnTheOther: a variable the runtime has
// no use for is an error that names it, not silently ignored.
func TestSettingsOfOneRuntimeAreRefusedOnTheOther(t *testing.T) {
	n := 0
	for _, s := range settings() {
		for _, rt := range []Runtime{Serve, Lambda} {
			if s.where.has(rt) {
				continue
			}
			n++
			env := compatible()
			env[EnvName(s.name)] = "x"
			_, err := load(t, rt, env)
			if !IsConfigError(err) || !strings.Contains(err.Error(), EnvName(s.name)+" is set, but "+rt.String()+" has no use for it") {
				t.Errorf("%s on %s: err %v, want a refusal naming it", EnvName(s.name), rt, err)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d one-runtime settings checked", n)
	}
	// A command reads only its own settings and leaves the others alone.
	cfg, err := NewFlags(Command, "stats", "", "", io.Discard, "store", "db").Parse(nil,
		func(k string) string { return map[string]string{"CLOUDRESUME_ADDR": "x", "CLOUDRESUME_DB": "a.db"}[k] })
	if err != nil || cfg.DB != "a.db" {
		t.Fatalf("command: %+v, %v", cfg, err)
	}
}

func TestDefaults(t *testing.T) {
	serve, err := load(t, Serve, nil)
	if err != nil {
		t.Fatal(err)
	}
	if serve.Store != "sqlite" || serve.DB != "cloudresume.db" || serve.Addr != "127.0.0.1:8080" || serve.Notify != "none" ||
		!serve.Contact || serve.ContactSecret != "" || serve.LogFormat != "auto" || serve.RateLimit != 10 || serve.ResumePath != "" {
		t.Errorf("serve defaults: %+v", serve)
	}
	lambda, err := load(t, Lambda, compatible())
	if err != nil {
		t.Fatal(err)
	}
	if lambda.ReportsPrefix != "reports/" || lambda.TablePrefix != "cloudresume-" || lambda.Notify != "none" {
		t.Errorf("Lambda defaults: %+v", lambda)
	}
	// The default notifier follows the SMTP host, on both runtimes.
	for _, rt := range []Runtime{Serve, Lambda} {
		env := compatible()
		env["CLOUDRESUME_SMTP_HOST"] = "smtp.example.org"
		env["CLOUDRESUME_MAIL_FROM"], env["CLOUDRESUME_MAIL_TO"] = "a@example.org", "b@example.org"
		cfg, err := load(t, rt, env)
		if err != nil || cfg.Notify != "smtp" {
			t.Errorf("%s: notify %q, %v; want smtp", rt, cfg.Notify, err)
		}
	}
}

func TestFlagWinsOverVariable(t *testing.T) {
	env := map[string]string{"CLOUDRESUME_DB": "env.db", "CLOUDRESUME_CORS_ORIGIN": "https://env.example"}
	cfg, err := load(t, Serve, env, "--db", "flag.db", "--cors-origin", "https://a.example", "--cors-origin=https://b.example")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "flag.db" || strings.Join(cfg.CORSOrigins, " ") != "https://a.example https://b.example" {
		t.Errorf("db %q, cors %q", cfg.DB, cfg.CORSOrigins)
	}
	if _, err := load(t, Serve, nil, "--no-such-flag"); err == nil || IsConfigError(err) {
		t.Errorf("unknown flag: %v, want the flag package's error", err)
	}
	if _, err := load(t, Serve, nil, "--help"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help: %v", err)
	}
}

// TestValidation checks the rules, each once for both runtimes, and that
// every problem is reported at once, named as the user wrote it.
func TestValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		rt   Runtime
		env  map[string]string
		want []string // nil: valid
	}{
		{"jwt admin", Lambda, map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "CLOUDRESUME_ADMIN_AUDIENCE": "client"}, nil},
		{"issuer without audience", Serve, map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://issuer.example"}, []string{"--admin-audience go together"}},
		{"issuer and token", Lambda, map[string]string{"CLOUDRESUME_ADMIN_ISSUER": "https://i", "CLOUDRESUME_ADMIN_AUDIENCE": "c", "CLOUDRESUME_ADMIN_TOKEN": "t"}, []string{"not both"}},
		{"ses", Lambda, map[string]string{"CLOUDRESUME_NOTIFY": "ses", "CLOUDRESUME_MAIL_FROM": "a@example.com", "CLOUDRESUME_MAIL_TO": "b@example.com"}, nil},
		{"ses without addresses", Serve, map[string]string{"CLOUDRESUME_NOTIFY": "ses"}, []string{"--mail-from and --mail-to"}},
		{"smtp without host", Lambda, map[string]string{"CLOUDRESUME_NOTIFY": "smtp"}, []string{"--notify smtp: smtp host is not set"}},
		{"unknown notifier", Serve, map[string]string{"CLOUDRESUME_NOTIFY": "pigeon"}, []string{`"pigeon": want smtp, ses or none`}},
		{"short secrets", Lambda, map[string]string{"CLOUDRESUME_CONTACT_SECRET": "short", "CLOUDRESUME_ORIGIN_SECRET": "short"},
			[]string{"--contact-secret (CLOUDRESUME_CONTACT_SECRET): want at least 32", "--origin-secret (CLOUDRESUME_ORIGIN_SECRET): want at least 32"}},
		{"short secret on serve", Serve, map[string]string{"CLOUDRESUME_CONTACT_SECRET": "short"}, []string{"want at least 32"}},
		{"no contact secret on Lambda", Lambda, map[string]string{"CLOUDRESUME_CONTACT_SECRET": ""}, []string{"required on Lambda", "CLOUDRESUME_CONTACT=false"}},
		{"contact off on Lambda", Lambda, map[string]string{"CLOUDRESUME_CONTACT_SECRET": "", "CLOUDRESUME_CONTACT": "false"}, nil},
		{"sqlite on Lambda", Lambda, map[string]string{"CLOUDRESUME_STORE": "sqlite"}, []string{"keeps no disk"}},
		{"bad values", Serve, map[string]string{
			"CLOUDRESUME_STORE": "mongo", "CLOUDRESUME_LOG_FORMAT": "xml", "CLOUDRESUME_SITE_URL": "cv.example.org",
			"CLOUDRESUME_CORS_ORIGIN": "https://a.example/path", "CLOUDRESUME_RATE_LIMIT": "-1", "CLOUDRESUME_CONTACT_MIN_AGE": "0s",
			"CLOUDRESUME_TABLE_PREFIX": "no spaces", "CLOUDRESUME_DYNAMODB_ENDPOINT": "localhost:8000",
		}, []string{`"mongo"`, `"xml"`, "absolute http(s) URL", "want an origin", "--rate-limit", "--contact-min-age", "--table-prefix", "--dynamodb-endpoint"}},
		{"values that do not parse", Lambda, map[string]string{"CLOUDRESUME_CONTACT": "maybe", "CLOUDRESUME_CONTACT_RATE": "many", "CLOUDRESUME_CONTACT_MIN_AGE": "soon"},
			[]string{"CLOUDRESUME_CONTACT: \"maybe\" is not true or false", "CLOUDRESUME_CONTACT_RATE: \"many\" is not a whole number", "CLOUDRESUME_CONTACT_MIN_AGE: \"soon\" is not a duration"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := compatible()
			if tc.rt == Serve {
				delete(env, "CLOUDRESUME_STORE")
			}
			for k, v := range tc.env {
				env[k] = v
			}
			_, err := load(t, tc.rt, env)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !IsConfigError(err) {
				t.Fatalf("err %v, want a configuration error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestEnvNamesOfLambda(t *testing.T) {
	names := EnvNames(Lambda)
	joined := " " + strings.Join(names, " ") + " "
	for _, want := range []string{"CLOUDRESUME_ADMIN_ISSUER", "CLOUDRESUME_CONTACT_SECRET", "CLOUDRESUME_ORIGIN_SECRET", "CLOUDRESUME_LOG_FORMAT"} {
		if !strings.Contains(joined, " "+want+" ") {
			t.Errorf("%s is not read on Lambda", want)
		}
	}
	if strings.Contains(joined, " CLOUDRESUME_ADDR ") || strings.Contains(joined, " CLOUDRESUME_DB ") {
		t.Errorf("serve's settings read on Lambda: %v", names)
	}
}
