package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/cmd/internal/perm"
)

func TestPermissions(t *testing.T) {
	out, stderr, err := cli(t, nil, "permissions", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var got map[string][]perm.Grant
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got[perm.API]) == 0 || len(got[perm.Ingest]) == 0 || len(got) != 2 {
		t.Fatalf("permissions --json:\n%s", out)
	}
	text, _, err := cli(t, nil, "permissions")
	if err != nil || !strings.Contains(text, "s3:PutObject             reports") || !strings.Contains(text, "table messages index by_created") {
		t.Fatalf("permissions: %v\n%s", err, text)
	}
}
