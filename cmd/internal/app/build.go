package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/jwtauth"
	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/web"
)

// Timings of the background work.
const (
	outboxInterval = 30 * time.Second // serve: how often pending mail is retried
	inboxInterval  = time.Second      // serve: how often the movies inbox is polled
	// lambdaAttempt bounds one delivery attempt on Lambda, where the
	// visitor who sent the message waits for it.
	lambdaAttempt = 3 * time.Second
)

// App is the running program: its stores, services and handler, the same
// on both runtimes; only how requests arrive differs.
type App struct {
	Config  *Config
	Log     *slog.Logger
	AWS     *AWS
	Stores  *Stores
	Handler http.Handler
	// Contact takes the form's messages; nil when the form is off.
	Contact *contact.Service
	// Outbox notifies the owner of messages; nil when nobody is notified.
	Outbox *contact.Outbox

	stopJobs func()
}

// Build makes the application of cfg over the stores open opens. On
// error, whatever was opened is closed again.
func Build(ctx context.Context, cfg *Config, log *slog.Logger, open Opener) (_ *App, err error) {
	a := &App{Config: cfg, Log: log, AWS: NewAWS(cfg), stopJobs: func() {}}
	res, th, err := LoadSite(cfg)
	if err != nil {
		return nil, err
	}
	var photo *resume.Published
	if cfg.Runtime == Serve {
		// On Lambda the pages, the photo among them, are files of the
		// static host: the function serves only the API.
		if photo, err = LoadPhoto(cfg, res); err != nil {
			return nil, err
		}
	}
	adminAuth, err := adminAuth(cfg)
	if err != nil {
		return nil, err
	}
	if a.Stores, err = open(ctx, cfg, a.AWS, Create); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			a.Stores.Close()
		}
	}()
	if err := a.buildContact(ctx); err != nil {
		return nil, err
	}
	if cfg.MoviesInbox != "" {
		if err := checkDir(cfg.MoviesInbox); err != nil {
			return nil, &Error{Problems: []string{fmt.Sprintf("--movies-inbox (%s): %v", EnvName("movies-inbox"), err)}}
		}
	}
	if cfg.ClientIPHeader != "" && cfg.OriginSecret == "" {
		log.WarnContext(ctx, EnvName("client-ip-header")+" is trusted without "+EnvName("origin-secret")+
			": a client that reaches the API directly can choose its address")
	}
	serve := cfg.Runtime == Serve
	counter, err := a.newCounter(cfg)
	if err != nil {
		return nil, err
	}
	wc := web.Config{
		Logger:     log,
		Resume:     res,
		Theme:      th,
		Photo:      photo,
		SiteURL:    cfg.SiteURL,
		Visits:     counter,
		Movies:     a.Stores.Movies,
		MoviesPage: serve && cfg.MoviesPage,
		Badge:      cfg.Badge,
		Contact:    a.Contact,
		AdminToken: cfg.AdminToken,
		AdminAuth:  adminAuth,
		CORS:       cfg.CORSOrigins,
		TrustProxy: cfg.TrustProxy,
		// On Lambda, CloudFront is the only way in.
		ViewerCountry: cfg.TrustProxy || cfg.Runtime == Lambda,
		// API Gateway serves HTTPS only.
		HTTPS: cfg.HTTPS || cfg.Runtime == Lambda,
	}
	if serve {
		d := cfg.Dashboard("")
		wc.Dashboard = &d
		// On Lambda, rate limits are API Gateway's throttling: a limiter in
		// the function would be per execution environment.
		wc.RateLimit, wc.RateBurst = rate.Limit(cfg.RateLimit), cfg.RateBurst
	}
	a.Handler = web.NewServer(wc)
	return a, nil
}

