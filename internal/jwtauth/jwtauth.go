// Package jwtauth checks the JSON Web Tokens of an OpenID Connect issuer
// such as an Amazon Cognito user pool: an RS256 signature by one of the
// issuer's published keys, the issuer, the audience (the app client), the
// token use and the validity period.
package jwtauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// Defaults of Options.
const (
	DefaultLeeway     = 30 * time.Second
	DefaultMinRefresh = time.Minute
	DefaultTimeout    = 5 * time.Second
)

// Options tune a Verifier; the zero value is the defaults.
type Options struct {
	// Client fetches the key set; nil: a client with DefaultTimeout.
	Client *http.Client
	// Leeway is the clock skew allowed on exp, nbf and iat; 0: DefaultLeeway.
	Leeway time.Duration
	// MinRefresh is the least time between two fetches of the key set, so
	// that tokens naming unknown keys cannot make the verifier hammer the
	// issuer; 0: DefaultMinRefresh.
	MinRefresh time.Duration
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// Claims are the claims of a verified token that callers may use.
type Claims struct {
	jwt.RegisteredClaims
	TokenUse string `json:"token_use"` // Cognito: "id" or "access"
	ClientID string `json:"client_id"` // Cognito access tokens name the app client here, not in aud
	Username string `json:"username"`  // Cognito access tokens
	Email    string `json:"email"`     // Cognito ID tokens
}

// Verifier checks tokens of one issuer meant for one audience. It is safe
// for concurrent use.
type Verifier struct {
	issuer, audience string
	leeway           time.Duration
	now              func() time.Time
	keys             *keySet
}

// New answers a verifier of the tokens that issuer signs for audience (a
// Cognito app client ID). Its keys are fetched from
// <issuer>/.well-known/jwks.json on first use, not here. The issuer must be
// an https URL (http only to this machine, for tests).
func New(issuer, audience string, opts Options) (*Verifier, error) {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("issuer %q: not an absolute URL", issuer)
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname())) {
		return nil, fmt.Errorf("issuer %q: want an https URL", issuer)
	}
	if strings.TrimSpace(audience) == "" {
		return nil, errors.New("audience is empty")
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: DefaultTimeout}
	}
	if opts.Leeway <= 0 {
		opts.Leeway = DefaultLeeway
	}
	if opts.MinRefresh <= 0 {
		opts.MinRefresh = DefaultMinRefresh
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Verifier{
		issuer:   issuer,
		audience: audience,
		leeway:   opts.Leeway,
		now:      opts.Now,
		keys: &keySet{
			url:        strings.TrimSuffix(issuer, "/") + "/.well-known/jwks.json",
			client:     opts.Client,
			minRefresh: opts.MinRefresh,
			now:        opts.Now,
		},
	}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Verify checks token and answers its claims. A token that is not valid is
// an error wrapping problem.ErrUnauthorized; any other error means the
// issuer's keys could not be had, which is the server's failure, not the
// client's.
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	var keyErr error
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("token names no key (kid)")
		}
		key, err := v.keys.key(ctx, kid)
		if err != nil && !errors.Is(err, errUnknownKey) {
			keyErr = err
		}
		return key, err
	},
		// RS256 only: "none", and HS256 keyed with the public key, are refused
		// before any key is looked up.
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(v.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(v.leeway),
		jwt.WithTimeFunc(v.now),
	)
	if keyErr != nil {
		return nil, fmt.Errorf("verify token: %w", keyErr)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", problem.ErrUnauthorized, err)
	}
	if err := v.checkAudience(claims); err != nil {
		return nil, fmt.Errorf("%w: %v", problem.ErrUnauthorized, err)
	}
	return claims, nil
}

// checkAudience accepts the two kinds of Cognito tokens for the app
// client: an ID token names it in aud, an access token in client_id (and
// has no aud).
func (v *Verifier) checkAudience(c *Claims) error {
	switch c.TokenUse {
	case "id":
		if !slices.Contains(c.Audience, v.audience) {
			return fmt.Errorf("id token for audience %q, want %q", []string(c.Audience), v.audience)
		}
	case "access":
		if c.ClientID != v.audience {
			return fmt.Errorf("access token for client %q, want %q", c.ClientID, v.audience)
		}
	default:
		return fmt.Errorf("token_use %q: want id or access", c.TokenUse)
	}
	return nil
}

// Check verifies the bearer token of r's Authorization header. Its
// signature fits web.Config.AdminAuth.
func (v *Verifier) Check(r *http.Request) error {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return fmt.Errorf("%w: no bearer token", problem.ErrUnauthorized)
	}
	_, err := v.Verify(r.Context(), strings.TrimSpace(token))
	return err
}
