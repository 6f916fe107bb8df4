package web

import (
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cloudresume/cloudresume/internal/jwtauth"
	"github.com/cloudresume/cloudresume/internal/jwtauth/jwttest"
)

const adminClient = "4m8q1x0bq3c7test0client0id"

// TestAdminJWT checks the admin routes with Cognito tokens, verified by
// jwtauth against keys served by a local issuer.
func TestAdminJWT(t *testing.T) {
	iss := jwttest.Start(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	v, err := jwtauth.New(iss.URL, adminClient, jwtauth.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.AdminAuth = v.Check
	h := NewServer(cfg)

	stats := func(authorization string) *http.Response {
		t.Helper()
		var header []string
		if authorization != "" {
			header = []string{"Authorization", authorization}
		}
		return do(t, h, "GET", "/api/admin/stats", "", header...).Result()
	}
	bearer := func(tok string) string { return "Bearer " + tok }
	with := func(c jwt.MapClaims, k string, v any) jwt.MapClaims {
		out := jwt.MapClaims{}
		for kk, vv := range c {
			out[kk] = vv
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	id := iss.IDClaims(adminClient, now)
	access := iss.AccessClaims(adminClient, now)
	// Issuers publish more than one key; any of them may sign.
	kid2, key2 := iss.AddKey(t)

	for name, tok := range map[string]string{
		"id token":                       iss.Sign(t, id),
		"access token":                   iss.Sign(t, access),
		"expired within the leeway":      iss.Sign(t, with(id, "exp", now.Add(-10*time.Second).Unix())),
		"lower-case scheme":              iss.Sign(t, access),
		"not before, within the leeway":  iss.Sign(t, with(access, "nbf", now.Add(10*time.Second).Unix())),
		"id token among other audiences": iss.Sign(t, with(id, "aud", []string{"other-client", adminClient})),
		"not before, in the past":        iss.Sign(t, with(id, "nbf", now.Add(-time.Minute).Unix())),
		"issued a few seconds from now":  iss.Sign(t, with(id, "iat", now.Add(5*time.Second).Unix())),
		"access token with extra claims": iss.Sign(t, with(access, "cognito:groups", []string{"admins"})),
		"signed with the second key":     jwttest.Sign(t, id, kid2, key2),
	} {
		auth := bearer(tok)
		if name == "lower-case scheme" {
			auth = "bearer " + tok
		}
		if resp := stats(auth); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", name, resp.StatusCode)
		}
	}

	other := jwttest.Start(t) // another pool: its own keys and issuer
	otherKey := jwttest.NewKey(t)
	pubDER, err := x509.MarshalPKIXPublicKey(&iss.Key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	hs256 := jwt.NewWithClaims(jwt.SigningMethodHS256, id)
	hs256.Header["kid"] = iss.KID
	hsTok, err := hs256.SignedString(pubDER)
	if err != nil {
		t.Fatal(err)
	}
	none := jwt.NewWithClaims(jwt.SigningMethodNone, id)
	none.Header["kid"] = iss.KID
	noneTok, err := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	good := iss.Sign(t, id)
	parts := strings.Split(good, ".")
	forged := iss.Sign(t, with(id, "email", "intruder@example.com"))

	for name, auth := range map[string]string{
		"no header":                  "",
		"basic scheme":               "Basic " + good,
		"bearer without a token":     "Bearer ",
		"not a JWT":                  bearer("s3cret-admin-token"),
		"wrong issuer":               bearer(iss.Sign(t, with(id, "iss", other.URL))),
		"signed by another pool":     bearer(other.Sign(t, other.IDClaims(adminClient, now))),
		"wrong audience, id":         bearer(iss.Sign(t, with(id, "aud", "other-client"))),
		"wrong audience, access":     bearer(iss.Sign(t, with(access, "client_id", "other-client"))),
		"access token with aud only": bearer(iss.Sign(t, with(with(access, "client_id", nil), "aud", adminClient))),
		"id token with client_id only": bearer(iss.Sign(t,
			with(with(id, "aud", nil), "client_id", adminClient))),
		"no token_use":                    bearer(iss.Sign(t, with(id, "token_use", nil))),
		"refresh token_use":               bearer(iss.Sign(t, with(id, "token_use", "refresh"))),
		"expired":                         bearer(iss.Sign(t, with(id, "exp", now.Add(-2*time.Minute).Unix()))),
		"no expiry":                       bearer(iss.Sign(t, with(id, "exp", nil))),
		"not yet valid":                   bearer(iss.Sign(t, with(id, "nbf", now.Add(5*time.Minute).Unix()))),
		"issued in a minute":              bearer(iss.Sign(t, with(id, "iat", now.Add(2*time.Minute).Unix()))),
		"unknown kid":                     bearer(jwttest.Sign(t, id, "no-such-key", iss.Key)),
		"no kid":                          bearer(jwttest.Sign(t, id, "", iss.Key)),
		"known kid, other key":            bearer(jwttest.Sign(t, id, iss.KID, otherKey)),
		"alg none":                        bearer(noneTok),
		"HS256 keyed with the public key": bearer(hsTok),
		"tampered signature":              bearer(parts[0] + "." + parts[1] + "." + flip(parts[2])),
		"tampered payload":                bearer(parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]),
		"no signature":                    bearer(parts[0] + "." + parts[1] + "."),
	} {
		resp := stats(auth)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, resp.StatusCode)
			continue
		}
		if resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate header", name)
		}
	}

	// One fetch of the key set served every request: the unknown kids did
	// not make it fetch again within a minute of the last fetch.
	if n := iss.Fetches(); n != 1 {
		t.Errorf("key set fetched %d times, want once", n)
	}
}

// flip changes the last significant character of a base64url string.
func flip(s string) string {
	b := []byte(s)
	i := len(b) - 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

func TestAdminAuthReplacesToken(t *testing.T) {
	cfg := testConfig(t) // AdminToken s3cret-admin-token
	var failure error
	cfg.AdminAuth = func(r *http.Request) error { return failure }
	h := NewServer(cfg)

	failure = errors.New("fetch key set: connection refused")
	rec := do(t, h, "GET", "/api/admin/stats", "", "Authorization", "Bearer s3cret-admin-token")
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "connection refused") {
		t.Errorf("check failing on the server side: %d %s, want 500 without the detail", rec.Code, rec.Body)
	}
	failure = nil
	if rec := do(t, h, "GET", "/api/admin/stats", ""); rec.Code != http.StatusOK {
		t.Errorf("accepted by AdminAuth: %d", rec.Code)
	}
}
