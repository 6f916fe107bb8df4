package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out, _, err := cli(t, nil, "init")
	if err != nil || !strings.Contains(out, "wrote resume.yaml") {
		t.Fatalf("init: %v %q", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "resume.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(resume.Example()) {
		t.Error("resume.yaml is not the example")
	}
	// Commented: the file explains its sections.
	comments := 0
	for l := range strings.SplitSeq(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			comments++
		}
	}
	if comments < 20 {
		t.Errorf("only %d comment lines", comments)
	}
	if out, stderr, err := cli(t, nil, "validate", "--strict", "resume.yaml"); err != nil {
		t.Errorf("the starter does not validate: %v %s %s", err, out, stderr)
	}

	// An existing file is never overwritten.
	if err := os.WriteFile("resume.yaml", []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = cli(t, nil, "init", "resume.yaml")
	if code(err) != 1 || !strings.Contains(err.Error(), "resume.yaml exists already") {
		t.Errorf("init over a file: exit %d (%v)", code(err), err)
	}
	if b, _ := os.ReadFile("resume.yaml"); string(b) != "mine" {
		t.Errorf("the existing file was changed: %q", b)
	}

	// A .json name gets JSON, which loads as the same resume.
	if _, _, err := cli(t, nil, "init", "me.json"); err != nil {
		t.Fatal(err)
	}
	js, _ := os.ReadFile("me.json")
	if !json.Valid(js) {
		t.Fatalf("me.json is not JSON: %.100s", js)
	}
	a, _ := resume.Parse("me.json", js)
	b, _ := resume.Parse("example.yaml", resume.Example())
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("me.json is not the example")
	}
	if _, _, err := cli(t, nil, "init", "a.yaml", "b.yaml"); code(err) != 2 {
		t.Errorf("two files: %v", err)
	}
}
