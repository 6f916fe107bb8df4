package main

import (
	"context"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/jwtauth"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

// run configures the function and hands it to start, which serves
// invocations until the execution environment is shut down. A function
// that cannot start reports why to the Runtime API before run returns.
func run(ctx context.Context, getenv func(string) string, stderr io.Writer, start func(lambda.Handler, *slog.Logger)) error {
	began := time.Now()
	cfg, err := loadConfig(getenv)
	log := newLogger(stderr, cfg.logFormat)
	var h *handler
	if err == nil {
		h, err = newHandler(ctx, cfg, log)
	}
	if err != nil {
		log.ErrorContext(ctx, "init failed", "err", err)
		if api := getenv("AWS_LAMBDA_RUNTIME_API"); api != "" {
			if rerr := reportInitError(ctx, api, err); rerr != nil {
				log.ErrorContext(ctx, "report init error", "err", rerr)
			}
		}
		return err
	}
	log.InfoContext(ctx, "init", "stage", cfg.stage, "region", cfg.region, "table_prefix", cfg.tablePrefix,
		"resume", cfg.resumePath != "", "contact", h.contact != nil, "notify", cfg.notify,
		"admin", adminMode(cfg), "duration_ms", float64(time.Since(began).Microseconds())/1000)
	if cfg.clientIPHeader != "" && cfg.originSecret == "" {
		log.WarnContext(ctx, "CLOUDRESUME_CLIENT_IP_HEADER is trusted without CLOUDRESUME_ORIGIN_SECRET: "+
			"a client that reaches the API directly can choose its address")
	}
	start(h, log)
	return nil
}

// startRuntime serves invocations from the Lambda Runtime API; it does not
// return. What the runtime library prints with the standard logger (the
// errors it reports) goes to log too, so that every line is JSON.
func startRuntime(h lambda.Handler, log *slog.Logger) {
	stdlog.SetFlags(0)
	stdlog.SetOutput(logWriter{log})
	lambda.Start(h)
}

// logWriter logs each line written to it as an error.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Error(strings.TrimSpace(string(p)))
	return len(p), nil
}

// newHandler makes the clients and the handlers, once per execution
// environment.
func newHandler(ctx context.Context, cfg config, log *slog.Logger) (*handler, error) {
	awsCfg, err := loadAWSConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	dynCfg := awsCfg.Copy()
	if cfg.dynamoEndpoint != "" {
		dynCfg.BaseEndpoint = aws.String(cfg.dynamoEndpoint)
	}
	stores := dynamo.Open(dynCfg, cfg.tablePrefix)

	var res *resume.Resume
	if cfg.resumePath != "" {
		if res, err = resume.Load(cfg.resumePath); err != nil {
			return nil, &configError{problems: []string{fmt.Sprintf("CLOUDRESUME_RESUME=%q: %v", cfg.resumePath, err)}}
		}
	}
	adminAuth, err := newAdminAuth(cfg)
	if err != nil {
		return nil, err
	}
	contactFe, err := newContact(cfg, awsCfg, stores.Messages, log)
	if err != nil {
		return nil, err
	}
	var contactService *contact.Service
	if contactFe != nil {
		contactService = contactFe.service
	}
	site := web.NewServer(web.Config{
		Logger:     log,
		Resume:     res,
		SiteURL:    cfg.siteURL,
		Visits:     visits.NewCounter(stores.Visits),
		Movies:     stores.Movies,
		Contact:    contactService,
		AdminToken: cfg.adminToken,
		AdminAuth:  adminAuth,
		// API Gateway serves HTTPS only. Rate limits are API Gateway's
		// throttling: a limiter here would be per execution environment.
		HTTPS: true,
	})

	s3Client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.s3Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.s3Endpoint)
			o.UsePathStyle = true
		}
	})
	api := newHTTPAPI(site, log, cfg.clientIPHeader)
	api.originSecret = cfg.originSecret
	if contactFe != nil {
		api.afterSave = contactFe.afterSave
	}
	return &handler{
		log:     log,
		api:     api,
		ingest:  &ingester{s3: s3Client, movies: stores.Movies, log: log, reports: cfg.reportsPrefix},
		contact: contactFe,
	}, nil
}

// newAdminAuth answers the check of admin requests when they carry the
// user pool's tokens (CLOUDRESUME_ADMIN_ISSUER), or nil to use
// CLOUDRESUME_ADMIN_TOKEN. The issuer's keys are fetched on the first
// admin request, not here, so that a cold start does not wait for them.
func newAdminAuth(cfg config) (func(*http.Request) error, error) {
	if cfg.adminIssuer == "" {
		return nil, nil
	}
	v, err := jwtauth.New(cfg.adminIssuer, cfg.adminAudience, jwtauth.Options{})
	if err != nil {
		return nil, &configError{problems: []string{fmt.Sprintf("CLOUDRESUME_ADMIN_ISSUER: %v", err)}}
	}
	return v.Check, nil
}

// adminMode names how admin requests are checked, for the log.
func adminMode(cfg config) string {
	switch {
	case cfg.adminIssuer != "":
		return "jwt"
	case cfg.adminToken != "":
		return "token"
	}
	return "off"
}

// loadAWSConfig answers the SDK configuration: the region and the
// execution role's credentials from the configuration, the rest from the
// SDK's defaults.
func loadAWSConfig(ctx context.Context, cfg config) (aws.Config, error) {
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(cfg.region)}
	if cfg.accessKeyID != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(cfg.accessKeyID, cfg.secretAccessKey, cfg.sessionToken)))
	}
	if cfg.s3Endpoint != "" || cfg.dynamoEndpoint != "" {
		// Local servers do not all understand the optional checksums.
		opts = append(opts,
			awsconfig.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
			awsconfig.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired))
	}
	c, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return c, nil
}
