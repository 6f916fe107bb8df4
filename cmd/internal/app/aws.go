package app

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// Bounds on reaching AWS: an endpoint that does not answer fails within
// seconds rather than hanging (the SDK sets no bound on an answer).
const (
	dialTimeout   = 3 * time.Second
	answerTimeout = 10 * time.Second // until the first byte of an answer
	credsTimeout  = 5 * time.Second
	// A person waits at the terminal for a command.
	commandAnswerTimeout = 3 * time.Second
)

// AWS is the SDK configuration of the program, loaded once on first use,
// and the clients made from it.
type AWS struct {
	cfg  *Config
	once sync.Once
	aws  aws.Config
	err  error
}

// NewAWS returns the AWS side of cfg; nothing is loaded until asked for.
func NewAWS(cfg *Config) *AWS { return &AWS{cfg: cfg} }

// Config returns the SDK configuration: the region, the credentials of the
// default chain (the execution role on Lambda), and for local endpoints
// dummy credentials when none are configured.
func (a *AWS) Config(ctx context.Context) (aws.Config, error) {
	// Loaded once for every caller: a caller's cancellation must not
	// become everyone's error.
	a.once.Do(func() { a.aws, a.err = a.load(context.WithoutCancel(ctx)) })
	return a.aws, a.err
}

// local reports whether every endpoint in use is a server on this machine.
func (a *AWS) local() bool {
	c := a.cfg
	some := false
	for _, e := range []string{c.DynamoDBEndpoint, c.SESEndpoint, c.S3Endpoint} {
		if e == "" {
			continue
		}
		if !isLoopback(e) {
			return false
		}
		some = true
	}
	return some
}

func (a *AWS) load(ctx context.Context) (aws.Config, error) {
	c := a.cfg
	answer := answerTimeout
	if c.Runtime == Command {
		answer = commandAnswerTimeout
	}
	opts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithHTTPClient(awshttp.NewBuildableClient().
			WithDialerOptions(func(d *net.Dialer) { d.Timeout = dialTimeout }).
			WithTransportOptions(func(t *http.Transport) { t.ResponseHeaderTimeout = answer })),
	}
	if region := cmp.Or(c.Region, c.awsEnv.region); region != "" {
		opts = append(opts, awsconfig.WithRegion(region))
	}
	if k := c.awsEnv; k.accessKey != "" && k.secretKey != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(k.accessKey, k.secretKey, k.session)))
	}
	if c.Runtime == Command {
		// A person waits at the terminal: one retry, not the SDK's three
		// attempts with backoff.
		opts = append(opts, awsconfig.WithRetryMaxAttempts(2))
	}
	local := a.local()
	if local {
		// Not on EC2: asking the instance metadata service for credentials
		// would only add seconds of timeouts.
		opts = append(opts, awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	if c.DynamoDBEndpoint != "" || c.SESEndpoint != "" || c.S3Endpoint != "" {
		// Local servers do not all understand the optional checksums.
		opts = append(opts,
			awsconfig.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
			awsconfig.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, &Error{Problems: []string{fmt.Sprintf("AWS configuration: %v", err)}}
	}
	if cfg.Region == "" {
		if !local {
			return aws.Config{}, &Error{Problems: []string{fmt.Sprintf(
				"no AWS region: set --region (%s) or AWS_REGION", EnvName("region"))}}
		}
		cfg.Region = "us-east-1" // local servers take any
	}
	rctx, cancel := context.WithTimeout(ctx, credsTimeout)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(rctx); err != nil {
		if !local {
			return aws.Config{}, &Error{Problems: []string{fmt.Sprintf(
				"no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure` (%v)", err)}}
		}
		// Local servers accept any.
		cfg.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
	}
	return cfg, nil
}

// withEndpoint returns cfg pointed at endpoint, when set.
func withEndpoint(cfg aws.Config, endpoint string) aws.Config {
	if endpoint != "" {
		cfg = cfg.Copy()
		cfg.BaseEndpoint = aws.String(endpoint)
	}
	return cfg
}

// S3 returns an S3 client, path-style for a local endpoint.
func (a *AWS) S3(ctx context.Context) (*s3.Client, error) {
	cfg, err := a.Config(ctx)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(withEndpoint(cfg, a.cfg.S3Endpoint), func(o *s3.Options) {
		o.UsePathStyle = a.cfg.S3Endpoint != ""
	}), nil
}

// SES returns an Amazon SES v2 client.
func (a *AWS) SES(ctx context.Context) (*sesv2.Client, error) {
	cfg, err := a.Config(ctx)
	if err != nil {
		return nil, err
	}
	return sesv2.NewFromConfig(withEndpoint(cfg, a.cfg.SESEndpoint)), nil
}

// isLoopback reports whether endpoint names this machine.
func isLoopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DynamoDB returns a DynamoDB client, retrying as the stores need.
func (a *AWS) DynamoDB(ctx context.Context) (*dynamodb.Client, error) {
	cfg, err := a.Config(ctx)
	if err != nil {
		return nil, err
	}
	var opts []func(*dynamodb.Options)
	if a.cfg.Runtime == Command {
		// A person waits: fail after two tries, not the stores' eight.
		opts = append(opts, func(o *dynamodb.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 2) })
	}
	return dynamo.NewClient(withEndpoint(cfg, a.cfg.DynamoDBEndpoint), opts...), nil
}
