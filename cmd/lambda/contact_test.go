package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// contactSecret is the test deployment's form-token key.
const contactSecret = "test-contact-secret-not-a-real-one-0123456789"

// sendEmail is what the function sent to SES (v2 SendEmail).
type sendEmail struct {
	FromEmailAddress string
	Destination      struct{ ToAddresses []string }
	ReplyToAddresses []string
	Content          struct {
		Simple struct {
			Subject struct{ Data string }
			Body    struct{ Text struct{ Data string } }
		}
	}
	authorization string
}

// sesServer is a local SES v2 endpoint that records SendEmail requests and
// answers them with status (200: sent).
type sesServer struct {
	URL    string
	mu     sync.Mutex
	sent   []sendEmail
	status int
}

func startSES(t *testing.T) *sesServer {
	t.Helper()
	s := &sesServer{status: http.StatusOK}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" {
			t.Errorf("SES request %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req sendEmail
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("SendEmail body %s: %v", body, err)
		}
		req.authorization = r.Header.Get("Authorization")
		s.mu.Lock()
		s.sent = append(s.sent, req)
		status := s.status
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if status != http.StatusOK {
			// What SES answers in its sandbox for a recipient not verified.
			w.Header().Set("X-Amzn-Errortype", "MessageRejected")
			w.WriteHeader(status)
			io.WriteString(w, `{"message":"Email address is not verified. The following identities failed the check in region US-EAST-1: owner@example.com"}`)
			return
		}
		io.WriteString(w, `{"MessageId":"0100019375a1b2c3-test"}`)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *sesServer) requests() []sendEmail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sendEmail(nil), s.sent...)
}

func (s *sesServer) setStatus(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = code
}

// contactDeployment is the test deployment with the contact form on and
// SES (at ses) notifying the owner.
func contactDeployment(t *testing.T, ses *sesServer) map[string]string {
	env := deployment(t)
	env["CLOUDRESUME_CONTACT_SECRET"] = contactSecret
	env["CLOUDRESUME_NOTIFY"] = "ses"
	env["CLOUDRESUME_MAIL_FROM"] = "Site <noreply@example.com>"
	env["CLOUDRESUME_MAIL_TO"] = "owner@example.com"
	env["CLOUDRESUME_SES_ENDPOINT"] = ses.URL
	return env
}

// contactEvent answers testdata/http-post-contact.json with a form token
// issued a minute ago, as by a visitor who took the time to type.
func contactEvent(t *testing.T) []byte {
	t.Helper()
	tokens := &contact.Tokens{Secret: []byte(contactSecret), Now: func() time.Time { return time.Now().Add(-time.Minute) }}
	body, _ := json.Marshal(map[string]string{
		"name": "Ada Lovelace", "email": "ada@example.org", "message": "Hello! I read your resume.",
		"website": "", "token": tokens.Issue(),
	})
	var m map[string]any
	if err := json.Unmarshal(event(t, "http-post-contact.json"), &m); err != nil {
		t.Fatal(err)
	}
	m["body"] = base64.StdEncoding.EncodeToString(body)
	out, _ := json.Marshal(m)
	return out
}

