package main

import (
	"errors"
	"fmt"
	"strings"
)

// config is what the deployment tells the function through its
// environment. testdata/environment.json lists every variable read here;
// a test keeps that list equal to what loadConfig reads, and the
// deployment's tests (deploy/test) check that the CDK app sets no other.
type config struct {
	stage          string // CLOUDRESUME_STAGE: dev, staging or prod; for the log only
	store          string // CLOUDRESUME_STORE: only dynamodb
	tablePrefix    string // CLOUDRESUME_TABLE_PREFIX
	dynamoEndpoint string // CLOUDRESUME_DYNAMODB_ENDPOINT: a local server, for tests
	s3Endpoint     string // CLOUDRESUME_S3_ENDPOINT: a local server, for tests
	sesEndpoint    string // CLOUDRESUME_SES_ENDPOINT: a local server, for tests
	region         string // AWS_REGION, set by Lambda
	adminToken     string // CLOUDRESUME_ADMIN_TOKEN: a static bearer token
	adminIssuer    string // CLOUDRESUME_ADMIN_ISSUER: the Cognito user pool's token issuer
	adminAudience  string // CLOUDRESUME_ADMIN_AUDIENCE: the user pool's app client ID
	siteURL        string // CLOUDRESUME_SITE_URL
	resumePath     string // CLOUDRESUME_RESUME: a resume file in the package; empty: /api/resume off
	clientIPHeader string // CLOUDRESUME_CLIENT_IP_HEADER: a header from a trusted CDN naming the client
	originSecret   string // CLOUDRESUME_ORIGIN_SECRET: the X-Origin-Verify value the CDN adds
	contactSecret  string // CLOUDRESUME_CONTACT_SECRET: signs the contact form's tokens; empty: contact off
	notify         string // CLOUDRESUME_NOTIFY: none or ses
	mailFrom       string // CLOUDRESUME_MAIL_FROM
	mailTo         string // CLOUDRESUME_MAIL_TO
	reportsPrefix  string // CLOUDRESUME_REPORTS_PREFIX: where ingest reports go
	logFormat      string // LOG_FORMAT: json or text

	// Credentials of the execution role, set by Lambda.
	accessKeyID, secretAccessKey, sessionToken string
}

// minSecretLen is the least length of the secrets the deployment sets.
const minSecretLen = 32

// configError is a bad setting: the deployment's fault, not the code's.
type configError struct{ problems []string }

func (e *configError) Error() string { return "configuration: " + strings.Join(e.problems, "; ") }

// loadConfig reads the configuration; every bad setting is reported at
// once.
func loadConfig(getenv func(string) string) (config, error) {
	or := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := config{
		stage:           or("CLOUDRESUME_STAGE", ""),
		store:           or("CLOUDRESUME_STORE", "dynamodb"),
		tablePrefix:     or("CLOUDRESUME_TABLE_PREFIX", "cloudresume-"),
		dynamoEndpoint:  or("CLOUDRESUME_DYNAMODB_ENDPOINT", ""),
		s3Endpoint:      or("CLOUDRESUME_S3_ENDPOINT", ""),
		sesEndpoint:     or("CLOUDRESUME_SES_ENDPOINT", ""),
		region:          or("AWS_REGION", ""),
		adminToken:      getenv("CLOUDRESUME_ADMIN_TOKEN"),
		adminIssuer:     or("CLOUDRESUME_ADMIN_ISSUER", ""),
		adminAudience:   or("CLOUDRESUME_ADMIN_AUDIENCE", ""),
		siteURL:         or("CLOUDRESUME_SITE_URL", ""),
		resumePath:      or("CLOUDRESUME_RESUME", ""),
		clientIPHeader:  strings.ToLower(or("CLOUDRESUME_CLIENT_IP_HEADER", "")),
		originSecret:    getenv("CLOUDRESUME_ORIGIN_SECRET"),
		contactSecret:   getenv("CLOUDRESUME_CONTACT_SECRET"),
		notify:          strings.ToLower(or("CLOUDRESUME_NOTIFY", "none")),
		mailFrom:        or("CLOUDRESUME_MAIL_FROM", ""),
		mailTo:          or("CLOUDRESUME_MAIL_TO", ""),
		reportsPrefix:   or("CLOUDRESUME_REPORTS_PREFIX", "reports/"),
		logFormat:       strings.ToLower(or("LOG_FORMAT", "json")),
		accessKeyID:     getenv("AWS_ACCESS_KEY_ID"),
		secretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
		sessionToken:    getenv("AWS_SESSION_TOKEN"),
	}
	var bad []string
	if c.store != "dynamodb" {
		bad = append(bad, fmt.Sprintf("CLOUDRESUME_STORE=%q: the Lambda function supports only dynamodb", c.store))
	}
	if c.region == "" {
		bad = append(bad, "AWS_REGION is not set")
	}
	if c.logFormat != "json" && c.logFormat != "text" {
		bad = append(bad, fmt.Sprintf("LOG_FORMAT=%q: want json or text", c.logFormat))
	}
	if (c.accessKeyID == "") != (c.secretAccessKey == "") {
		bad = append(bad, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together")
	}
	if (c.adminIssuer == "") != (c.adminAudience == "") {
		bad = append(bad, "CLOUDRESUME_ADMIN_ISSUER and CLOUDRESUME_ADMIN_AUDIENCE must be set together")
	}
	if c.adminIssuer != "" && c.adminToken != "" {
		// Two ways in would leave the weaker one open unnoticed.
		bad = append(bad, "set CLOUDRESUME_ADMIN_ISSUER or CLOUDRESUME_ADMIN_TOKEN, not both")
	}
	for _, s := range []struct{ name, value string }{
		{"CLOUDRESUME_CONTACT_SECRET", c.contactSecret},
		{"CLOUDRESUME_ORIGIN_SECRET", c.originSecret},
	} {
		if s.value != "" && len(s.value) < minSecretLen {
			bad = append(bad, fmt.Sprintf("%s: want at least %d characters", s.name, minSecretLen))
		}
	}
	switch c.notify {
	case "none":
	case "ses":
		if c.contactSecret == "" {
			bad = append(bad, "CLOUDRESUME_NOTIFY=ses: the contact form is off without CLOUDRESUME_CONTACT_SECRET")
		}
		if c.mailFrom == "" || c.mailTo == "" {
			bad = append(bad, "CLOUDRESUME_NOTIFY=ses needs CLOUDRESUME_MAIL_FROM and CLOUDRESUME_MAIL_TO")
		}
	default:
		bad = append(bad, fmt.Sprintf("CLOUDRESUME_NOTIFY=%q: want none or ses", c.notify))
	}
	if len(bad) > 0 {
		return c, &configError{problems: bad}
	}
	return c, nil
}

// isConfigError reports whether err is a bad setting.
func isConfigError(err error) bool {
	var ce *configError
	return errors.As(err, &ce)
}
