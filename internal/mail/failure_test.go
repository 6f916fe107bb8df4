package mail_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/mail/mailtest"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// TestSMTPPermanentOrTransient: a 5xx to the message's recipient is
// permanent; a 4xx, a refused greeting and a refused connection are not.
func TestSMTPPermanentOrTransient(t *testing.T) {
	refuse := func(code int, enhanced smtp.EnhancedCode, msg string) func(string) error {
		return func(string) error { return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: msg} }
	}
	for _, c := range []struct {
		name      string
		rcpt      func(string) error
		permanent bool
	}{
		{"550 no such user", refuse(550, smtp.EnhancedCode{5, 1, 1}, "no such user"), true},
		{"552 mailbox full", refuse(552, smtp.EnhancedCode{5, 2, 2}, "mailbox full"), true},
		{"451 try later", refuse(451, smtp.EnhancedCode{4, 3, 0}, "try again later"), false},
	} {
		srv := mailtest.Start(t, mailtest.Options{Rcpt: c.rcpt})
		err := notifier(srv).Notify(context.Background(), sample())
		if err == nil {
			t.Fatalf("%s: Notify succeeded", c.name)
		}
		if got := errors.Is(err, contact.ErrPermanent); got != c.permanent {
			t.Errorf("%s: Notify = %v; permanent %v, want %v", c.name, err, got, c.permanent)
		}
	}

	// A server that refuses the connection at its greeting refuses every
	// message alike: that is the server's state, not this message's fault.
	port, _ := listenWriting(t, "554 5.3.2 no service here\r\n")
	n := &mail.SMTP{Host: "127.0.0.1", Port: port, From: "a@site.example", To: "b@site.example", StartTLS: mail.TLSNone}
	if err := n.Notify(context.Background(), sample()); err == nil || errors.Is(err, contact.ErrPermanent) {
		t.Errorf("greeting 554: Notify = %v, want a transient error", err)
	}
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Close()
	if err := notifier(srv).Notify(context.Background(), sample()); err == nil || errors.Is(err, contact.ErrPermanent) {
		t.Errorf("server down: Notify = %v, want a transient error", err)
	}
	// A message that cannot be written as mail never will be.
	bad := sample()
	bad.Email = "not an address"
	if err := notifier(mailtest.Start(t, mailtest.Options{})).Notify(context.Background(), bad); !errors.Is(err, contact.ErrPermanent) {
		t.Errorf("bad visitor address: Notify = %v, want permanent", err)
	}
}

// TestSMTPTimeoutCutsOffStalledServer: a server that accepts the
// connection and never answers is given up on after Timeout, even when
// the caller's context would allow an hour.
func TestSMTPTimeoutCutsOffStalledServer(t *testing.T) {
	for _, mode := range []mail.TLSMode{mail.TLSAuto, mail.TLSNone, mail.TLSRequired} {
		port, accepted := listenSilent(t)
		n := &mail.SMTP{Host: "127.0.0.1", Port: port, From: "a@site.example", To: "b@site.example",
			StartTLS: mode, Timeout: 300 * time.Millisecond}
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		errc := make(chan error, 1)
		go func() { errc <- n.Notify(ctx, sample()) }()
		<-accepted
		select {
		case err := <-errc:
			if err == nil || errors.Is(err, contact.ErrPermanent) {
				t.Errorf("%s: Notify = %v, want a transient error", mode, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: Notify still waiting on a silent server, with a 300 ms timeout", mode)
		}
		cancel()
	}
}

// TestOutboxShutdownWithStalledServer: with mail stalled, an outbox stops
// when its context ends, its last attempt recorded, and a drain after it
// waits no longer than the SMTP timeout, however long the outbox's own
// bound on an attempt.
func TestOutboxShutdownWithStalledServer(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "outbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := sqlite.NewMessageStore(db)
	port, accepted := listenSilent(t)
	n := &mail.SMTP{Host: "127.0.0.1", Port: port, From: "a@site.example", To: "b@site.example", StartTLS: mail.TLSNone,
		Timeout: time.Hour}
	o := &contact.Outbox{Store: store, Notifier: n, Timeout: time.Hour}
	m := sample()
	m.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	m.Delivery = contact.Delivery{State: contact.Pending, NextAttempt: m.CreatedAt}
	if err := store.Save(ctx, m); err != nil {
		t.Fatal(err)
	}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { o.Run(runCtx, time.Hour); close(done) }()
	<-accepted // the attempt is under way, and the server silent
	stop()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run still waiting on a silent server after its context ended")
	}
	got, err := store.Get(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Delivery; d.State != contact.Pending || d.Attempts != 1 || d.LastError == "" {
		t.Fatalf("after shutdown: %+v, want the attempt recorded and the message pending", d)
	}

	// The drain at shutdown: the message is due again, the outbox allows
	// an hour per attempt, the SMTP timeout is 300 ms.
	if err := store.SetDelivery(ctx, m.ID, contact.Delivery{State: contact.Pending, Attempts: 1, NextAttempt: m.CreatedAt}); err != nil {
		t.Fatal(err)
	}
	n.Timeout = 300 * time.Millisecond
	drained := make(chan error, 1)
	go func() { _, err := o.RunOnce(ctx); drained <- err }()
	select {
	case err := <-drained:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("drain still waiting on a silent server, with a 300 ms SMTP timeout")
	}
	if got, _ := store.Get(ctx, m.ID); got.Delivery.Attempts != 2 || got.Delivery.State != contact.Pending {
		t.Fatalf("after the drain: %+v", got.Delivery)
	}
}

// TestSESPermanentOrTransient: a rejected message is permanent;
// throttling is not.
func TestSESPermanentOrTransient(t *testing.T) {
	for _, c := range []struct {
		errType, message string
		status           int
		permanent        bool
	}{
		{"MessageRejected", "Message contains a virus.", http.StatusBadRequest, true},
		{"BadRequestException", "Invalid reply-to address.", http.StatusBadRequest, true},
		// The sandbox's refusal of an address not verified is the
		// configuration's, fixed once for every message.
		{"MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: owner@site.example", http.StatusBadRequest, false},
		{"TooManyRequestsException", "Too many requests.", http.StatusTooManyRequests, false},
		{"SendingPausedException", "Sending is paused for this account.", http.StatusBadRequest, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Amzn-Errortype", c.errType)
			w.WriteHeader(c.status)
			io.WriteString(w, `{"message":"`+c.message+`"}`)
		}))
		n := &mail.SES{Client: sesClient(srv.URL), From: "noreply@site.example", To: "owner@site.example"}
		err := n.Notify(context.Background(), sample())
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), c.errType) {
			t.Fatalf("%s: Notify = %v", c.errType, err)
		}
		if got := errors.Is(err, contact.ErrPermanent); got != c.permanent {
			t.Errorf("%s %q: permanent %v, want %v", c.errType, c.message, got, c.permanent)
		}
	}
}
