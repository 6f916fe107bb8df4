package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// MinSecretLen is the least length of a secret that signs or proves
// something: the contact form's key and the CDN's origin secret.
const MinSecretLen = 32

// validate checks the settings in used with the rules of the runtime and
// returns every problem, each naming the setting as the user gave it.
func (c *Config) validate(used map[string]bool) []string {
	var bad []string
	add := func(name, format string, args ...any) {
		bad = append(bad, fmt.Sprintf("%s (%s): %s", "--"+name, EnvName(name), fmt.Sprintf(format, args...)))
	}
	rt := c.Runtime
	on := func(name string) bool { return used[name] }

	c.LogFormat = strings.ToLower(c.LogFormat)
	if on("log-format") && c.LogFormat != "auto" && c.LogFormat != "text" && c.LogFormat != "json" {
		add("log-format", "%q: want auto, text or json", c.LogFormat)
	}
	if on("addr") && c.Addr == "" {
		add("addr", "is empty")
	}
	if on("site-url") && c.SiteURL != "" {
		if err := checkSiteURL(c.SiteURL); err != nil {
			add("site-url", "%v", err)
		}
		c.SiteURL = strings.TrimRight(c.SiteURL, "/")
	}
	if on("theme") && c.Theme != "" && !theme.IsBuiltin(c.Theme) && !theme.IsDir(c.Theme) {
		add("theme", "%q: want %s, or a directory such as ./mytheme", c.Theme, strings.Join(theme.Names(), ", "))
	}
	for _, name := range []string{"dynamodb-endpoint", "ses-endpoint", "s3-endpoint"} {
		if v := c.endpoint(name); on(name) && v != "" && !isHTTPURL(v) {
			add(name, "%q: want a URL such as http://127.0.0.1:8000", v)
		}
	}
	if on("admin-issuer") {
		if (c.AdminIssuer == "") != (c.AdminAudience == "") {
			add("admin-issuer", "--admin-issuer and --admin-audience go together")
		}
		if c.AdminIssuer != "" && c.AdminToken != "" {
			// Two ways in would leave the weaker one open unnoticed.
			add("admin-issuer", "set --admin-issuer or --admin-token, not both")
		}
	}
	if on("cognito-client-id") {
		if err := c.Dashboard("").Check(); err != nil {
			add("cognito-client-id", "%v", err)
		}
	}
	if on("rate-limit") && c.RateLimit < 0 {
		add("rate-limit", "%v: want 0 or more", c.RateLimit)
	}
	if on("rate-burst") && c.RateLimit > 0 && c.RateBurst < 1 {
		add("rate-burst", "%d: want 1 or more", c.RateBurst)
	}
	if on("cors-origin") {
		for i, o := range c.CORSOrigins {
			norm, err := origin(o)
			if err != nil {
				add("cors-origin", "%v", err)
				continue
			}
			c.CORSOrigins[i] = norm
		}
	}
	if on("shutdown-timeout") && c.ShutdownTimeout <= 0 {
		add("shutdown-timeout", "%v: want a positive duration", c.ShutdownTimeout)
	}

	c.Store = strings.ToLower(c.Store)
	if on("store") {
		switch {
		case c.Store != "sqlite" && c.Store != "dynamodb":
			add("store", "%q: want sqlite or dynamodb", c.Store)
		case rt == Lambda && c.Store != "dynamodb":
			add("store", "%q: a Lambda function keeps no disk between invocations; set dynamodb", c.Store)
		case c.Store == "sqlite" && on("db") && c.DB == "":
			add("db", "is empty")
		}
	}
	if on("replicate") {
		switch {
		case c.Replicate == "" && c.RestoreIfMissing:
			add("restore-if-missing", "needs --replicate, the replica to restore from")
		case c.Replicate != "" && c.Store != "sqlite":
			add("replicate", "streams the SQLite database; --store %s has none", c.Store)
		case c.Replicate != "" && !strings.HasPrefix(c.Replicate, "s3://") && !strings.HasPrefix(c.Replicate, "file://"):
			add("replicate", "%q: want s3://bucket/prefix or file:///path", c.Replicate)
		case c.ReplicateSyncInterval <= 0:
			add("replicate-sync-interval", "%v: want a positive duration", c.ReplicateSyncInterval)
		}
	}
	if on("table-prefix") && !validTablePrefix(c.TablePrefix) {
		add("table-prefix", "%q: only letters, digits, _ . and -", c.TablePrefix)
	}

	for _, name := range []string{"contact-secret", "origin-secret"} {
		if v := c.secret(name); on(name) && v != "" && len(v) < MinSecretLen {
			add(name, "want at least %d characters", MinSecretLen)
		}
	}
	if on("contact") && c.Contact {
		if rt == Lambda && c.ContactSecret == "" {
			// A random key per execution environment would make each one
			// refuse the forms the others served.
			add("contact-secret", "required on Lambda while the contact form is on (or set %s=false)", EnvName("contact"))
		}
		if c.ContactMinAge <= 0 {
			add("contact-min-age", "%v: want a positive duration", c.ContactMinAge)
		}
		if c.ContactRate < 0 {
			add("contact-rate", "%d: want 0 or more", c.ContactRate)
		}
	}
	if on("notify") {
		bad = append(bad, c.validateNotify()...)
	}
	if (c.awsEnv.accessKey == "") != (c.awsEnv.secretKey == "") {
		bad = append(bad, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together")
	}
	c.ClientIPHeader = strings.ToLower(strings.TrimSpace(c.ClientIPHeader))
	return bad
}

// validateNotify resolves the default notifier and checks what it needs.
func (c *Config) validateNotify() []string {
	c.Notify = strings.ToLower(c.Notify)
	if c.Notify == "" {
		c.Notify = "none"
		if c.SMTPHost != "" {
			c.Notify = "smtp"
		}
	}
	if c.Runtime == Command {
		// A command only reads what the setting says; serve checks the rest.
		return nil
	}
	switch c.Notify {
	case "none":
		return nil
	case "smtp":
		mode, err := mail.ParseTLSMode(c.SMTPStartTLS)
		if err != nil {
			return []string{fmt.Sprintf("--smtp-starttls (%s): %v", EnvName("smtp-starttls"), err)}
		}
		if err := c.smtp(mode).Check(); err != nil {
			return []string{fmt.Sprintf("--notify smtp: %v", err)}
		}
		return nil
	case "ses":
		if err := mail.CheckAddresses(c.MailFrom, c.MailTo); err != nil {
			return []string{fmt.Sprintf("--notify ses: %v (set --mail-from and --mail-to)", err)}
		}
		return nil
	}
	return []string{fmt.Sprintf("--notify (%s): %q: want smtp, ses or none", EnvName("notify"), c.Notify)}
}

// smtp returns the SMTP notifier the settings describe.
func (c *Config) smtp(mode mail.TLSMode) *mail.SMTP {
	return &mail.SMTP{
		Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUsername, Password: c.SMTPPassword,
		From: c.MailFrom, To: c.MailTo, StartTLS: mode,
	}
}

func (c *Config) endpoint(name string) string {
	switch name {
	case "dynamodb-endpoint":
		return c.DynamoDBEndpoint
	case "ses-endpoint":
		return c.SESEndpoint
	case "s3-endpoint":
		return c.S3Endpoint
	}
	return ""
}

func (c *Config) secret(name string) string {
	switch name {
	case "contact-secret":
		return c.ContactSecret
	case "origin-secret":
		return c.OriginSecret
	}
	return ""
}

// checkSiteURL accepts an absolute http(s) URL with a host and nothing
// after its path.
func checkSiteURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%q: want an absolute http(s) URL such as https://cv.example.org", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q: want no query or fragment", s)
	}
	return nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// origin returns s as a browser's Origin header writes it: scheme and host,
// with the port only when it is not the scheme's default.
func origin(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: want an origin such as https://cv.example.org", s)
	}
	host := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return u.Scheme + "://" + host, nil
}

// validTablePrefix reports whether s may start a DynamoDB table name:
// letters, digits, "_", "." and "-", leaving room for the suffix.
func validTablePrefix(s string) bool {
	if len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
