package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail/mailtest"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// seedMessages writes msgs to a new database file and answers its path.
func seedMessages(t *testing.T, msgs ...contact.Message) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "site.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := sqlite.NewMessageStore(db)
	for _, m := range msgs {
		if err := s.Save(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	s.AddSpam(context.Background())
	return path
}

func TestMessagesCommand(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	path := seedMessages(t,
		contact.Message{ID: "m1", Name: "Ada Lovelace", Email: "ada@example.com", Body: "First line\nsecond line", CreatedAt: t0,
			Delivery: contact.Delivery{State: contact.Sent, Attempts: 1, SentAt: t0}},
		contact.Message{ID: "m2", Name: "Eve \x1b[31mRed", Email: "eve@example.com", Body: strings.Repeat("long ", 30), CreatedAt: t0.Add(time.Hour),
			Delivery: contact.Delivery{State: contact.Pending, Attempts: 3, LastError: "connection refused", NextAttempt: t0.Add(2 * time.Hour)}},
	)

	out, _, err := cli(t, nil, "messages", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("output:\n%s", out)
	}
	for i, want := range [][]string{
		{"ID", "NEW", "RECEIVED (UTC)", "FROM", "EMAIL", "DELIVERY", "MESSAGE"},
		{"m2", "*", "2026-03-01 10:30", "Eve  [31mRed", "eve@example.com", "pending (3 attempts)", "long long"},
		{"m1", "*", "2026-03-01 09:30", "Ada Lovelace", "ada@example.com", "sent", "First line …"},
	} {
		for _, cell := range want {
			if !strings.Contains(lines[i], cell) {
				t.Errorf("line %d %q lacks %q", i, lines[i], cell)
			}
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escape sequence printed to the terminal")
	}
	if lines[3] != "2 messages in the inbox, 2 unread; 1 spam refused" {
		t.Errorf("summary %q", lines[3])
	}

	if out, _, err := cli(t, nil, "messages", "--db", path, "--mark-read", "m2"); err != nil || out != "marked m2 read\n" {
		t.Fatalf("mark read: %q, %v", out, err)
	}
	out, _, err = cli(t, nil, "messages", "--db", path, "--unread", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Messages []contact.Message `json:"messages"`
		Spam     int64             `json:"spam"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Messages) != 1 || got.Messages[0].ID != "m1" || got.Messages[0].Body != "First line\nsecond line" ||
		got.Messages[0].Delivery.State != contact.Sent || got.Spam != 1 {
		t.Fatalf("json = %+v", got)
	}

	_, _, err = cli(t, nil, "messages", "--db", path, "--mark-read", "nope")
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("mark unknown: %v", err)
	}
	if _, _, err := cli(t, nil, "messages", "--db", path, "extra"); exitCode(io.Discard, err) != 2 {
		t.Fatalf("extra argument: %v", err)
	}
}

// contactSecret signs form tokens in the serve tests.
const contactSecret = "serve test secret, 32 characters or more"

// formToken is a token as served with a form 10 s ago.
func formToken() string {
	tok := &contact.Tokens{Secret: []byte(contactSecret), Now: func() time.Time { return time.Now().Add(-10 * time.Second) }}
	return tok.Issue()
}

func TestServeContactDeliversMail(t *testing.T) {
	smtp := mailtest.Start(t, mailtest.Options{})
	db := filepath.Join(t.TempDir(), "site.db")
	s := startServe(t, "--db", db, "--contact-secret", contactSecret,
		"--smtp-host", smtp.Host, "--smtp-port", fmt.Sprint(smtp.Port), "--smtp-starttls", "never",
		"--mail-from", "Site <noreply@site.example>", "--mail-to", "owner@site.example")

	// The page carries the form and its token.
	resp, err := http.Get(s.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(page, []byte(`id="contact-form"`)) || !bytes.Contains(page, []byte(`name="token" value="`)) {
		t.Fatal("home page has no contact form with a token")
	}

	body := `{"name":"Zoë","email":"zoe@visitor.example","message":"Hello!\nCall me.","website":"","token":"` + formToken() + `"}`
	resp, err = http.Post(s.url+"/api/contact", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/contact: %d", resp.StatusCode)
	}

	got := smtp.Wait(t, 1, 10*time.Second)
	r := got[0]
	if r.From != "noreply@site.example" || len(r.To) != 1 || r.To[0] != "owner@site.example" {
		t.Fatalf("envelope %+v", r)
	}
	m, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	if rt := m.Header.Get("Reply-To"); !strings.Contains(rt, "<zoe@visitor.example>") ||
		!strings.Contains(string(text), "Hello!\r\nCall me.") {
		t.Fatalf("Reply-To %q, body:\n%s", rt, text)
	}

	// The message is kept, marked sent.
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _, err := cli(t, nil, "messages", "--db", db, "--json")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, `"state": "sent"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("message not marked sent:\n%s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(smtp.Messages()); n != 1 {
		t.Fatalf("%d mails, want 1", n)
	}
}

func TestServeContactFlags(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown notify": {"--notify", "pigeon"},
		"smtp no host":   {"--notify", "smtp", "--mail-from", "a@b.example", "--mail-to", "c@d.example"},
		"smtp no to":     {"--smtp-host", "127.0.0.1", "--mail-from", "a@b.example"},
		"bad tls mode":   {"--smtp-host", "127.0.0.1", "--smtp-starttls", "maybe", "--mail-from", "a@b.example", "--mail-to", "c@d.example"},
		"short secret":   {"--contact-secret", "short"},
	} {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "x.db")}, args...)
		_, _, err := cli(t, nil, args...)
		if code := exitCode(io.Discard, err); code != 2 {
			t.Errorf("%s: exit %d (%v), want 2", name, code, err)
		}
	}
}

// The totals are the inbox's, whatever page is shown, and a message that
// nobody is told of is not said to be waiting.
func TestMessagesTotalsAndNoNotifier(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	var msgs []contact.Message
	for i := range 3 {
		msgs = append(msgs, contact.Message{ID: fmt.Sprint("m", i), Name: "Ada", Email: "ada@example.com", Body: "Hi",
			CreatedAt: t0.Add(time.Duration(i) * time.Minute), Delivery: contact.Delivery{State: contact.Pending, NextAttempt: t0}})
	}
	path := seedMessages(t, msgs...)
	out, _, err := cli(t, nil, "messages", "--db", path, "--limit", "1")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[2] != "3 messages in the inbox (1 shown), 3 unread; 1 spam refused" {
		t.Fatalf("output:\n%s", out)
	}
	if !strings.Contains(lines[1], "not sent (no notifier)") {
		t.Errorf("with no notifier: %q", lines[1])
	}
	out, _, err = cli(t, map[string]string{"CLOUDRESUME_SMTP_HOST": "smtp.example.org"}, "messages", "--db", path, "--limit", "1")
	if err != nil || !strings.Contains(out, "  pending  ") {
		t.Errorf("with a notifier: %v\n%s", err, out)
	}
	out, _, err = cli(t, nil, "messages", "--db", path, "--limit", "2", "--json")
	var doc struct {
		Messages []contact.Message
		contact.Counts
	}
	if err != nil || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Messages) != 2 || doc.Counts != (contact.Counts{Total: 3, Unread: 3, Spam: 1}) {
		t.Errorf("--json: %v %+v\n%s", err, doc, out)
	}
}

// A message refused for good, and one pending for long, are told of, and
// --retry and --retry-failed make failed messages pending again.
func TestMessagesUndeliveredAndRetry(t *testing.T) {
	old := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Millisecond)
	path := seedMessages(t,
		contact.Message{ID: "f1", Name: "Ada", Email: "ada@example.com", Body: "Hi", CreatedAt: old,
			Delivery: contact.Delivery{State: contact.Failed, Attempts: 1, LastError: "550 mailbox unavailable"}},
		contact.Message{ID: "f2", Name: "Bo", Email: "bo@example.com", Body: "Hi", CreatedAt: old.Add(time.Minute),
			Delivery: contact.Delivery{State: contact.Failed, Attempts: 1, LastError: "550 mailbox unavailable"}},
		contact.Message{ID: "p1", Name: "Cy", Email: "cy@example.com", Body: "Hi", CreatedAt: old.Add(2 * time.Minute),
			Delivery: contact.Delivery{State: contact.Pending, Attempts: 4, LastError: "dial tcp: connection refused", NextAttempt: old}},
	)
	smtp := map[string]string{"CLOUDRESUME_SMTP_HOST": "smtp.example.org"}
	out, _, err := cli(t, smtp, "messages", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 messages not delivered: refused for good (550 mailbox unavailable)", "--retry-failed", "1 message pending for more than an hour"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if out, _, err := cli(t, smtp, "messages", "--db", path, "--retry", "f1"); err != nil || !strings.HasPrefix(out, "f1 will be sent again") {
		t.Fatalf("--retry f1: %v %q", err, out)
	}
	if _, _, err := cli(t, smtp, "messages", "--db", path, "--retry", "nope"); exitCode(io.Discard, err) == 0 {
		t.Error("--retry of an unknown message succeeded")
	}
	if out, _, err := cli(t, smtp, "messages", "--db", path, "--retry-failed"); err != nil || !strings.HasPrefix(out, "1 failed message will be sent again") {
		t.Fatalf("--retry-failed: %v %q", err, out)
	}
	out, _, err = cli(t, smtp, "messages", "--db", path, "--json")
	var doc struct{ Failed, LongPending int }
	if err != nil || json.Unmarshal([]byte(out), &struct {
		Failed      *int `json:"failed"`
		LongPending *int `json:"long_pending"`
	}{&doc.Failed, &doc.LongPending}) != nil || doc.Failed != 0 || doc.LongPending != 3 { // retried, still not told of, after three hours
		t.Errorf("after the retries: %+v %v\n%s", doc, err, out)
	}
}
