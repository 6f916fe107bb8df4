package contact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// ErrBadToken is returned by Tokens.Check for a missing, malformed or forged token.
var ErrBadToken = errors.New("invalid form token")

// Tokens issues and checks the signed timestamp carried by the contact form.
// A token proves when the form was served, so a submission that comes too
// soon after (a script) or much later (a replayed form) can be told apart
// from a person typing, without any server-side state.
type Tokens struct {
	Secret []byte           // HMAC-SHA256 key; at least 32 random bytes
	Now    func() time.Time // nil: time.Now
}

const (
	tokenTimeLen = 8  // issue time, Unix milliseconds, big endian
	tokenMACLen  = 16 // truncated HMAC-SHA256
	// maxClockSkew tolerates tokens issued by another server whose clock is ahead.
	maxClockSkew = time.Minute
)

// Issue returns a token for a form served now.
func (t *Tokens) Issue() string {
	var b [tokenTimeLen + tokenMACLen]byte
	binary.BigEndian.PutUint64(b[:tokenTimeLen], uint64(t.now().UnixMilli()))
	copy(b[tokenTimeLen:], t.mac(b[:tokenTimeLen]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Check verifies token and returns how long ago it was issued.
func (t *Tokens) Check(token string) (time.Duration, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenTimeLen+tokenMACLen) {
		return 0, ErrBadToken
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, ErrBadToken
	}
	if !hmac.Equal(b[tokenTimeLen:], t.mac(b[:tokenTimeLen])) {
		return 0, ErrBadToken
	}
	ms := binary.BigEndian.Uint64(b[:tokenTimeLen])
	if ms > 1<<62 {
		return 0, ErrBadToken
	}
	age := t.now().Sub(time.UnixMilli(int64(ms)))
	if age < -maxClockSkew {
		return 0, ErrBadToken
	}
	return age, nil
}

func (t *Tokens) mac(issued []byte) []byte {
	h := hmac.New(sha256.New, t.Secret)
	h.Write([]byte("cloudresume contact form token\x00"))
	h.Write(issued)
	return h.Sum(nil)[:tokenMACLen]
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}
