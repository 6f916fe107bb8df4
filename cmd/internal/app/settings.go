package app

import (
	"flag"
	"strings"
)

// where says on which runtimes a setting means something.
type where uint8

const (
	onServe where = 1 << iota
	onLambda
	onBoth = onServe | onLambda
)

func (w where) has(rt Runtime) bool {
	switch rt {
	case Serve:
		return w&onServe != 0
	case Lambda:
		return w&onLambda != 0
	}
	return true
}

// setting is one entry of the table of settings.
type setting struct {
	name  string // the flag; the environment variable is EnvName(name)
	usage string
	where where
	value func(c *Config) flag.Value
}

// EnvName returns the environment variable of the setting name.
func EnvName(name string) string {
	return "CLOUDRESUME_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

func str(p func(*Config) *string) func(*Config) flag.Value {
	return func(c *Config) flag.Value { return stringValue{p(c)} }
}

func boolean(p func(*Config) *bool) func(*Config) flag.Value {
	return func(c *Config) flag.Value { return boolValue{p(c)} }
}

// settings is the one list of every setting of the program.
func settings() []setting {
	return []setting{
		{"addr", "address to listen on", onServe, str(func(c *Config) *string { return &c.Addr })},
		{"resume", "resume file, JSON or YAML (default: the built-in example)", onBoth, str(func(c *Config) *string { return &c.ResumePath })},
		{"site-url", "public URL of the site, absolute http(s), for canonical links, the sitemap and redirects", onBoth, str(func(c *Config) *string { return &c.SiteURL })},
		{"theme", "theme of the site: classic, modern, compact, or a theme directory such as ./mytheme (default: meta.theme of the resume, else classic)", onServe,
			str(func(c *Config) *string { return &c.Theme })},

		{"admin-token", "bearer token of the admin API (empty: no static token)", onBoth, str(func(c *Config) *string { return &c.AdminToken })},
		{"admin-issuer", "issuer (e.g. a Cognito user pool URL) whose JWTs the admin API accepts, instead of --admin-token", onBoth, str(func(c *Config) *string { return &c.AdminIssuer })},
		{"admin-audience", "the app client ID the admin JWTs must be for (with --admin-issuer)", onBoth, str(func(c *Config) *string { return &c.AdminAudience })},

		{"cognito-client-id", "the /admin page signs in with this Cognito app client's username and password (empty: with the admin token)", onServe,
			str(func(c *Config) *string { return &c.CognitoClientID })},
		{"cognito-region", "the region of the Cognito user pool (with --cognito-client-id)", onServe, str(func(c *Config) *string { return &c.CognitoRegion })},
		{"cognito-endpoint", "the Cognito endpoint URL the /admin page signs in at, for a local server (default: the region's)", onServe,
			str(func(c *Config) *string { return &c.CognitoEndpoint })},

		{"trust-proxy", "take the client address from X-Forwarded-For, as set by a proxy in front", onServe, boolean(func(c *Config) *bool { return &c.TrustProxy })},
		{"geoip", "MaxMind-format country database (GeoLite2 Country or City): visits are counted by country, the address looked up and dropped", onServe,
			str(func(c *Config) *string { return &c.GeoIP })},
		{"https", "the site is reached over HTTPS through a proxy: send HSTS", onServe, boolean(func(c *Config) *bool { return &c.HTTPS })},
		{"rate-limit", "API requests per second allowed per client (0: no limit)", onServe, func(c *Config) flag.Value { return floatValue{&c.RateLimit} }},
		{"rate-burst", "burst of API requests allowed per client", onServe, func(c *Config) flag.Value { return intValue{&c.RateBurst} }},
		{"cors-origin", "origin (scheme://host[:port]) whose pages may call the public API; repeat, or separate with commas", onBoth,
			func(c *Config) flag.Value { return listValue{&c.CORSOrigins, &c.corsFromEnv} }},
		{"shutdown-timeout", "how long to wait for requests in flight and mail at shutdown", onServe, func(c *Config) flag.Value { return durationValue{&c.ShutdownTimeout} }},
		{"log-format", "log format: auto (text on a terminal, else JSON), text or json", onBoth, str(func(c *Config) *string { return &c.LogFormat })},

		{"store", "where data lives: sqlite or dynamodb", onBoth, str(func(c *Config) *string { return &c.Store })},
		{"db", "SQLite database file (with --store sqlite)", onServe, str(func(c *Config) *string { return &c.DB })},
		{"dynamodb-endpoint", "DynamoDB endpoint URL, for a local server (with --store dynamodb)", onBoth, str(func(c *Config) *string { return &c.DynamoDBEndpoint })},
		{"region", "AWS region (default: AWS_REGION, or the AWS configuration's)", onBoth, str(func(c *Config) *string { return &c.Region })},
		{"table-prefix", "prefix of the DynamoDB table names (with --store dynamodb)", onBoth, str(func(c *Config) *string { return &c.TablePrefix })},

		{"replicate", "stream the SQLite database to s3://bucket/prefix (?endpoint=URL for S3-compatible storage) or file:///path with Litestream", onServe,
			str(func(c *Config) *string { return &c.Replicate })},
		{"replicate-sync-interval", "the longest a commit waits before it is in the replica", onServe,
			func(c *Config) flag.Value { return durationValue{&c.ReplicateSyncInterval} }},
		{"restore-if-missing", "when the --db file does not exist, restore it from the --replicate replica first", onServe,
			boolean(func(c *Config) *bool { return &c.RestoreIfMissing })},

		{"movies-inbox", "directory polled every second for CSV files of movie infos to import; each moves to done/ or failed/ with a report (empty: off)", onServe,
			str(func(c *Config) *string { return &c.MoviesInbox })},
		{"movies-page", "serve the /movies catalog page and link it from the site", onServe, boolean(func(c *Config) *bool { return &c.MoviesPage })},

		{"badge", "serve GET /api/badge.svg, a public SVG badge of the visitor or view count", onBoth, boolean(func(c *Config) *bool { return &c.Badge })},

		{"contact", "take messages through the contact form", onBoth, boolean(func(c *Config) *bool { return &c.Contact })},
		{"contact-secret", "key that signs the contact form's anti-spam tokens, 32 characters or more (serve: random at each start when empty)", onBoth,
			str(func(c *Config) *string { return &c.ContactSecret })},
		{"contact-min-age", "a form sent sooner than this after it was served is taken for spam", onBoth, func(c *Config) flag.Value { return durationValue{&c.ContactMinAge} }},
		{"contact-rate", "messages allowed per client per minute (0: no limit)", onBoth, func(c *Config) flag.Value { return intValue{&c.ContactRate} }},
		{"notify", "how the owner is told of a message: smtp, ses or none (default: smtp when --smtp-host is set, else none)", onBoth,
			str(func(c *Config) *string { return &c.Notify })},
		{"smtp-host", "SMTP submission server", onBoth, str(func(c *Config) *string { return &c.SMTPHost })},
		{"smtp-port", "SMTP port (default 587, or 465 with --smtp-starttls implicit)", onBoth, func(c *Config) flag.Value { return intValue{&c.SMTPPort} }},
		{"smtp-username", "SMTP username (AUTH PLAIN; sent only over TLS or to this machine)", onBoth, str(func(c *Config) *string { return &c.SMTPUsername })},
		{"smtp-password", "SMTP password; prefer the environment variable to the flag", onBoth, str(func(c *Config) *string { return &c.SMTPPassword })},
		{"smtp-starttls", "SMTP security: auto (STARTTLS when offered), always, never or implicit (TLS from the start)", onBoth,
			str(func(c *Config) *string { return &c.SMTPStartTLS })},
		{"mail-from", `the site's sender address, e.g. "Site <noreply@example.com>"`, onBoth, str(func(c *Config) *string { return &c.MailFrom })},
		{"mail-to", "the owner's address that messages are sent to", onBoth, str(func(c *Config) *string { return &c.MailTo })},
		{"ses-endpoint", "Amazon SES endpoint URL, for a local server (with --notify ses)", onBoth, str(func(c *Config) *string { return &c.SESEndpoint })},

		{"stage", "the deployment's stage (dev, staging, prod), for the log", onLambda, str(func(c *Config) *string { return &c.Stage })},
		{"client-ip-header", "header in which the CDN names the client's address (e.g. cloudfront-viewer-address)", onLambda,
			str(func(c *Config) *string { return &c.ClientIPHeader })},
		{"origin-secret", "value the CDN sends in X-Origin-Verify; requests without it are refused (32 characters or more)", onLambda,
			str(func(c *Config) *string { return &c.OriginSecret })},
		{"reports-prefix", "where the report of an uploaded CSV file is written in its bucket", onLambda, str(func(c *Config) *string { return &c.ReportsPrefix })},
		{"s3-endpoint", "S3 endpoint URL, for a local server", onLambda, str(func(c *Config) *string { return &c.S3Endpoint })},
	}
}

// EnvNames returns the environment variables that rt reads, sorted as
// the table lists them.
func EnvNames(rt Runtime) []string {
	var out []string
	for _, s := range settings() {
		if s.where.has(rt) {
			out = append(out, EnvName(s.name))
		}
	}
	return out
}
