package main

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
)

// TestEnvironmentList keeps testdata/environment.json, which the
// deployment's tests read, equal to the variables the function reads: the
// settings of the Lambda runtime.
func TestEnvironmentList(t *testing.T) {
	var doc struct {
		Read, TestOnly []string
	}
	b, err := os.ReadFile("testdata/environment.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	got := app.EnvNames(app.Lambda)
	slices.Sort(got)
	if !slices.Equal(got, doc.Read) {
		t.Errorf("the function reads\n%q\ntestdata/environment.json lists\n%q", got, doc.Read)
	}
	for _, name := range doc.TestOnly {
		if !slices.Contains(got, name) {
			t.Errorf("%s is listed for tests but not read", name)
		}
	}
}
