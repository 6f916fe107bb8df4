package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"testing"
)

// plainBody answers an HTTP API answer's body as the client reads it: a
// large answer to a client that accepts gzip comes compressed and, being
// binary, base64-encoded.
func plainBody(t *testing.T, body string, base64Encoded bool, encoding string) string {
	t.Helper()
	if !base64Encoded {
		return body
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		t.Fatalf("base64 body: %v", err)
	}
	if encoding != "gzip" {
		return string(raw)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	return string(plain)
}