// buildContact makes the contact service and, when someone is to be told
// of messages, the outbox.
func (a *App) buildContact(ctx context.Context) error {
	cfg := a.Config
	if !cfg.Contact {
		return nil
	}
	secret := []byte(cfg.ContactSecret)
	if len(secret) == 0 {
		// Only serve gets here (validate requires a secret on Lambda).
		secret = make([]byte, 32)
		rand.Read(secret)
		a.Log.WarnContext(ctx, "contact: no "+EnvName("contact-secret")+"; a random one is used, so forms served before a restart are refused and must be sent again")
	}
	a.Contact = &contact.Service{
		Store:  a.Stores.Messages,
		Tokens: &contact.Tokens{Secret: secret},
		MinAge: cfg.ContactMinAge,
	}
	if cfg.ContactRate > 0 {
		a.Contact.Limiter = &ratelimit.Limiter{Every: time.Minute / time.Duration(cfg.ContactRate), Burst: cfg.ContactRate}
	}
	n, err := a.notifier(ctx)
	if err != nil {
		return err
	}
	if n == nil {
		a.Log.WarnContext(ctx, "contact: --notify none; messages are kept but nobody is told of them")
		return nil
	}
	a.Outbox = &contact.Outbox{Store: a.Stores.Messages, Notifier: n, Logger: a.Log}
	if cfg.Runtime == Lambda {
		a.Outbox.Timeout = lambdaAttempt
	}
	a.Contact.Outbox = a.Outbox
	return nil
}

// notifier returns the configured Notifier, or nil for none.
func (a *App) notifier(ctx context.Context) (contact.Notifier, error) {
	cfg := a.Config
	switch cfg.Notify {
	case "smtp":
		mode, _ := mail.ParseTLSMode(cfg.SMTPStartTLS) // validated
		return cfg.smtp(mode), nil
	case "ses":
		client, err := a.AWS.SES(ctx)
		if err != nil {
			return nil, err
		}
		return &mail.SES{Client: client, From: cfg.MailFrom, To: cfg.MailTo}, nil
	}
	return nil, nil
}

// adminAuth returns the check of admin requests when they carry an
// issuer's JWTs, or nil to use the static token. The issuer's keys are
// fetched on the first admin request, not here, so that a start does not
// wait for them.
func adminAuth(cfg *Config) (func(*http.Request) error, error) {
	if cfg.AdminIssuer == "" {
		return nil, nil
	}
	v, err := jwtauth.New(cfg.AdminIssuer, cfg.AdminAudience, jwtauth.Options{})
	if err != nil {
		return nil, &Error{Problems: []string{fmt.Sprintf("--admin-issuer (%s): %v", EnvName("admin-issuer"), err)}}
	}
	return v.Check, nil
}

// AdminMode names how admin requests are checked, for the log.
func (c *Config) AdminMode() string {
	switch {
	case c.AdminIssuer != "":
		return "jwt"
	case c.AdminToken != "":
		return "token"
	}
	return "off"
}

// Start runs the background work of a long-lived process: the outbox's
// retries and the movies inbox, until Close. (The inbox is made here, not
// in Build: a Lambda function never watches one, and what it may ask of
// AWS is derived from the code it can reach.)
func (a *App) Start(ctx context.Context) error {
	var inbox *movies.Inbox
	if dir := a.Config.MoviesInbox; dir != "" {
		var err error
		if inbox, err = movies.NewInbox(dir, a.Stores.Movies, a.Log, inboxInterval, movies.ImportOptions{}); err != nil {
			return &Error{Problems: []string{fmt.Sprintf("--movies-inbox (%s): %v", EnvName("movies-inbox"), err)}}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	// Goroutines of direct calls, not function values: what the Lambda
	// function may ask of AWS is derived from the calls it can reach.
	var wg sync.WaitGroup
	if o := a.Outbox; o != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Run(ctx, outboxInterval)
		}()
	}
	if inbox != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inbox.Run(ctx)
		}()
	}
	a.stopJobs = func() {
		cancel()
		wg.Wait()
	}
	return nil
}

// checkDir reports a path that is not a directory one can list.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}

// Close stops the background work, sends the mail that is due (within
// timeout, so a message taken just before shutdown does not wait for the
// next start), and closes the stores.
func (a *App) Close(timeout time.Duration) error {
	a.stopJobs()
	a.stopJobs = func() {}
	var errs []error
	if a.Outbox != nil {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		sent, err := a.Outbox.RunOnce(ctx)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("drain outbox: %w", err))
		} else if sent > 0 {
			a.Log.Info("contact: outbox drained", "sent", sent)
		}
	}
	if err := a.Stores.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close stores: %w", err))
	}
	return errors.Join(errs...)
}
