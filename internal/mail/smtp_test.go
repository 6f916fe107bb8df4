package mail_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/mail/mailtest"
)

var when = time.Date(2026, 3, 1, 12, 30, 5, 0, time.UTC)

func sample() contact.Message {
	return contact.Message{
		ID: "01jabc", Name: "Zoë O'Brien", Email: "zoe@visitor.example",
		Body:      "Hello,\nI liked your résumé.\n.\nA line with a dot above.\n" + strings.Repeat("long ", 40),
		CreatedAt: when.Add(-time.Minute),
	}
}

func notifier(srv *mailtest.Server) *mail.SMTP {
	return &mail.SMTP{
		Host: srv.Host, Port: srv.Port,
		From: "Site <noreply@site.example>", To: "owner@site.example",
		Now: func() time.Time { return when },
	}
}

// parsed is a received message split into headers and decoded body.
type parsed struct {
	header netmail.Header
	names  []string // header field names in order, as sent
	body   string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("message has a bare LF line end")
	}
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, data)
	}
	var names []string
	head := data[:bytes.Index(data, []byte("\r\n\r\n"))]
	for _, line := range strings.Split(string(head), "\r\n") {
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			continue // folded continuation
		}
		names = append(names, line[:strings.IndexByte(line, ':')])
	}
	raw, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return parsed{header: m.Header, names: names, body: strings.ReplaceAll(string(raw), "\r\n", "\n")}
}

var wantHeaders = []string{"Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version", "Message-ID", "Reply-To", "Subject", "To"}

func assertHeaderSet(t *testing.T, p parsed) {
	t.Helper()
	got := append([]string(nil), p.names...)
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(wantHeaders, ",") {
		t.Fatalf("header fields %v, want exactly %v", got, wantHeaders)
	}
}

