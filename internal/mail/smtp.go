package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// TLSMode says how the SMTP connection is secured.
type TLSMode string

// TLS modes.
const (
	TLSAuto     TLSMode = "auto"     // STARTTLS when the server offers it (the zero value)
	TLSRequired TLSMode = "always"   // STARTTLS, and fail when it is not offered
	TLSNone     TLSMode = "never"    // plain text; only for a relay on the same host
	TLSImplicit TLSMode = "implicit" // TLS from the first byte (port 465)
)

// ParseTLSMode parses auto, always, never or implicit.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(s); m {
	case TLSAuto, TLSRequired, TLSNone, TLSImplicit:
		return m, nil
	case "":
		return TLSAuto, nil
	}
	return "", fmt.Errorf("smtp tls mode %q: want auto, always, never or implicit", s)
}

// SMTP sends notifications through an SMTP submission server.
type SMTP struct {
	Host               string
	Port               int    // 0: 587, or 465 with TLSImplicit
	Username, Password string // AUTH PLAIN when Username is set; only over TLS or to a loopback server
	From               string // the site's address, "Site <noreply@example.com>" or a bare address
	To                 string // the owner's address
	StartTLS           TLSMode
	TLSConfig          *tls.Config      // nil: system roots, ServerName = Host
	LocalName          string           // EHLO name; "": localhost
	Timeout            time.Duration    // bound on one notification, however long ctx allows; 0: 30 s
	Now                func() time.Time // Date header; nil: time.Now
}

var _ contact.Notifier = (*SMTP)(nil)

// Check reports a configuration that cannot work, for start-up.
func (s *SMTP) Check() error {
	if s.Host == "" {
		return errors.New("smtp host is not set")
	}
	if _, err := ParseTLSMode(string(s.StartTLS)); err != nil {
		return err
	}
	return CheckAddresses(s.From, s.To)
}

// CheckAddresses reports a sender or recipient address that mail cannot
// be sent with.
func CheckAddresses(from, to string) error {
	if _, err := parseAddress("from", from); err != nil {
		return err
	}
	_, err := parseAddress("to", to)
	return err
}

// Notify mails m to the owner. It gives up after Timeout, or sooner when
// ctx ends: a server that accepts the connection and then says nothing
// holds it no longer. A refusal of this message (a 5xx to its sender,
// recipient or content) and a message that cannot be composed are
// contact.ErrPermanent; every other failure may pass and is not.
func (s *SMTP) Notify(ctx context.Context, m contact.Message) error {
	if err := s.Check(); err != nil {
		return err
	}
	from, _ := parseAddress("from", s.From)
	to, _ := parseAddress("to", s.To)
	msg, err := compose(from, to, m, s.now())
	if err != nil {
		return contact.Permanent(err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := s.auth(c); err != nil {
		return err
	}
	// The greeting and EHLO now, so that a refusal of the connection is
	// not taken for a refusal of the message.
	if err := c.Noop(); err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	if err := c.SendMail(from.Address, []string{to.Address}, bytesReader(msg)); err != nil {
		err = fmt.Errorf("smtp send: %w", err)
		var se *smtp.SMTPError
		if errors.As(err, &se) && se.Code >= 500 && se.Code <= 599 {
			return contact.Permanent(err)
		}
		return err
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("smtp quit: %w", err)
	}
	return nil
}

func (s *SMTP) timeout() time.Duration {
	if s.Timeout <= 0 {
		return 30 * time.Second
	}
	return s.Timeout
}

// conn is a connected client and whether the connection is encrypted.
type conn struct {
	*smtp.Client
	secure   bool
	loopback bool
}

// dial connects and secures the connection as StartTLS asks. The
// connection is closed if ctx ends first.
func (s *SMTP) dial(ctx context.Context) (*conn, error) {
	mode, _ := ParseTLSMode(string(s.StartTLS))
	port := s.Port
	if port == 0 {
		port = 587
		if mode == TLSImplicit {
			port = 465
		}
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(port))
	cfg := s.tlsConfig()

	connect := func() (net.Conn, error) {
		var d net.Dialer
		nc, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("smtp connect: %w", err)
		}
		if dl, ok := ctx.Deadline(); ok {
			nc.SetDeadline(dl)
		}
		// The client sets a deadline of its own on each command, which
		// would replace the one above: closing the connection when ctx
		// ends unblocks any read or write whatever deadline is set.
		// Notify cancels ctx when it returns, which releases this too.
		context.AfterFunc(ctx, func() { nc.Close() })
		if mode == TLSImplicit {
			tc := tls.Client(nc, cfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				nc.Close()
				return nil, fmt.Errorf("smtp tls: %w", err)
			}
			return tc, nil
		}
		return nc, nil
	}
	newClient := func(nc net.Conn) *smtp.Client {
		c := smtp.NewClient(nc)
		boundCommands(ctx, c)
		if s.LocalName != "" {
			c.Hello(s.LocalName) // an error resurfaces on the next command
		}
		return c
	}

	nc, err := connect()
	if err != nil {
		return nil, err
	}
	loopback := isLoopback(nc.RemoteAddr())
	switch mode {
	case TLSImplicit:
		return &conn{Client: newClient(nc), secure: true, loopback: loopback}, nil
	case TLSNone:
		return &conn{Client: newClient(nc), loopback: loopback}, nil
	case TLSAuto:
		// The client library cannot upgrade a connection it has already
		// greeted, so ask first and reconnect when STARTTLS is offered.
		c := newClient(nc)
		if ok, _ := c.Extension("STARTTLS"); !ok {
			// A failed greeting also lands here; SendMail reports it.
			return &conn{Client: c, loopback: loopback}, nil
		}
		if err := c.Quit(); err != nil {
			c.Close()
		}
		if nc, err = connect(); err != nil {
			return nil, err
		}
	}
	// The client greets and upgrades at once, with its own deadlines; the
	// connection is closed when ctx ends all the same.
	c, err := smtp.NewClientStartTLS(nc, cfg)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("smtp starttls: %w", err)
	}
	boundCommands(ctx, c)
	if s.LocalName != "" {
		c.Hello(s.LocalName)
	}
	return &conn{Client: c, secure: true, loopback: loopback}, nil
}

// boundCommands bounds each of c's commands by ctx's deadline, in place of
// the client's defaults of minutes.
func boundCommands(ctx context.Context, c *smtp.Client) {
	if dl, ok := ctx.Deadline(); ok {
		left := max(time.Until(dl), time.Millisecond)
		c.CommandTimeout, c.SubmissionTimeout = left, left
	}
}

// auth logs in with AUTH PLAIN when a username is configured. It refuses to
// send the password in clear text except to a server on this machine.
func (s *SMTP) auth(c *conn) error {
	if s.Username == "" {
		return nil
	}
	if !c.secure && !c.loopback {
		return errors.New("smtp auth: refusing to send credentials without TLS")
	}
	if !c.SupportsAuth("PLAIN") {
		return errors.New("smtp auth: server does not offer AUTH PLAIN")
	}
	if err := c.Auth(sasl.NewPlainClient("", s.Username, s.Password)); err != nil {
		return fmt.Errorf("smtp auth: %w", err)
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.Host
	}
	return cfg
}

func (s *SMTP) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
