// Package app is the one configuration and the one wiring of cloudresume,
// shared by its two front doors: `cloudresume serve` and the AWS Lambda
// bootstrap. Every setting has one name (flag --name, environment variable
// CLOUDRESUME_NAME) and one meaning on both; Build turns a Config into the
// running application.
package app

import "time"

// Runtime is a front door of the program.
type Runtime int

// The runtimes. Command is any other subcommand of the CLI: it reads the
// settings it names and leaves the environment's others alone.
const (
	Serve Runtime = iota + 1
	Lambda
	Command
)

func (rt Runtime) String() string {
	switch rt {
	case Serve:
		return "serve"
	case Lambda:
		return "the Lambda function"
	}
	return "this command"
}

// Config holds every setting of the program. The zero value is not
// useful: Load fills in the defaults.
type Config struct {
	Runtime Runtime

	// The site.
	Addr       string // address to listen on (serve)
	ResumePath string // resume file; "" = the built-in example
	SiteURL    string // public URL of the site; "" = unknown
	Theme      string // a built-in theme's name or a theme directory; "" = meta.theme, else the default (serve)

	// Admin access.
	AdminToken    string // static bearer token
	AdminIssuer   string // token issuer (a Cognito user pool) whose JWTs are accepted
	AdminAudience string // the app client the JWTs must be for

	// The /admin page's sign-in (serve, build).
	CognitoClientID string // sign in with this app client; "" = with the admin token
	CognitoRegion   string
	CognitoEndpoint string // a local Cognito endpoint; "" = the region's

	// HTTP.
	TrustProxy      bool     // take the client address from X-Forwarded-For (serve)
	GeoIP           string   // MaxMind-format country database file; "" = no lookup (serve)
	HTTPS           bool     // reached over HTTPS through a proxy: send HSTS (serve; always on Lambda)
	RateLimit       float64  // API requests per second per client; 0 = no limit (serve)
	RateBurst       int      // burst of API requests per client (serve)
	CORSOrigins     []string // origins whose pages may call the public API
	ShutdownTimeout time.Duration
	LogFormat       string // auto, text or json

	// Storage.
	Store            string // sqlite or dynamodb
	DB               string // SQLite file
	DynamoDBEndpoint string // a local DynamoDB-compatible server
	Region           string // AWS region; "" = AWS_REGION or the SDK's configuration
	TablePrefix      string

	// Replication of the SQLite database (serve).
	Replicate             string        // s3://bucket/prefix, or file:///path
	ReplicateSyncInterval time.Duration // the longest a commit waits to be in the replica
	RestoreIfMissing      bool          // restore a missing database from the replica first

	// Visits.
	Badge bool // serve the public counter badge

	// Movies.
	MoviesInbox string // directory polled for CSV files (serve)
	MoviesPage  bool   // serve /movies (serve)

	// Contact form and mail.
	Contact       bool
	ContactSecret string
	ContactMinAge time.Duration
	ContactRate   int    // messages per client per minute; 0 = no limit
	Notify        string // smtp, ses or none; "" = smtp when SMTPHost is set, else none
	SMTPHost      string
	SMTPPort      int
	SMTPUsername  string
	SMTPPassword  string
	SMTPStartTLS  string
	MailFrom      string
	MailTo        string
	SESEndpoint   string // a local SES endpoint, for tests

	// The Lambda deployment.
	Stage          string // dev, staging or prod: for the log
	ClientIPHeader string // header naming the client address, set by the CDN
	OriginSecret   string // value the CDN sends in X-Origin-Verify
	ReportsPrefix  string // where movie import reports are written in the bucket
	S3Endpoint     string // a local S3-compatible server, for tests

	corsFromEnv bool
	// awsEnv is what the environment says of AWS itself (AWS_REGION,
	// AWS_ACCESS_KEY_ID, ...), read through the same getenv as the
	// settings, so that the whole program runs in-process in tests.
	awsEnv awsEnv
}

// awsEnv is the AWS SDK's own environment: on Lambda, the region and the
// execution role's credentials.
type awsEnv struct {
	region                        string
	accessKey, secretKey, session string
}

func readAWSEnv(getenv func(string) string) awsEnv {
	e := awsEnv{
		region:    getenv("AWS_REGION"),
		accessKey: getenv("AWS_ACCESS_KEY_ID"),
		secretKey: getenv("AWS_SECRET_ACCESS_KEY"),
		session:   getenv("AWS_SESSION_TOKEN"),
	}
	if e.region == "" {
		e.region = getenv("AWS_DEFAULT_REGION")
	}
	return e
}

// defaults returns the configuration before any setting is read.
func defaults(rt Runtime) *Config {
	return &Config{
		Runtime:         rt,
		Addr:            "127.0.0.1:8080",
		RateLimit:       10,
		RateBurst:       30,
		ShutdownTimeout: 10 * time.Second,
		LogFormat:       "auto",
		Store:           "sqlite",
		DB:              "cloudresume.db",
		TablePrefix:     "cloudresume-",
		MoviesPage:      true,
		Contact:         true,
		ContactMinAge:   3 * time.Second,
		ContactRate:     5,
		SMTPStartTLS:    "auto",
		ReportsPrefix:   "reports/",

		ReplicateSyncInterval: time.Second,
	}
}
