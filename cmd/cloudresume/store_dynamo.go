package main

import (
	"context"
	"fmt"
	"net"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// openDynamo opens the stores over the DynamoDB tables named with
// --table-prefix; they must exist (`cloudresume tables create`).
func (sf *storeFlags) openDynamo(ctx context.Context) (*stores, error) {
	client, err := sf.dynamoClient(ctx)
	if err != nil {
		return nil, err
	}
	db := dynamo.New(client, sf.prefix)
	return &stores{
		visits:   dynamo.NewVisitStore(db),
		movies:   dynamo.NewMovieStore(db),
		messages: dynamo.NewMessageStore(db),
	}, nil
}

// dynamoClient answers a DynamoDB client for --region and, when set,
// --dynamodb-endpoint. Credentials come from the SDK's default chain; for
// an endpoint on this machine (a local DynamoDB-compatible server) with no
// credentials configured, dummy ones are used, since such servers accept
// any.
func (sf *storeFlags) dynamoClient(ctx context.Context) (*dynamodb.Client, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(sf.region)}
	local := sf.endpoint != "" && isLoopback(sf.endpoint)
	if local {
		// Not on EC2: asking the instance metadata service for credentials
		// would only add seconds of timeouts.
		opts = append(opts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	if sf.endpoint != "" {
		u, err := url.Parse(sf.endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &exitError{code: 2, err: fmt.Errorf("--dynamodb-endpoint %q: want a URL such as http://127.0.0.1:8000", sf.endpoint)}
		}
		cfg.BaseEndpoint = aws.String(sf.endpoint)
	}
	if local {
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			cfg.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
		}
	}
	return dynamo.NewClient(cfg), nil
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
