package jwtauth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/jwtauth"
	"github.com/cloudresume/cloudresume/internal/jwtauth/jwttest"
	"github.com/cloudresume/cloudresume/internal/problem"
)

const client = "4m8q1x0bq3c7test0client0id"

// clock is a settable time for a verifier.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newVerifier(t *testing.T, issuer string, c *clock) *jwtauth.Verifier {
	t.Helper()
	v, err := jwtauth.New(issuer, client, jwtauth.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyClaims(t *testing.T) {
	iss := jwttest.Start(t)
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v := newVerifier(t, iss.URL, c)
	ctx := context.Background()

	got, err := v.Verify(ctx, iss.Sign(t, iss.IDClaims(client, c.Now())))
	if err != nil {
		t.Fatal(err)
	}
	if got.TokenUse != "id" || got.Email != "owner@example.com" || got.Subject == "" {
		t.Errorf("id token claims %+v", got)
	}
	got, err = v.Verify(ctx, iss.Sign(t, iss.AccessClaims(client, c.Now())))
	if err != nil {
		t.Fatal(err)
	}
	if got.TokenUse != "access" || got.ClientID != client || got.Username == "" {
		t.Errorf("access token claims %+v", got)
	}

	// An hour later (plus the leeway) the same token has expired.
	tok := iss.Sign(t, iss.IDClaims(client, c.Now()))
	c.Advance(time.Hour + jwtauth.DefaultLeeway + time.Second)
	if _, err := v.Verify(ctx, tok); !errors.Is(err, problem.ErrUnauthorized) {
		t.Errorf("expired token: %v, want unauthorized", err)
	}
}

func TestKeySetFetchedLazilyAndCached(t *testing.T) {
	iss := jwttest.Start(t)
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v := newVerifier(t, iss.URL, c)
	if n := iss.Fetches(); n != 0 {
		t.Fatalf("New fetched the key set %d times; want it fetched on first use", n)
	}
	ctx := context.Background()
	for i := range 5 {
		if _, err := v.Verify(ctx, iss.Sign(t, iss.IDClaims(client, c.Now()))); err != nil {
			t.Fatalf("verify %d: %v", i, err)
		}
		c.Advance(10 * time.Minute)
	}
	if n := iss.Fetches(); n != 1 {
		t.Errorf("key set fetched %d times for 5 tokens of one key, want once", n)
	}
}

// A request that gives up while the keys are first fetched does not
// spoil the fetch for the requests after it.
func TestKeyFetchOutlivesTheRequest(t *testing.T) {
	iss := jwttest.Start(t)
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v := newVerifier(t, iss.URL, c)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	tok := iss.Sign(t, iss.IDClaims(client, c.Now()))
	v.Verify(gone, tok) // its outcome is the gone client's business
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatalf("the next request, at once: %v", err)
	}
	if n := iss.Fetches(); n != 1 {
		t.Errorf("key set fetched %d times, want once", n)
	}
}

func TestKeyRotationAndRefreshBound(t *testing.T) {
	iss := jwttest.Start(t)
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v := newVerifier(t, iss.URL, c)
	ctx := context.Background()
	if _, err := v.Verify(ctx, iss.Sign(t, iss.IDClaims(client, c.Now()))); err != nil {
		t.Fatal(err)
	}

	// The issuer rotates: a key published after the first fetch.
	kid, key := iss.AddKey(t)
	c.Advance(time.Second)
	rotated := jwttest.Sign(t, iss.IDClaims(client, c.Now()), kid, key)
	// Within MinRefresh of the last fetch, tokens naming unknown keys (here
	// 50 of them) are refused without fetching again.
	for i := range 50 {
		tok := jwttest.Sign(t, iss.IDClaims(client, c.Now()), fmt.Sprintf("bogus-%d", i), key)
		if _, err := v.Verify(ctx, tok); !errors.Is(err, problem.ErrUnauthorized) {
			t.Fatalf("unknown kid: %v, want unauthorized", err)
		}
	}
	if _, err := v.Verify(ctx, rotated); !errors.Is(err, problem.ErrUnauthorized) {
		t.Errorf("new key within the refresh bound: %v, want unauthorized", err)
	}
	if n := iss.Fetches(); n != 1 {
		t.Fatalf("key set fetched %d times, want once: unknown kids must not trigger fetches within MinRefresh", n)
	}

	c.Advance(jwtauth.DefaultMinRefresh)
	if _, err := v.Verify(ctx, rotated); err != nil {
		t.Errorf("new key after the refresh bound: %v", err)
	}
	if n := iss.Fetches(); n != 2 {
		t.Errorf("key set fetched %d times, want twice", n)
	}
	// The old key still works, from the refreshed set.
	if _, err := v.Verify(ctx, iss.Sign(t, iss.IDClaims(client, c.Now()))); err != nil {
		t.Errorf("first key after the refresh: %v", err)
	}
}

