package jwtauth

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// errUnknownKey is a token signed with a key the issuer does not publish:
// the client's fault.
var errUnknownKey = errors.New("unknown signing key")

const (
	// maxKeySetBytes bounds a key set document; Cognito's is about 1 KB.
	maxKeySetBytes = 1 << 20
	// minKeyBits refuses keys too short to trust.
	minKeyBits = 2048
	// firstFetchRetry is how soon a key set that was never fetched is tried
	// again after a failure: sooner than MinRefresh, since until then no
	// token can be checked at all.
	firstFetchRetry = 5 * time.Second
)

// keySet is the issuer's signing keys, fetched on first use and again when
// a token names a key not seen yet (the issuer rotated its keys), at most
// once per minRefresh.
type keySet struct {
	url        string
	client     *http.Client
	minRefresh time.Duration
	now        func() time.Time

	// mu is held during a fetch too, so that concurrent requests wait for
	// one fetch instead of each starting their own.
	mu      sync.Mutex
	keys    map[string]*rsa.PublicKey // nil until a fetch succeeds
	tried   time.Time                 // last fetch, successful or not
	lastErr error                     // of the last fetch
}

// key answers the key with ID kid.
func (s *keySet) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[kid]; ok {
		return k, nil
	}
	wait := s.minRefresh
	if s.keys == nil {
		wait = min(wait, firstFetchRetry)
	}
	if !s.tried.IsZero() && s.now().Sub(s.tried) < wait {
		if s.keys == nil {
			return nil, s.lastErr
		}
		return nil, fmt.Errorf("%w %q", errUnknownKey, kid)
	}
	s.tried = s.now()
	// The fetch serves every request waiting and the ones after: it must
	// not end with the request that started it, nor cache that request's
	// cancellation as the issuer's failure. The client bounds it.
	keys, err := s.fetch(context.WithoutCancel(ctx))
	s.lastErr = err
	switch {
	case err != nil && s.keys == nil:
		return nil, err
	case err != nil:
		// The keys known so far stay in use; this one is still unknown.
		return nil, fmt.Errorf("%w %q (refreshing the key set: %v)", errUnknownKey, kid, err)
	}
	s.keys = keys
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w %q", errUnknownKey, kid)
}

// jwk is one JSON Web Key (RFC 7517) of the fields an RSA signing key has.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// fetch reads the key set and answers its RS256 signing keys by ID. Keys
// of other kinds are skipped; a set with no usable key is an error.
func (s *keySet) fetch(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch key set: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch key set: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxKeySetBytes))
		return nil, fmt.Errorf("fetch key set %s: %s", s.url, resp.Status)
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxKeySetBytes)).Decode(&set); err != nil {
		return nil, fmt.Errorf("decode key set %s: %w", s.url, err)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		pub, err := k.rsaKey()
		if err != nil {
			return nil, fmt.Errorf("key set %s: key %q: %w", s.url, k.Kid, err)
		}
		keys[k.Kid] = pub
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("key set %s: no RS256 signing key", s.url)
	}
	return keys, nil
}

// rsaKey decodes the modulus and exponent (base64url, big endian).
func (k jwk) rsaKey() (*rsa.PublicKey, error) {
	n, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.N, "="))
	if err != nil {
		return nil, fmt.Errorf("modulus: %w", err)
	}
	e, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.E, "="))
	if err != nil {
		return nil, fmt.Errorf("exponent: %w", err)
	}
	if len(e) == 0 || len(e) > 4 {
		return nil, fmt.Errorf("exponent of %d bytes", len(e))
	}
	exp := 0
	for _, b := range e {
		exp = exp<<8 | int(b)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	if pub.N.BitLen() < minKeyBits {
		return nil, fmt.Errorf("modulus of %d bits, want at least %d", pub.N.BitLen(), minKeyBits)
	}
	if exp < 3 || exp%2 == 0 {
		return nil, fmt.Errorf("exponent %d", exp)
	}
	return pub, nil
}
