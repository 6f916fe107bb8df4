package contact

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/safetext"
)

// Limits on the fields of a message, in characters (runes) after trimming.
const (
	MaxNameLen    = 100
	MaxEmailLen   = 254 // RFC 5321 path limit
	MaxMessageLen = 5000
)

// Form is what a visitor typed, before validation.
type Form struct {
	Name    string
	Email   string
	Message string
}

// Validate trims the fields and checks them. It returns the cleaned form, or
// problem.Fields with one reason per field (name, email, message).
func Validate(f Form) (Form, error) {
	p := problem.Fields{}
	out := Form{
		Name:    strings.TrimSpace(f.Name),
		Email:   strings.TrimSpace(f.Email),
		Message: strings.TrimSpace(f.Message),
	}

	if why := checkText(out.Name, MaxNameLen, false); why != "" {
		p.Add("name", why)
	}

	if why := checkEmail(out.Email); why != "" {
		p.Add("email", why)
	}

	if why := checkText(out.Message, MaxMessageLen, true); why != "" {
		p.Add("message", why)
	}

	if err := p.Err(); err != nil {
		return Form{}, err
	}
	// Line breaks are kept as plain "\n" whatever the client sent.
	out.Message = strings.ReplaceAll(strings.ReplaceAll(out.Message, "\r\n", "\n"), "\r", "\n")
	return out, nil
}

// checkText returns why s is not a usable text of at most max characters,
// or "". Only a multiline text may hold line breaks and tabs.
func checkText(s string, max int, multiline bool) string {
	switch n := utf8.RuneCountInString(s); {
	case !utf8.ValidString(s):
		return "must be valid UTF-8 text"
	case n == 0:
		return "is required"
	case n > max:
		return fmt.Sprintf("must be at most %d characters", max)
	case !safetext.Has(s, multiline):
		return ""
	case multiline:
		return "must not contain control characters or bidirectional overrides"
	}
	return "must be a single line without control characters or bidirectional overrides"
}

// checkEmail returns why s is not a usable reply address, or "".
// The address is written into a Reply-To header, so only a bare ASCII
// addr-spec is accepted: no display name, no comments, no line breaks.
func checkEmail(s string) string {
	switch {
	case s == "":
		return "is required"
	case len(s) > MaxEmailLen:
		return "must be at most 254 characters"
	case safetext.Has(s, false):
		return "must be a single line without control characters"
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "must be a plain address like name@example.com (ASCII only)"
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "must be an email address like name@example.com"
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "must be an email address like name@example.com"
	}
	return ""
}
