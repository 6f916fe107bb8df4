package main

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestEnvironmentList keeps testdata/environment.json, which the
// deployment's tests read, equal to the variables loadConfig reads.
func TestEnvironmentList(t *testing.T) {
	var doc struct {
		Read, TestOnly, SetByLambda []string
	}
	b, err := os.ReadFile("testdata/environment.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	loadConfig(func(name string) string { read[name] = true; return "" })
	var got []string
	for name := range read {
		got = append(got, name)
	}
	slices.Sort(got)
	if !slices.Equal(got, doc.Read) {
		t.Errorf("loadConfig reads\n%q\ntestdata/environment.json lists\n%q", got, doc.Read)
	}
	for _, name := range append(doc.TestOnly, doc.SetByLambda...) {
		if !read[name] {
			t.Errorf("%s is listed but not read", name)
		}
	}
}
