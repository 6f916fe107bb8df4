package main

import (
	"errors"
	"fmt"
	"strings"
)

// config is what the deployment tells the function through its
// environment.
type config struct {
	store          string // CLOUDRESUME_STORE: only dynamodb
	tablePrefix    string // CLOUDRESUME_TABLE_PREFIX
	dynamoEndpoint string // CLOUDRESUME_DYNAMODB_ENDPOINT: a local server, for tests
	s3Endpoint     string // CLOUDRESUME_S3_ENDPOINT: a local server, for tests
	region         string // AWS_REGION, set by Lambda
	adminToken     string // CLOUDRESUME_ADMIN_TOKEN
	siteURL        string // CLOUDRESUME_SITE_URL
	resumePath     string // CLOUDRESUME_RESUME: a resume file in the package; empty: /api/resume off
	clientIPHeader string // CLOUDRESUME_CLIENT_IP_HEADER: a header from a trusted CDN naming the client
	logFormat      string // LOG_FORMAT: json or text

	// Credentials of the execution role, set by Lambda.
	accessKeyID, secretAccessKey, sessionToken string
}

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
		store:           or("CLOUDRESUME_STORE", "dynamodb"),
		tablePrefix:     or("CLOUDRESUME_TABLE_PREFIX", "cloudresume-"),
		dynamoEndpoint:  or("CLOUDRESUME_DYNAMODB_ENDPOINT", ""),
		s3Endpoint:      or("CLOUDRESUME_S3_ENDPOINT", ""),
		region:          or("AWS_REGION", ""),
		adminToken:      getenv("CLOUDRESUME_ADMIN_TOKEN"),
		siteURL:         or("CLOUDRESUME_SITE_URL", ""),
		resumePath:      or("CLOUDRESUME_RESUME", ""),
		clientIPHeader:  strings.ToLower(or("CLOUDRESUME_CLIENT_IP_HEADER", "")),
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
