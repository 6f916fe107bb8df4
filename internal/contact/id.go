package contact

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"time"
)

// idEncoding is base32 with an alphabet in ASCII order, so IDs sort like
// the times they start with.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a 26-character message ID: 48 bits of Unix milliseconds
// followed by 80 random bits. IDs sort by creation time.
func NewID(now time.Time) string {
	var b [16]byte
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli()))
	copy(b[:6], ms[2:])
	rand.Read(b[6:]) // never fails (crypto/rand since Go 1.24)
	return idEncoding.EncodeToString(b[:])
}
