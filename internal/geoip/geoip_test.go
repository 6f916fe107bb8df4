package geoip_test

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"

	"github.com/cloudresume/cloudresume/internal/geoip"
)

// writeDB writes a country database of networks to their codes.
func writeDB(t *testing.T, networks map[string]string) string {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoLite2-Country", RecordSize: 24, Description: map[string]string{"en": "test countries"}})
	if err != nil {
		t.Fatal(err)
	}
	for cidr, code := range networks {
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			t.Fatal(err)
		}
		rec := mmdbtype.Map{"country": mmdbtype.Map{"iso_code": mmdbtype.String(code)}}
		if err := tree.Insert(n, rec); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "country.mmdb")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestCountry(t *testing.T) {
	file := writeDB(t, map[string]string{"81.2.69.0/24": "GB", "2a02:8100::/32": "DE", "89.160.20.0/24": "SE"})
	db, err := geoip.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for ip, want := range map[string]string{
		"81.2.69.142":      "GB",
		"::ffff:81.2.69.1": "GB",
		"2a02:8100::1":     "DE",
		"89.160.20.112":    "SE",
		"8.8.8.8":          "",
		"not an address":   "",
		"":                 "",
	} {
		if got := db.Country(ip); got != want {
			t.Errorf("Country(%q) = %q, want %q", ip, got, want)
		}
	}
}

func TestOpenRefusesMissingAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.mmdb")
	if err := os.WriteFile(bad, []byte("this is not a MaxMind database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "missing.mmdb"), bad} {
		if db, err := geoip.Open(file); err == nil {
			db.Close()
			t.Errorf("Open(%s) succeeded", file)
		}
	}
}
