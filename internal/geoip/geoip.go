// Package geoip answers the country of an address from a MaxMind-format
// database (GeoLite2 Country or City, DB-IP's and the like).
package geoip

import (
	"fmt"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"
)

// DB is an open country database; its methods are safe for concurrent
// use.
type DB struct {
	r *maxminddb.Reader
}

// record is the part of a database record that names the country.
type record struct {
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
}

// Open answers the database in file, checked whole, so that a missing or
// bad file is told at start rather than on the first view.
func Open(file string) (*DB, error) {
	r, err := maxminddb.Open(file)
	if err != nil {
		return nil, fmt.Errorf("open country database %s: %w", file, err)
	}
	if err := r.Verify(); err != nil {
		r.Close()
		return nil, fmt.Errorf("country database %s is not valid: %w", file, err)
	}
	return &DB{r: r}, nil
}

// Country answers the ISO 3166 alpha-2 code of ip's country, or "" when
// ip is not an address or the database does not know it.
func (db *DB) Country(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	var rec record
	if err := db.r.Lookup(a.Unmap()).Decode(&rec); err != nil {
		return ""
	}
	return rec.Country.ISOCode
}

// Close releases the database.
func (db *DB) Close() error { return db.r.Close() }
