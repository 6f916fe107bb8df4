package perm

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The grants declared for each function are those its code needs: every
// SDK operation that the code the function runs builds an input for, on
// the table and index it names, and no other. See derive_test.go for how
// the code is read.
func TestGrantsAreWhatTheCodeCalls(t *testing.T) {
	a, err := load()
	if err != nil {
		t.Fatal(err)
	}
	declared := Functions()
	if len(declared) != len(entryPoints()) {
		t.Errorf("functions %v, entry points for %v", keys(declared), keys(entryPoints()))
	}
	for name, entries := range entryPoints() {
		derived := grants(a.derive(entries))
		var want, got []string
		for _, g := range derived {
			want = append(want, key(g))
		}
		for _, g := range declared[name] {
			if (g.Table != "") == (g.Resource != "") || g.Index != "" && g.Table == "" {
				t.Errorf("%s: %+v: want a table (and maybe an index) or a resource", name, g)
			}
			if g.Resource != "" && !slices.Contains([]string{Uploads, Reports, Mail}, g.Resource) {
				t.Errorf("%s: %+v: unknown resource", name, g)
			}
			got = append(got, key(g))
		}
		slices.Sort(got)
		slices.Sort(want)
		got, want = slices.Compact(got), slices.Compact(want)
		if !slices.Equal(got, want) {
			var lines []string
			for _, g := range derived {
				lines = append(lines, fmt.Sprintf("\t{Action: %q, Table: %q, Index: %q},", g.Action, g.Table, g.Index))
			}
			t.Errorf("%s: declared %v\nthe code calls %v\nmissing %v, not called %v\nderived:\n%s",
				name, got, want, minus(want, got), minus(got, want), strings.Join(lines, "\n"))
		}
	}
	for _, p := range a.problems {
		t.Error(p)
	}
}

// key is a grant as the derivation can tell it: the resource of an action
// on a table, the action alone for the others (their resource is the
// deployment's to map: see Uploads, Reports, Mail).
func key(g Grant) string {
	if g.Table == "" {
		return g.Action
	}
	return g.Action + " " + g.Table + "/" + g.Index
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
