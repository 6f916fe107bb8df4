package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A country database that is missing or not one stops serve at start,
// naming the setting.
func TestServeGeoIPBad(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.mmdb")
	if err := os.WriteFile(bad, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "missing.mmdb"), bad} {
		_, _, err := cli(t, nil, "serve", "--addr", freeAddr(t), "--db", filepath.Join(dir, "x.db"), "--geoip", file)
		if code := exitCode(io.Discard, err); code != 2 || !strings.Contains(err.Error(), "--geoip") {
			t.Fatalf("%s: exit %d: %v", file, code, err)
		}
	}
}
