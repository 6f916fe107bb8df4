package main

import (
	"encoding/json"
	"testing"

	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// `tables --json` prints the definitions that `tables create` creates.
func TestTablesJSON(t *testing.T) {
	out, stderr, err := cli(t, nil, "tables", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var got []dynamo.Table
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	byName := map[string]dynamo.Table{}
	for _, tb := range got {
		byName[tb.Suffix] = tb
	}
	if len(got) != 3 || byName["visits"].TTLAttribute != "expires_at" || len(byName["messages"].LocalIndexes) != 2 {
		t.Fatalf("tables --json:\n%s", out)
	}
	for _, tb := range got {
		if tb.BillingMode != "PAY_PER_REQUEST" || len(tb.KeySchema) != 2 {
			t.Errorf("%s: %+v", tb.Suffix, tb)
		}
	}
}
