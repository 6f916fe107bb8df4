package mail

import (
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
)

func TestFold(t *testing.T) {
	cases := []string{
		"Subject: short",
		"Subject: " + strings.Repeat("word ", 40),
		"Subject: " + strings.Repeat("x", 120),
		"Subject: " + strings.Repeat("x", 120) + " tail " + strings.Repeat("y", 90),
		"Reply-To: =?utf-8?q?" + strings.Repeat("=C3=9C", 10) + "?= =?utf-8?q?" + strings.Repeat("=C3=9C", 10) + "?= <a@b.example>",
		"X: " + strings.Repeat(" ", 100) + "end",
	}
	for _, line := range cases {
		got := fold(line)
		if strings.ReplaceAll(got, "\r\n", "") != line {
			t.Errorf("unfolding %q gives %q", got, strings.ReplaceAll(got, "\r\n", ""))
		}
		parts := strings.Split(got, "\r\n")
		for i, p := range parts {
			if i > 0 && !strings.HasPrefix(p, " ") {
				t.Errorf("continuation %q does not start with a space", p)
			}
			if strings.TrimSpace(p) == "" {
				t.Errorf("%q: a folded line holds only white space", got)
			}
			if len(p) > 78 && strings.Contains(strings.TrimSpace(p[1:]), " ") {
				t.Errorf("line %q is long although it has a space to fold at", p)
			}
		}
	}
}

func TestComposeExact(t *testing.T) {
	from, _ := mail.ParseAddress("Site <noreply@site.example>")
	to, _ := mail.ParseAddress("owner@site.example")
	m := contact.Message{ID: "id1", Name: "Ada", Email: "ada@example.com", Body: "Hi =)\n.\nbye",
		CreatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	b, err := compose(from, to, m, time.Date(2026, 3, 1, 13, 0, 0, 0, time.FixedZone("", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	id := got[strings.Index(got, "Message-ID: ")+12:]
	id = id[:strings.Index(id, "\r\n")]
	want := "From: \"Site\" <noreply@site.example>\r\n" +
		"To: owner@site.example\r\n" +
		"Reply-To: \"Ada\" <ada@example.com>\r\n" +
		"Subject: Contact form: Ada\r\n" +
		"Date: Sun, 01 Mar 2026 13:00:00 +0100\r\n" +
		"Message-ID: " + id + "\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"New message from the contact form.\r\n" +
		"\r\n" +
		"Name:     Ada\r\n" +
		"Email:    ada@example.com\r\n" +
		"Received: Sun, 01 Mar 2026 12:00:00 +0000\r\n" +
		"ID:       id1\r\n" +
		"\r\n" +
		"Hi =3D)\r\n" +
		".\r\n" +
		"bye\r\n"
	if got != want {
		t.Fatalf("compose:\n%s\nwant:\n%s", got, want)
	}
}
