package contact

import (
	"crypto/hmac"
	"crypto/rand"
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
// from a person typing. That a token is good for one message is kept by
// the store (Store.UseToken), under the token's Key.
type Tokens struct {
	Secret []byte           // HMAC-SHA256 key; at least 32 random bytes
	Now    func() time.Time // nil: time.Now
}

const (
	tokenTimeLen  = 8                            // issue time, Unix milliseconds, big endian
	tokenNonceLen = 8                            // random: two forms served in one millisecond differ
	tokenMACLen   = 16                           // truncated HMAC-SHA256
	tokenSigned   = tokenTimeLen + tokenNonceLen // the part the MAC covers
	// maxClockSkew tolerates tokens issued by another server whose clock is ahead.
	maxClockSkew = time.Minute
)

// Issue returns a token for a form served now, unlike any other: each is
// good for one message.
func (t *Tokens) Issue() string {
	var b [tokenSigned + tokenMACLen]byte
	binary.BigEndian.PutUint64(b[:tokenTimeLen], uint64(t.now().UnixMilli()))
	rand.Read(b[tokenTimeLen:tokenSigned])
	copy(b[tokenSigned:], t.mac(b[:tokenSigned]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Check verifies token and returns how long ago it was issued.
func (t *Tokens) Check(token string) (time.Duration, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenSigned+tokenMACLen) {
		return 0, ErrBadToken
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, ErrBadToken
	}
	if !hmac.Equal(b[tokenSigned:], t.mac(b[:tokenSigned])) {
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

func (t *Tokens) mac(signed []byte) []byte {
	h := hmac.New(sha256.New, t.Secret)
	h.Write([]byte("cloudresume contact form token\x00"))
	h.Write(signed)
	return h.Sum(nil)[:tokenMACLen]
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Key names token in the store's record of used tokens: a hash, so that
// the record holds nothing a form could be sent with.
func Key(token string) string {
	sum := sha256.Sum256([]byte("cloudresume used form token\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}