func TestSMTPNotify(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	m := sample()
	if err := notifier(srv).Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	r := got[0]
	if r.From != "noreply@site.example" || len(r.To) != 1 || r.To[0] != "owner@site.example" || r.TLS || r.User != "" {
		t.Fatalf("envelope %+v", r)
	}
	p := parse(t, r.Data)
	assertHeaderSet(t, p)
	h := p.header
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(h.Get("Subject"))
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	replyTo, err := h.AddressList("Reply-To")
	if err != nil {
		t.Fatal(err)
	}
	date, _ := h.Date()
	switch {
	case subject != "Contact form: Zoë O'Brien":
		t.Errorf("Subject %q", subject)
	case len(from) != 1 || from[0].Address != "noreply@site.example" || from[0].Name != "Site":
		t.Errorf("From %v", from)
	case len(to) != 1 || to[0].Address != "owner@site.example":
		t.Errorf("To %v", to)
	case len(replyTo) != 1 || replyTo[0].Address != "zoe@visitor.example" || replyTo[0].Name != "Zoë O'Brien":
		t.Errorf("Reply-To %v", replyTo)
	case !date.Equal(when):
		t.Errorf("Date %v", date)
	case !regexp.MustCompile(`^<[0-9a-f]{32}@site\.example>$`).MatchString(h.Get("Message-ID")):
		t.Errorf("Message-ID %q", h.Get("Message-ID"))
	case h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("Content-Transfer-Encoding") != "quoted-printable" || h.Get("MIME-Version") != "1.0":
		t.Errorf("MIME headers %v", h)
	}
	for _, want := range []string{"Name:     Zoë O'Brien\n", "Email:    zoe@visitor.example\n", "Received: Sun, 01 Mar 2026 12:29:05 +0000\n", "ID:       01jabc\n", "\n\n" + m.Body + "\n"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.body)
		}
	}
	// Lines are kept short (quoted-printable soft breaks).
	for _, line := range strings.Split(string(r.Data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestSMTPLongNameFoldsAndDecodes(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	m := sample()
	m.Name = strings.Repeat("Ünïcødé ", 12) + "Ω" // 100 characters
	if err := notifier(srv).Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	r := srv.Wait(t, 1, 5*time.Second)[0]
	p := parse(t, r.Data)
	assertHeaderSet(t, p)
	subject, err := new(mime.WordDecoder).DecodeHeader(p.header.Get("Subject"))
	if err != nil || subject != "Contact form: "+m.Name {
		t.Fatalf("Subject %q, %v", subject, err)
	}
	rt, err := p.header.AddressList("Reply-To")
	if err != nil || rt[0].Name != m.Name {
		t.Fatalf("Reply-To %v, %v", rt, err)
	}
	for _, line := range strings.Split(string(r.Data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestSMTPHeaderInjection(t *testing.T) {
	attacks := []struct {
		name string
		edit func(*contact.Message)
	}{
		{"name CRLF", func(m *contact.Message) { m.Name = "Eve\r\nBcc: evil@x.example" }},
		{"name LF", func(m *contact.Message) { m.Name = "Eve\nBcc: evil@x.example\n\nbody" }},
		{"name CR", func(m *contact.Message) { m.Name = "Eve\rBcc: evil@x.example" }},
		{"name encoded word", func(m *contact.Message) { m.Name = "=?utf-8?q?Eve=0D=0ABcc:_evil@x.example?=" }},
		{"name with quotes", func(m *contact.Message) { m.Name = `Eve" <evil@x.example>, "x` }},
		{"email CRLF", func(m *contact.Message) { m.Email = "eve@x.example\r\nBcc: evil@x.example" }},
		{"email list", func(m *contact.Message) { m.Email = "eve@x.example, evil@x.example" }},
		{"message CRLF", func(m *contact.Message) {
			m.Body = "hi\r\nBcc: evil@x.example\r\n\r\n.\r\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<evil@x.example>\r\nDATA\r\n"
		}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			m := sample()
			a.edit(&m)

			// First line of defence: validation refuses line breaks and
			// lists in the name and the address.
			_, verr := contact.Validate(contact.Form{Name: m.Name, Email: m.Email, Message: m.Body})
			if strings.HasPrefix(a.name, "name C") || strings.HasPrefix(a.name, "name L") || strings.HasPrefix(a.name, "email") {
				if verr == nil {
					t.Fatalf("validation accepted %+v", m)
				}
			}

			// Second: whatever reaches the notifier cannot add a header or
			// a recipient.
			srv := mailtest.Start(t, mailtest.Options{})
			err := notifier(srv).Notify(context.Background(), m)
			if strings.HasPrefix(a.name, "email") {
				if err == nil {
					t.Fatal("an invalid visitor address was sent")
				}
				if n := len(srv.Messages()); n != 0 {
					t.Fatalf("%d messages sent", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := srv.Wait(t, 1, 5*time.Second)
			if len(r) != 1 || len(r[0].To) != 1 || r[0].To[0] != "owner@site.example" {
				t.Fatalf("recipients %+v", r)
			}
			p := parse(t, r[0].Data)
			assertHeaderSet(t, p)
			if p.header.Get("Bcc") != "" {
				t.Fatal("Bcc header injected")
			}
			rt, err := p.header.AddressList("Reply-To")
			if err != nil || len(rt) != 1 || rt[0].Address != "zoe@visitor.example" {
				t.Fatalf("Reply-To %v, %v", rt, err)
			}
			if strings.Contains(a.name, "message") && !strings.Contains(p.body, "\nBcc: evil@x.example\n\n.\nMAIL FROM:") {
				t.Fatalf("message text not kept as text:\n%s", p.body)
			}
		})
	}
}

func TestSMTPStartTLSAndAuth(t *testing.T) {
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, Users: map[string]string{"site": "s3cret"}})
	ctx := context.Background()

	for _, mode := range []mail.TLSMode{mail.TLSAuto, mail.TLSRequired} {
		n := notifier(srv)
		n.StartTLS, n.TLSConfig, n.Username, n.Password = mode, clientTLS, "site", "s3cret"
		if err := n.Notify(ctx, sample()); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
	}
	got := srv.Wait(t, 2, 5*time.Second)
	for _, r := range got {
		if !r.TLS || r.User != "site" {
			t.Fatalf("received over TLS=%v as %q", r.TLS, r.User)
		}
	}

	fail := map[string]func(*mail.SMTP){
		"wrong password":    func(n *mail.SMTP) { n.Password = "guess" },
		"untrusted cert":    func(n *mail.SMTP) { n.TLSConfig = nil },
		"wrong server name": func(n *mail.SMTP) { n.TLSConfig = clientTLS.Clone(); n.TLSConfig.ServerName = "other.example" },
		"no auth":           func(n *mail.SMTP) { n.Username = "" },
		// AUTH is only offered after STARTTLS; the password is not sent.
		"no TLS": func(n *mail.SMTP) { n.StartTLS = mail.TLSNone },
	}
	for name, edit := range fail {
		n := notifier(srv)
		n.StartTLS, n.TLSConfig, n.Username, n.Password = mail.TLSRequired, clientTLS, "site", "s3cret"
		edit(n)
		if err := n.Notify(ctx, sample()); err == nil {
			t.Errorf("%s: Notify succeeded", name)
		}
	}
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages received, want 2", n)
	}
}

func TestSMTPRequiredTLSNotOffered(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	n := notifier(srv)
	n.StartTLS = mail.TLSRequired
	if err := n.Notify(context.Background(), sample()); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Notify = %v, want a STARTTLS error", err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("sent in clear text although TLS was required")
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, Implicit: true, Users: map[string]string{"site": "pw"}})
	n := notifier(srv)
	n.StartTLS, n.TLSConfig, n.Username, n.Password = mail.TLSImplicit, clientTLS, "site", "pw"
	if err := n.Notify(context.Background(), sample()); err != nil {
		t.Fatal(err)
	}
	if r := srv.Wait(t, 1, 5*time.Second)[0]; !r.TLS || r.User != "site" {
		t.Fatalf("received %+v", r)
	}
}

func TestSMTPContextBoundsAttempt(t *testing.T) {
	// A server that accepts the connection and never greets.
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Close()
	l, _ := listenSilent(t)
	n := &mail.SMTP{Host: "127.0.0.1", Port: l, From: "a@site.example", To: "b@site.example"}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := n.Notify(ctx, sample()); err == nil {
		t.Fatal("Notify succeeded against a silent server")
	}
	if d := time.Since(start); d > 10*time.Second { // a bound a loaded machine meets: the attempt is cut off, not left to hang
		t.Fatalf("Notify took %v with a 200 ms context", d)
	}
}

func TestSMTPCheck(t *testing.T) {
	good := mail.SMTP{Host: "smtp.example", From: "Site <noreply@site.example>", To: "owner@site.example"}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*mail.SMTP){
		"no host":      func(s *mail.SMTP) { s.Host = "" },
		"no from":      func(s *mail.SMTP) { s.From = "" },
		"bad to":       func(s *mail.SMTP) { s.To = "owner" },
		"to with CRLF": func(s *mail.SMTP) { s.To = "owner@site.example\r\nBcc: x@y.example" },
		"bad mode":     func(s *mail.SMTP) { s.StartTLS = "sometimes" },
	} {
		s := good
		edit(&s)
		if err := s.Check(); err == nil {
			t.Errorf("%s: Check accepted %+v", name, s)
		}
	}
	for _, s := range []string{"", "auto", "always", "never", "implicit"} {
		if _, err := mail.ParseTLSMode(s); err != nil {
			t.Errorf("ParseTLSMode(%q): %v", s, err)
		}
	}
}
