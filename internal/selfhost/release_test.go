package selfhost

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every action the release workflow uses is pinned by a full commit SHA,
// with the version it is in a comment, and the workflow builds every
// platform the README names.
func TestReleaseWorkflowPinsActions(t *testing.T) {
	b, err := os.ReadFile(repoFile(t, ".github/workflows/release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*(\S+)(.*)$`).FindAllStringSubmatch(string(b), -1)
	if len(uses) == 0 {
		t.Fatal("no uses: lines")
	}
	pinned := regexp.MustCompile(`^[\w.-]+/[\w.-]+@[0-9a-f]{40}$`)
	version := regexp.MustCompile(`^\s*# v\d+\.\d+\.\d+$`)
	for _, u := range uses {
		if !pinned.MatchString(u[1]) || !version.MatchString(u[2]) {
			t.Errorf("%s%s: want owner/action@<40-hex SHA> # vX.Y.Z", u[1], u[2])
		}
	}
	for _, want := range []string{"for os in linux darwin windows", "for arch in amd64 arm64", "SHA256SUMS",
		"cyclonedx-gomod", "attest-build-provenance", "ghcr.io", "make image", `tags: ["v*"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("release.yml lacks %q", want)
		}
	}
}
