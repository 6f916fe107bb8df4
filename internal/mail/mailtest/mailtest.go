// Package mailtest runs a real SMTP server in the test process, on
// 127.0.0.1, and keeps what it receives.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message received.
type Message struct {
	From string   // envelope sender
	To   []string // envelope recipients
	Data []byte   // the message as received, dots unstuffed
	User string   // the AUTH username, "" without AUTH
	TLS  bool     // whether the connection was encrypted
}

// Options configures a Server.
type Options struct {
	Addr     string            // listen address; "": 127.0.0.1:0
	TLS      *tls.Config       // offer STARTTLS with this configuration
	Implicit bool              // TLS from the first byte (needs TLS)
	Users    map[string]string // when set, AUTH PLAIN is offered and required
	// Rcpt, when set, answers each RCPT TO: an error refuses the
	// recipient (an *smtp.SMTPError gives the reply code).
	Rcpt func(to string) error
}

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int

	srv      *smtp.Server
	listener net.Listener
	opts     Options

	mu       sync.Mutex
	msgs     []Message
	received chan struct{}
}

// Start starts a server that the test stops when it ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var l net.Listener
	var err error
	if opts.Implicit {
		l, err = tls.Listen("tcp", addr, opts.TLS)
	} else {
		l, err = net.Listen("tcp", addr)
	}
	if err != nil {
		t.Fatalf("smtp listen: %v", err)
	}
	s := &Server{opts: opts, received: make(chan struct{}, 1000)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c}, nil
	}))
	s.srv.Domain = "mx.test"
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.MaxRecipients = 50
	s.srv.ErrorLog = testLogger{t}
	if !opts.Implicit {
		s.srv.TLSConfig = opts.TLS
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	done := make(chan struct{})
	go func() { s.srv.Serve(l); close(done) }()
	s.listener = l
	t.Cleanup(func() {
		s.Close()
		<-done
	})
	return s
}

// Close stops the server. Closing the listener too stops Serve even when
// it has not yet registered it.
func (s *Server) Close() {
	s.srv.Close()
	s.listener.Close()
}

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until n messages have been received, or fails the test.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if got := s.Messages(); len(got) >= n {
			return got
		}
		select {
		case <-s.received:
		case <-deadline:
			t.Fatalf("smtp: %d messages received after %v, want %d", len(s.Messages()), timeout, n)
		}
	}
}

type session struct {
	s    *Server
	conn *smtp.Conn
	user string
	cur  Message
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if want, ok := ss.s.opts.Users[username]; !ok || want != password || (identity != "" && identity != username) {
			return errors.New("invalid credentials")
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Users != nil && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.cur = Message{From: from, User: ss.user, TLS: isTLS}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.s.opts.Rcpt != nil {
		if err := ss.s.opts.Rcpt(to); err != nil {
			return err
		}
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	ss.cur.Data = b.Bytes()
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, ss.cur)
	ss.s.mu.Unlock()
	select {
	case ss.s.received <- struct{}{}:
	default:
	}
	return nil
}

func (ss *session) Reset()        { ss.cur = Message{} }
func (ss *session) Logout() error { return nil }

type testLogger struct{ t testing.TB }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// SelfSigned makes a certificate for 127.0.0.1 and localhost. It returns
// the server's configuration and a client configuration that trusts it.
func SelfSigned(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "mx.test"},
		DNSNames:     []string{"localhost", "mx.test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	client = &tls.Config{RootCAs: pool}
	return server, client
}