func messages(t *testing.T, env map[string]string) []contact.Message {
	t.Helper()
	ms, err := stores(env).Messages.List(context.Background(), contact.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func checkNotification(t *testing.T, got sendEmail) {
	t.Helper()
	if from, err := mail.ParseAddress(got.FromEmailAddress); err != nil || from.Name != "Site" || from.Address != "noreply@example.com" ||
		len(got.Destination.ToAddresses) != 1 ||
		got.Destination.ToAddresses[0] != "owner@example.com" {
		t.Errorf("sent from %q to %q", got.FromEmailAddress, got.Destination.ToAddresses)
	}
	if len(got.ReplyToAddresses) != 1 || !strings.Contains(got.ReplyToAddresses[0], "ada@example.org") {
		t.Errorf("reply-to %q, want the visitor", got.ReplyToAddresses)
	}
	if s := got.Content.Simple; s.Subject.Data != "Contact form: Ada Lovelace" || !strings.Contains(s.Body.Text.Data, "Hello! I read your resume.") {
		t.Errorf("subject %q, body %q", s.Subject.Data, s.Body.Text.Data)
	}
	// Signed with the execution role's credentials, for SES in the region.
	if !strings.HasPrefix(got.authorization, "AWS4-HMAC-SHA256 Credential=S3RVER/") || !strings.Contains(got.authorization, "/us-east-1/ses/aws4_request") {
		t.Errorf("Authorization %q", got.authorization)
	}
}

func TestContactDeliveredInTheSameInvocation(t *testing.T) {
	ses := startSES(t)
	env := contactDeployment(t, ses)
	h, logs := newTestHandler(t, env)

	resp := invokeHTTP(t, h, "req-contact", contactEvent(t))
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/contact: %d %s\n%s", resp.StatusCode, resp.Body, logs)
	}
	// Sent before the invocation returned: Lambda freezes the function
	// after that.
	sent := ses.requests()
	if len(sent) != 1 {
		t.Fatalf("%d SendEmail requests during the invocation, want 1\n%s", len(sent), logs)
	}
	checkNotification(t, sent[0])
	ms := messages(t, env)
	if len(ms) != 1 || ms[0].Delivery.State != contact.Sent || ms[0].Name != "Ada Lovelace" {
		t.Fatalf("stored %+v, want one message marked sent", ms)
	}

	// Spam (the honeypot filled in) gets the same answer and sends nothing.
	var m map[string]any
	json.Unmarshal(contactEvent(t), &m)
	m["body"] = base64.StdEncoding.EncodeToString([]byte(`{"name":"Bot","email":"bot@example.net","message":"buy","website":"http://spam.example","token":""}`))
	spam, _ := json.Marshal(m)
	if resp := invokeHTTP(t, h, "req-spam", spam); resp.StatusCode != http.StatusAccepted {
		t.Errorf("spam: %d, want the same 202", resp.StatusCode)
	}
	if n := len(ses.requests()); n != 1 {
		t.Errorf("%d SendEmail requests after spam, want still 1", n)
	}
}

func TestContactAcceptedWhileMailFails(t *testing.T) {
	ses := startSES(t)
	ses.setStatus(http.StatusBadRequest)
	env := contactDeployment(t, ses)
	h, logs := newTestHandler(t, env)

	resp := invokeHTTP(t, h, "req-contact", contactEvent(t))
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(resp.Body, `"received"`) {
		t.Fatalf("POST /api/contact with mail failing: %d %s, want 202\n%s", resp.StatusCode, resp.Body, logs)
	}
	if n := len(ses.requests()); n != 1 {
		t.Errorf("%d SendEmail attempts, want 1", n)
	}
	ms := messages(t, env)
	if len(ms) != 1 {
		t.Fatalf("%d messages stored, want 1", len(ms))
	}
	d := ms[0].Delivery
	if d.State != contact.Pending || d.Attempts != 1 || !strings.Contains(d.LastError, "not verified") || !d.NextAttempt.After(time.Now()) {
		t.Errorf("delivery %+v, want pending after one failed attempt, retried later", d)
	}
}

func TestScheduledEventDrainsPendingMessages(t *testing.T) {
	ses := startSES(t)
	env := contactDeployment(t, ses)
	h, logs := newTestHandler(t, env)

	// A message whose delivery failed earlier and is due again.
	created := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Millisecond)
	err := stores(env).Messages.Save(context.Background(), contact.Message{
		ID: "01JDF3ZK6W4X8Y2Q5R7T9V1B3D", Name: "Ada Lovelace", Email: "ada@example.org",
		Body: "Hello! I read your resume.", CreatedAt: created,
		Delivery: contact.Delivery{State: contact.Pending, Attempts: 1, LastError: "ses send: timeout", NextAttempt: created.Add(30 * time.Second)},
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // the function's timeout
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: "req-schedule"})
	out, err := h.Invoke(ctx, event(t, "scheduled-event.json"))
	if err != nil {
		t.Fatalf("scheduled event: %v\n%s", err, logs)
	}
	if n := scheduledSent(t, out); n != 1 {
		t.Errorf("answer %s, want one sent", out)
	}
	sent := ses.requests()
	if len(sent) != 1 {
		t.Fatalf("%d SendEmail requests, want 1", len(sent))
	}
	checkNotification(t, sent[0])
	ms := messages(t, env)
	if len(ms) != 1 || ms[0].Delivery.State != contact.Sent || ms[0].Delivery.Attempts != 2 {
		t.Errorf("stored %+v, want the message sent on its second attempt", ms)
	}

	// Nothing is due any more: a second run sends nothing.
	if out, err := h.Invoke(ctx, event(t, "scheduled-event.json")); err != nil || scheduledSent(t, out) != 0 {
		t.Errorf("second run: %s %v", out, err)
	}
	if n := len(ses.requests()); n != 1 {
		t.Errorf("%d SendEmail requests after the second run, want 1", n)
	}
}

func TestContactOff(t *testing.T) {
	// Without a secret the function refuses to start: a random key per
	// execution environment would refuse the forms the others served.
	env := deployment(t)
	delete(env, "CLOUDRESUME_CONTACT_SECRET")
	err := run(context.Background(), func(k string) string { return env[k] }, &syncbuf.Buffer{}, func(lambda.Handler, *slog.Logger) {
		t.Error("started with the contact form on and no secret")
	})
	if !app.IsConfigError(err) || !strings.Contains(err.Error(), "CLOUDRESUME_CONTACT_SECRET") {
		t.Fatalf("err %v, want a configuration error naming CLOUDRESUME_CONTACT_SECRET", err)
	}
	env["CLOUDRESUME_CONTACT"] = "false"
	h, _ := newTestHandler(t, env)
	if resp := invokeHTTP(t, h, "req-contact", contactEvent(t)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /api/contact with the contact form off: %d, want 404", resp.StatusCode)
	}
	// The schedule has nothing to do, and says so without failing.
	out, err := h.Invoke(context.Background(), event(t, "scheduled-event.json"))
	if err != nil || scheduledSent(t, out) != 0 {
		t.Errorf("scheduled event with contact off: %s %v", out, err)
	}
}

// The scheduled run reports the messages the owner was not told of as
// CloudWatch metrics in its log, which the deployment alarms on.
func TestScheduledEventReportsUndelivered(t *testing.T) {
	env := deployment(t)
	h, logs := newTestHandler(t, env)
	m := contact.Message{ID: "f1", Name: "Ada", Email: "ada@example.org", Body: "Hello", CreatedAt: time.Now().UTC().Truncate(time.Millisecond),
		Delivery: contact.Delivery{State: contact.Failed, Attempts: 1, LastError: "554 rejected"}}
	if err := stores(env).Messages.Save(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Invoke(context.Background(), event(t, "scheduled-event.json")); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, l := range logLines(t, logs.String()) {
		if l["msg"] != "undelivered messages" {
			continue
		}
		found = true
		aws, _ := l["_aws"].(map[string]any)
		if aws == nil || l["FailedMessages"] != float64(1) || l["LongPendingMessages"] != float64(0) || l["level"] != "WARN" {
			t.Errorf("metrics line %v", l)
		}
	}
	if !found {
		t.Fatalf("no metrics line in\n%s", logs)
	}
}
