// Package mail notifies the site owner of contact messages by mail, through
// an SMTP server or Amazon SES. Both write the visitor's address in Reply-To,
// never in From, and no field of a message can add a header.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// subject is the notification's subject, unencoded.
func subject(m contact.Message) string {
	return "Contact form: " + oneLine(m.Name)
}

// textBody is the notification's plain text, with "\n" line ends.
func textBody(m contact.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "New message from the contact form.\n\n")
	fmt.Fprintf(&b, "Name:     %s\n", oneLine(m.Name))
	fmt.Fprintf(&b, "Email:    %s\n", oneLine(m.Email))
	fmt.Fprintf(&b, "Received: %s\n", m.CreatedAt.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "ID:       %s\n\n", oneLine(m.ID))
	b.WriteString(strings.ReplaceAll(m.Body, "\r", ""))
	b.WriteString("\n")
	return b.String()
}

// replyTo is the visitor as an address header value: the name encoded as
// RFC 2047 words when needed, quoted otherwise.
func replyTo(m contact.Message) (string, error) {
	addr := oneLine(m.Email)
	if _, err := mail.ParseAddress(addr); err != nil {
		return "", fmt.Errorf("visitor address %q: %w", addr, err)
	}
	return (&mail.Address{Name: oneLine(m.Name), Address: addr}).String(), nil
}

// formatAddress writes a as a header value: a bare address without a
// display name, else "Name" <address> with the name quoted or encoded.
func formatAddress(a *mail.Address) string {
	s := a.String()
	if a.Name == "" {
		return strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	}
	return s
}

// parseAddress parses a configured From or To address.
func parseAddress(what, s string) (*mail.Address, error) {
	if s == "" {
		return nil, fmt.Errorf("%s address is not set", what)
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("%s address %q: line break", what, s)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%s address %q: %w", what, s, err)
	}
	return a, nil
}

// compose writes the RFC 5322 message with CRLF line ends. Every header
// value is built from one-line text and encoded, so no field can start a
// new header; the body is quoted-printable, so no line is too long.
func compose(from, to *mail.Address, m contact.Message, date time.Time) ([]byte, error) {
	rt, err := replyTo(m)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("From", formatAddress(from))
	header("To", formatAddress(to))
	header("Reply-To", rt)
	header("Subject", mime.QEncoding.Encode("utf-8", subject(m)))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(textBody(m))); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	return b.Bytes(), nil
}

// messageID is a unique Message-ID in the sender's domain.
func messageID(from string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	var r [16]byte
	rand.Read(r[:])
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

// oneLine replaces line breaks and other control characters with spaces.
// Validation already refuses them; this keeps headers safe whatever a store
// hands back.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

// fold breaks a header line longer than 78 characters at spaces (RFC 5322
// section 2.2.3). Encoded words are separated by spaces, so long encoded
// subjects and names fold cleanly; unfolding restores the value exactly.
func fold(line string) string {
	const limit = 78
	if len(line) <= limit {
		return line
	}
	var b strings.Builder
	start := 0 // start of the current output line
	// The space after the colon is the first place a line may fold.
	from := strings.Index(line, ": ") + 1
	for len(line)-start > limit {
		// The last space that keeps the line within the limit, else the
		// first space after it (a long word cannot be broken).
		lo := max(start+1, from)
		cut := -1
		if lo < start+limit {
			cut = strings.LastIndexByte(line[lo:start+limit], ' ')
		}
		if cut >= 0 {
			cut += lo
		} else if next := strings.IndexByte(line[max(lo, start+limit):], ' '); next >= 0 {
			cut = max(lo, start+limit) + next
		} else {
			break
		}
		b.WriteString(line[start:cut])
		b.WriteString("\r\n")
		start = cut // the space starts the continuation line
	}
	b.WriteString(line[start:])
	return b.String()
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
