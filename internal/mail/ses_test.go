package mail_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cloudresume/cloudresume/internal/mail"
)

// sendEmailRequest is the JSON the SES v2 SendEmail operation carries.
type sendEmailRequest struct {
	FromEmailAddress string
	Destination      struct{ ToAddresses, CcAddresses, BccAddresses []string }
	ReplyToAddresses []string
	Content          struct {
		Simple struct {
			Subject struct{ Data, Charset string }
			Body    struct {
				Text struct{ Data, Charset string }
				HTML *struct{ Data string } `json:"Html"`
			}
			Headers []any
		}
		Raw any
	}
}

func sesClient(url string) *sesv2.Client {
	return sesv2.New(sesv2.Options{
		Region:           "eu-west-1",
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 1,
	})
}

func TestSESNotify(t *testing.T) {
	var mu sync.Mutex
	var reqs []sendEmailRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if a := r.Header.Get("Authorization"); !strings.HasPrefix(a, "AWS4-HMAC-SHA256 Credential=AKIDTEST/") || !strings.Contains(a, "/eu-west-1/ses/aws4_request") {
			t.Errorf("Authorization %q", a)
		}
		var req sendEmailRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
		mu.Lock()
		reqs = append(reqs, req)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"MessageId":"0100018e-test"}`)
	}))
	defer srv.Close()

	n := &mail.SES{Client: sesClient(srv.URL), From: "Site <noreply@site.example>", To: "owner@site.example"}
	m := sample()
	if err := n.Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	req := reqs[0]
	s := req.Content.Simple
	switch {
	case req.FromEmailAddress != `"Site" <noreply@site.example>`:
		t.Errorf("FromEmailAddress %q", req.FromEmailAddress)
	case strings.Join(req.Destination.ToAddresses, ",") != "owner@site.example" || req.Destination.CcAddresses != nil || req.Destination.BccAddresses != nil:
		t.Errorf("Destination %+v", req.Destination)
	case len(req.ReplyToAddresses) != 1 || req.ReplyToAddresses[0] != "=?utf-8?b?Wm/DqyBPJ0JyaWVu?= <zoe@visitor.example>":
		t.Errorf("ReplyToAddresses %q", req.ReplyToAddresses)
	case s.Subject.Data != "Contact form: Zoë O'Brien" || s.Subject.Charset != "UTF-8":
		t.Errorf("Subject %+v", s.Subject)
	case s.Body.Text.Charset != "UTF-8" || s.Body.HTML != nil || s.Headers != nil || req.Content.Raw != nil:
		t.Errorf("Content %+v", req.Content)
	}
	for _, want := range []string{"Name:     Zoë O'Brien\n", "Email:    zoe@visitor.example\n", "\n\n" + m.Body + "\n"} {
		if !strings.Contains(s.Body.Text.Data, want) {
			t.Errorf("body lacks %q:\n%s", want, s.Body.Text.Data)
		}
	}

	// A name with a line break cannot reach a header.
	m.Name = "Eve\r\nBcc: evil@x.example"
	if err := n.Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got := reqs[1]; strings.ContainsAny(got.Content.Simple.Subject.Data+strings.Join(got.ReplyToAddresses, ""), "\r\n") {
		t.Fatalf("line break passed to SES: %+v", got)
	}
}

func TestSESError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "MessageRejected")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message":"Email address is not verified."}`)
	}))
	defer srv.Close()
	n := &mail.SES{Client: sesClient(srv.URL), From: "noreply@site.example", To: "owner@site.example"}
	err := n.Notify(context.Background(), sample())
	if err == nil || !strings.Contains(err.Error(), "MessageRejected") || !strings.Contains(err.Error(), "not verified") {
		t.Fatalf("Notify = %v, want the SES error", err)
	}
}