func TestIssuerDown(t *testing.T) {
	var mu sync.Mutex
	hits, up := 0, false
	iss := jwttest.Start(t) // signs; its keys are served below once "up"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		ok := up
		mu.Unlock()
		if !ok {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		resp, err := http.Get(iss.URL + "/.well-known/jwks.json")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", "application/json")
		io.Copy(w, resp.Body)
	}))
	defer srv.Close()

	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	v := newVerifier(t, srv.URL, c)
	claims := iss.IDClaims(client, c.Now())
	claims["iss"] = srv.URL
	tok := iss.Sign(t, claims)
	ctx := context.Background()

	// Keys that cannot be had are the server's failure, not the client's.
	_, err := v.Verify(ctx, tok)
	if err == nil || errors.Is(err, problem.ErrUnauthorized) || !strings.Contains(err.Error(), "503") {
		t.Fatalf("issuer down: %v, want a server error naming the status", err)
	}
	// Retried a few seconds later, not on every request.
	v.Verify(ctx, tok)
	mu.Lock()
	if hits != 1 {
		t.Errorf("%d fetches right after a failure, want 1", hits)
	}
	up = true
	mu.Unlock()
	c.Advance(6 * time.Second)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Errorf("issuer back: %v", err)
	}
}

func TestKeySetContents(t *testing.T) {
	good := jwttest.NewKey(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	enc := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	rsaJWK := func(kid string, k *rsa.PrivateKey, extra string) string {
		return fmt.Sprintf(`{"kty":"RSA","kid":%q,"n":%q,"e":%q%s}`, kid, enc(k.N.Bytes()), enc(big.NewInt(int64(k.E)).Bytes()), extra)
	}
	for name, tc := range map[string]struct {
		set     string
		wantErr string // "" : the token of kid "good" verifies
	}{
		"other kinds of keys are skipped": {set: `{"keys":[` +
			`{"kty":"EC","kid":"ec","crv":"P-256","x":"AA","y":"AA"},` +
			rsaJWK("enc", good, `,"use":"enc"`) + `,` +
			rsaJWK("ps", good, `,"alg":"PS256"`) + `,` +
			rsaJWK("good", good, `,"use":"sig","alg":"RS256"`) + `]}`},
		"a short key is refused":      {set: `{"keys":[` + rsaJWK("good", small, "") + `]}`, wantErr: "1024 bits"},
		"a set without a usable key":  {set: `{"keys":[` + rsaJWK("enc", good, `,"use":"enc"`) + `]}`, wantErr: "no RS256 signing key"},
		"not JSON":                    {set: `<html>`, wantErr: "decode key set"},
		"a bad modulus":               {set: `{"keys":[{"kty":"RSA","kid":"good","n":"!!","e":"AQAB"}]}`, wantErr: "modulus"},
		"an exponent that is too big": {set: `{"keys":[{"kty":"RSA","kid":"good","n":"` + enc(good.N.Bytes()) + `","e":"AQABAQAB"}]}`, wantErr: "exponent"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/pool/.well-known/jwks.json" {
					http.NotFound(w, r)
					return
				}
				w.Write([]byte(tc.set))
			}))
			defer srv.Close()
			now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			v, err := jwtauth.New(srv.URL+"/pool", client, jwtauth.Options{Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			iss := &jwttest.Issuer{URL: srv.URL + "/pool"}
			tok := jwttest.Sign(t, iss.IDClaims(client, now), "good", good)
			_, err = v.Verify(context.Background(), tok)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("verify: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("verify: %v, want an error with %q", err, tc.wantErr)
			}
		})
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct{ issuer, audience, wantErr string }{
		{"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", client, ""},
		{"http://127.0.0.1:8080/pool", client, ""},
		{"http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", client, "https"},
		{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", client, "absolute"},
		{"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", " ", "audience"},
	} {
		_, err := jwtauth.New(tc.issuer, tc.audience, jwtauth.Options{})
		if (tc.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("New(%q, %q): %v, want error %q", tc.issuer, tc.audience, err, tc.wantErr)
		}
	}
}

func TestCheckHeader(t *testing.T) {
	iss := jwttest.Start(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	v, err := jwtauth.New(iss.URL, client, jwtauth.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	tok := iss.Sign(t, iss.AccessClaims(client, now))
	for auth, ok := range map[string]bool{
		"Bearer " + tok:        true,
		"bearer  " + tok + " ": true,
		"Bearer":               false,
		"Token " + tok:         false,
		tok:                    false,
		"Bearer " + tok + "x":  false,
	} {
		r := httptest.NewRequest("GET", "/api/admin/stats", nil)
		r.Header.Set("Authorization", auth)
		err := v.Check(r)
		if ok != (err == nil) || (err != nil && !errors.Is(err, problem.ErrUnauthorized)) {
			t.Errorf("Authorization %.20q...: %v, want ok=%v", auth, err, ok)
		}
	}
}
