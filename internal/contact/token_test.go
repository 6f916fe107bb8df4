package contact_test

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// clock is a settable time source for tests.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func TestTokenAge(t *testing.T) {
	c := newClock()
	tok := &contact.Tokens{Secret: []byte("0123456789abcdef0123456789abcdef"), Now: c.Now}
	issued := tok.Issue()
	c.Advance(3*time.Second + 250*time.Millisecond)
	age, err := tok.Check(issued)
	if err != nil || age != 3250*time.Millisecond {
		t.Fatalf("Check = %v, %v; want 3.25s", age, err)
	}
	c.Advance(48 * time.Hour)
	if age, err := tok.Check(issued); err != nil || age < 48*time.Hour {
		t.Fatalf("old token: Check = %v, %v", age, err)
	}
}

func TestTokenRejectsForgeries(t *testing.T) {
	c := newClock()
	tok := &contact.Tokens{Secret: []byte("server secret one, 32 bytes long"), Now: c.Now}
	other := &contact.Tokens{Secret: []byte("server secret two, 32 bytes long"), Now: c.Now}
	good := tok.Issue()
	raw, _ := base64.RawURLEncoding.DecodeString(good)

	// Move the issue time back an hour without re-signing.
	backdated := append([]byte(nil), raw...)
	backdated[5] ^= 0x40
	flippedMAC := append([]byte(nil), raw...)
	flippedMAC[len(flippedMAC)-1] ^= 1

	c.Advance(2 * time.Minute)
	future := &contact.Tokens{Secret: tok.Secret, Now: func() time.Time { return c.Now().Add(time.Hour) }}

	for name, s := range map[string]string{
		"empty":           "",
		"garbage":         "not a token at all",
		"other secret":    other.Issue(),
		"altered time":    base64.RawURLEncoding.EncodeToString(backdated),
		"flipped MAC":     base64.RawURLEncoding.EncodeToString(flippedMAC),
		"truncated":       good[:len(good)-2],
		"padded":          good + "==",
		"from an hour on": future.Issue(),
	} {
		if _, err := tok.Check(s); !errors.Is(err, contact.ErrBadToken) {
			t.Errorf("%s: Check = %v, want ErrBadToken", name, err)
		}
	}
	if _, err := tok.Check(good); err != nil {
		t.Fatalf("genuine token: %v", err)
	}
}
