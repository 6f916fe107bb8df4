// Package jwttest is a token issuer for tests: RSA keys made by the test,
// their key set served over HTTP on 127.0.0.1 as a Cognito user pool
// serves it, and tokens shaped like Cognito's, signed with those keys.
package jwttest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer publishes its keys at URL + "/.well-known/jwks.json".
type Issuer struct {
	URL string // the issuer, as in the iss claim
	KID string // the ID of the first key, which Sign uses
	Key *rsa.PrivateKey

	srv     *httptest.Server
	mu      sync.Mutex
	keys    map[string]*rsa.PrivateKey // published, by ID
	fetches int
}

// Start serves a new issuer with one key until t ends.
func Start(t testing.TB) *Issuer {
	t.Helper()
	iss := &Issuer{keys: map[string]*rsa.PrivateKey{}}
	iss.KID, iss.Key = iss.AddKey(t)
	// The user pool's ID is the issuer's path, as with Cognito.
	const pool = "/eu-west-1_TestPool"
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pool+"/.well-known/jwks.json", iss.serveKeys)
	iss.srv = httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(iss.srv.Close)
	iss.URL = iss.srv.URL + pool
	return iss
}

// NewKey answers a fresh 2048-bit RSA key.
func NewKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// AddKey publishes one more key (as an issuer rotating its keys does) and
// answers its ID.
func (iss *Issuer) AddKey(t testing.TB) (string, *rsa.PrivateKey) {
	t.Helper()
	k := NewKey(t)
	iss.mu.Lock()
	defer iss.mu.Unlock()
	kid := fmt.Sprintf("test-key-%d", len(iss.keys)+1)
	iss.keys[kid] = k
	return kid, k
}

// Fetches answers how many times the key set was fetched.
func (iss *Issuer) Fetches() int {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return iss.fetches
}

func (iss *Issuer) serveKeys(w http.ResponseWriter, _ *http.Request) {
	iss.mu.Lock()
	iss.fetches++
	type jwk struct {
		Alg string `json:"alg"`
		E   string `json:"e"`
		Kid string `json:"kid"`
		Kty string `json:"kty"`
		N   string `json:"n"`
		Use string `json:"use"`
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	for kid, k := range iss.keys {
		set.Keys = append(set.Keys, jwk{
			Alg: "RS256", Kty: "RSA", Use: "sig", Kid: kid,
			N: base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
			E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
		})
	}
	iss.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(set)
}

// IDClaims answers the claims of a Cognito ID token for the app client,
// issued at now and valid for an hour.
func (iss *Issuer) IDClaims(client string, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"sub":              "5f1c2e0a-7b7d-4c62-9d0e-2b1f3f0c9a11",
		"email_verified":   true,
		"iss":              iss.URL,
		"cognito:username": "5f1c2e0a-7b7d-4c62-9d0e-2b1f3f0c9a11",
		"origin_jti":       "8a6f0f7e-2a8e-4a43-9c55-0f6d6c1e2b3a",
		"aud":              client,
		"event_id":         "c1f9e6c4-5b0e-4d8e-8f3a-1e2d3c4b5a69",
		"token_use":        "id",
		"auth_time":        now.Unix(),
		"exp":              now.Add(time.Hour).Unix(),
		"iat":              now.Unix(),
		"jti":              "0b8e1c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
		"email":            "owner@example.com",
	}
}

// AccessClaims answers the claims of a Cognito access token for the app
// client: no aud, the client in client_id.
func (iss *Issuer) AccessClaims(client string, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"sub":        "5f1c2e0a-7b7d-4c62-9d0e-2b1f3f0c9a11",
		"iss":        iss.URL,
		"client_id":  client,
		"origin_jti": "8a6f0f7e-2a8e-4a43-9c55-0f6d6c1e2b3a",
		"event_id":   "c1f9e6c4-5b0e-4d8e-8f3a-1e2d3c4b5a69",
		"token_use":  "access",
		"scope":      "aws.cognito.signin.user.admin",
		"auth_time":  now.Unix(),
		"exp":        now.Add(time.Hour).Unix(),
		"iat":        now.Unix(),
		"jti":        "2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a3b5c7d",
		"username":   "5f1c2e0a-7b7d-4c62-9d0e-2b1f3f0c9a11",
	}
}

// Sign answers claims signed with RS256 by key, naming kid.
func Sign(t testing.TB, claims jwt.MapClaims, kid string, key *rsa.PrivateKey) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Sign answers claims signed with the issuer's first key.
func (iss *Issuer) Sign(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	return Sign(t, claims, iss.KID, iss.Key)
}
