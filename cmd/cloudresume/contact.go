package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
)

// contactFlags are serve's flags for the contact form and its mail.
type contactFlags struct {
	enabled      bool
	secret       string
	minAge       time.Duration
	perMinute    int
	notify       string
	smtpHost     string
	smtpPort     int
	smtpUser     string
	smtpPassword string
	smtpTLS      string
	mailFrom     string
	mailTo       string
}

func (c *contactFlags) register(f *flags) {
	f.Bool(&c.enabled, "contact", true, "serve the contact form and keep its messages")
	f.String(&c.secret, "contact-secret", "", "key that signs the form's anti-spam token, 32+ characters (default: random at each start)")
	f.Duration(&c.minAge, "contact-min-age", contact.DefaultMinAge, "a form sent sooner than this after the page was served is taken for spam")
	f.Int(&c.perMinute, "contact-rate", 5, "messages allowed per client per minute (0: no limit)")
	f.String(&c.notify, "notify", "", "how the owner is told of a message: smtp, ses or none (default: smtp when --smtp-host is set)")
	f.String(&c.smtpHost, "smtp-host", "", "SMTP submission server")
	f.Int(&c.smtpPort, "smtp-port", 0, "SMTP port (default 587, or 465 with --smtp-starttls implicit)")
	f.String(&c.smtpUser, "smtp-username", "", "SMTP username (AUTH PLAIN; sent only over TLS or to this machine)")
	f.String(&c.smtpPassword, "smtp-password", "", "SMTP password; prefer the environment variable to the flag")
	f.String(&c.smtpTLS, "smtp-starttls", "auto", "SMTP security: auto (STARTTLS when offered), always, never or implicit (TLS from the start)")
	f.String(&c.mailFrom, "mail-from", "", `the site's sender address, e.g. "Site <noreply@example.com>"`)
	f.String(&c.mailTo, "mail-to", "", "the owner's address that messages are sent to")
}

// contactFeature is the running contact form: the service the web server
// uses and the outbox behind it.
type contactFeature struct {
	service *contact.Service
	outbox  *contact.Outbox // nil when nobody is notified
	cancel  context.CancelFunc
	done    chan struct{}
}

// start builds the service and starts the outbox; nil when the feature is
// off. region is the AWS region for SES.
func (c *contactFlags) start(ctx context.Context, log *slog.Logger, st *stores, region string) (*contactFeature, error) {
	if !c.enabled {
		return nil, nil
	}
	if st.messages == nil {
		log.Warn("contact form off: this store has no message store")
		return nil, nil
	}
	secret := []byte(c.secret)
	switch {
	case c.secret == "":
		secret = make([]byte, 32)
		rand.Read(secret)
		log.Warn("contact: no --contact-secret; a random one is used, so forms served before a restart are refused and must be sent again")
	case len(c.secret) < 32:
		return nil, &exitError{code: 2, err: errors.New("--contact-secret: want at least 32 characters")}
	}
	if c.minAge <= 0 {
		return nil, &exitError{code: 2, err: fmt.Errorf("--contact-min-age %v: want a positive duration", c.minAge)}
	}
	if c.perMinute < 0 {
		return nil, &exitError{code: 2, err: fmt.Errorf("--contact-rate %d: want 0 or more", c.perMinute)}
	}
	n, err := c.notifier(ctx, region)
	if err != nil {
		return nil, err
	}
	fe := &contactFeature{service: &contact.Service{
		Store:  st.messages,
		Tokens: &contact.Tokens{Secret: secret},
		MinAge: c.minAge,
	}}
	if c.perMinute > 0 {
		fe.service.Limiter = &ratelimit.Limiter{Every: time.Minute / time.Duration(c.perMinute), Burst: c.perMinute}
	}
	if n == nil {
		log.Warn("contact: --notify none; messages are kept but nobody is told of them")
		return fe, nil
	}
	fe.outbox = &contact.Outbox{Store: st.messages, Notifier: n, Logger: log}
	fe.service.Outbox = fe.outbox
	ctx, fe.cancel = context.WithCancel(ctx)
	fe.done = make(chan struct{})
	go func() {
		defer close(fe.done)
		fe.outbox.Run(ctx, 30*time.Second)
	}()
	return fe, nil
}

// stop stops the outbox and then sends what is due, so a message taken
// just before shutdown is not left waiting for the next start.
func (fe *contactFeature) stop(log *slog.Logger, timeout time.Duration) {
	if fe == nil || fe.outbox == nil {
		return
	}
	fe.cancel()
	<-fe.done
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if sent, err := fe.outbox.RunOnce(ctx); err != nil {
		log.Error("contact: drain outbox", "err", err)
	} else if sent > 0 {
		log.Info("contact: outbox drained", "sent", sent)
	}
}

// notifier answers the configured Notifier, or nil for none.
func (c *contactFlags) notifier(ctx context.Context, region string) (contact.Notifier, error) {
	kind := c.notify
	if kind == "" {
		kind = "none"
		if c.smtpHost != "" {
			kind = "smtp"
		}
	}
	switch kind {
	case "none":
		return nil, nil
	case "smtp":
		mode, err := mail.ParseTLSMode(c.smtpTLS)
		if err != nil {
			return nil, &exitError{code: 2, err: fmt.Errorf("--smtp-starttls: %w", err)}
		}
		n := &mail.SMTP{
			Host: c.smtpHost, Port: c.smtpPort, Username: c.smtpUser, Password: c.smtpPassword,
			From: c.mailFrom, To: c.mailTo, StartTLS: mode,
		}
		if err := n.Check(); err != nil {
			return nil, &exitError{code: 2, err: fmt.Errorf("--notify smtp: %w", err)}
		}
		return n, nil
	case "ses":
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
		if err != nil {
			return nil, fmt.Errorf("load AWS configuration: %w", err)
		}
		n := &mail.SES{Client: sesv2.NewFromConfig(cfg), From: c.mailFrom, To: c.mailTo}
		if err := n.Check(); err != nil {
			return nil, &exitError{code: 2, err: fmt.Errorf("--notify ses: %w", err)}
		}
		return n, nil
	}
	return nil, &exitError{code: 2, err: fmt.Errorf("--notify %q: want smtp, ses or none", c.notify)}
}

// serviceOrNil answers the service, or nil when the feature is off.
func (fe *contactFeature) serviceOrNil() *contact.Service {
	if fe == nil {
		return nil
	}
	return fe.service
}
