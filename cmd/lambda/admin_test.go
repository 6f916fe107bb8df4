package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/jwtauth/jwttest"
)

// adminClient is the app client ID that testdata/http-admin-stats-jwt.json
// was recorded with.
const adminClient = "4m8q1x0bq3c7test0client0id"

// withAuthorization answers the event ev with another Authorization header.
func withAuthorization(t *testing.T, ev []byte, value string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(ev, &m); err != nil {
		t.Fatal(err)
	}
	m["headers"].(map[string]any)["authorization"] = value
	out, _ := json.Marshal(m)
	return out
}

func TestAdminJWTEvents(t *testing.T) {
	iss := jwttest.Start(t)
	env := deployment(t)
	delete(env, "CLOUDRESUME_ADMIN_TOKEN")
	env["CLOUDRESUME_ADMIN_ISSUER"] = iss.URL
	env["CLOUDRESUME_ADMIN_AUDIENCE"] = adminClient
	h, logs := newTestHandler(t, env)
	if n := iss.Fetches(); n != 0 {
		t.Errorf("the key set was fetched %d times at start; want it fetched on the first admin request", n)
	}

	// The event as API Gateway passes it on after its JWT authorizer
	// accepted the token; the function checks the token again itself.
	recorded := event(t, "http-admin-stats-jwt.json")
	now := time.Now()
	for name, tok := range map[string]string{
		"access token": iss.Sign(t, iss.AccessClaims(adminClient, now)),
		"id token":     iss.Sign(t, iss.IDClaims(adminClient, now)),
	} {
		resp := invokeHTTP(t, h, "req-"+name, withAuthorization(t, recorded, "Bearer "+tok))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s\n%s", name, resp.StatusCode, resp.Body, logs)
		}
	}

	expired := iss.AccessClaims(adminClient, now.Add(-2*time.Hour))
	otherClient := iss.AccessClaims("another-app-client", now)
	for name, auth := range map[string]string{
		"the recorded placeholder": "",
		"another app client":       "Bearer " + iss.Sign(t, otherClient),
		"expired":                  "Bearer " + iss.Sign(t, expired),
		"the static token":         "Bearer s3cret-admin-token",
		"a key of another issuer":  "Bearer " + jwttest.Sign(t, iss.AccessClaims(adminClient, now), iss.KID, jwttest.NewKey(t)),
	} {
		ev := recorded
		if auth != "" {
			ev = withAuthorization(t, recorded, auth)
		}
		if resp := invokeHTTP(t, h, "req-bad", ev); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, resp.StatusCode)
		}
	}
	if n := iss.Fetches(); n != 1 {
		t.Errorf("key set fetched %d times, want once", n)
	}
}
