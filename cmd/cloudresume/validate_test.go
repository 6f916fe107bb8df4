package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// cliIn runs the program in-process with stdin as its standard input.
func cliIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb syncbuf.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func code(err error) int { return exitCode(&bytes.Buffer{}, err) }

func TestValidateWarnings(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "me.yaml"), `basics:
  name: Ada
  location:
    postalCode: 10115
wrok:
  - name: Engines
work:
  - company: Engines
    website: https://engines.example.com
`)
	out, stderr, err := cli(t, nil, "validate", path)
	if err != nil {
		t.Fatalf("warnings only: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		path + `:5: warning: wrok: unknown field; did you mean "work"?`,
		path + `:8: warning: work[0].company: unknown field: the old schema's "company" is "name" now`,
		path + `:9: warning: work[0].website: unknown field: the old schema's "website" is "url" now`,
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if out != path+": valid, with 3 warnings\n" {
		t.Errorf("stdout = %q", out)
	}
	// A plain YAML number in a string field is its text: no problem.
	if strings.Contains(stderr, "postalCode") {
		t.Errorf("postalCode: 10115 reported: %s", stderr)
	}

	_, stderr, err = cli(t, nil, "validate", "--strict", path)
	if code(err) != 2 || !strings.Contains(err.Error(), "3 warnings, errors with --strict") || !strings.Contains(stderr, "did you mean") {
		t.Errorf("--strict: exit %d (%v)\n%s", code(err), err, stderr)
	}
	clean := writeFile(t, filepath.Join(dir, "clean.yaml"), "basics:\n  name: Ada\n")
	if out, _, err := cli(t, nil, "validate", "--strict", clean); err != nil || out != clean+": valid\n" {
		t.Errorf("--strict on a clean file: %v %q", err, out)
	}
}

func TestValidateDuplicateKeys(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"dup.yaml": "basics:\n  name: Ada\n  label: x\n  name: Bea\n",
		"dup.json": "{\"basics\": {\n  \"name\": \"Ada\",\n  \"label\": \"x\",\n  \"name\": \"Bea\"}}",
	} {
		path := writeFile(t, filepath.Join(dir, name), data)
		_, stderr, err := cli(t, nil, "validate", path)
		if want := path + `:4: basics.name: duplicate key "name": it is also at line 2`; code(err) != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", name, code(err), stderr, want)
		}
	}
}

func TestValidateStdin(t *testing.T) {
	out, _, err := cliIn(t, "basics:\n  name: Ada\n", "validate", "-")
	if err != nil || out != "<stdin>: valid\n" {
		t.Errorf("valid stdin: %v %q", err, out)
	}
	_, stderr, err := cliIn(t, `{"basics": {"name": "Ada", "email": "nope"}}`, "validate", "-")
	if code(err) != 2 || !strings.Contains(stderr, `<stdin>:1: basics.email: "nope" is not an email address`) {
		t.Errorf("invalid stdin: exit %d %q", code(err), stderr)
	}
}

func TestValidateRefusesLargeFiles(t *testing.T) {
	big := "basics:\n  name: Ada\n  summary: " + strings.Repeat("a", 1<<20) + "\n"
	path := writeFile(t, filepath.Join(t.TempDir(), "big.yaml"), big)
	for _, c := range []struct {
		stdin string
		args  []string
	}{{"", []string{"validate", path}}, {big, []string{"validate", "-"}}} {
		_, _, err := cliIn(t, c.stdin, c.args...)
		if code(err) != 2 || !strings.Contains(err.Error(), "larger than 1 MB") {
			t.Errorf("%v: exit %d (%v)", c.args, code(err), err)
		}
	}
}

func TestValidatePhoto(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "photo.jpg"), "<html>not a picture</html>")
	path := writeFile(t, filepath.Join(dir, "me.yaml"), "basics:\n  name: Ada\n  image: photo.jpg\n")
	_, stderr, err := cli(t, nil, "validate", path)
	if want := path + `:3: basics.image: "photo.jpg" is not a PNG, JPEG or WebP image`; code(err) != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q, want %q", code(err), stderr, want)
	}
	path = writeFile(t, filepath.Join(dir, "other.yaml"), "basics:\n  name: Ada\n  image: missing.png\n")
	if _, stderr, err := cli(t, nil, "validate", path); code(err) != 2 || !strings.Contains(stderr, `"missing.png" does not exist`) {
		t.Errorf("missing photo: exit %d %q", code(err), stderr)
	}
	// The photo is looked for next to the resume, wherever it is run from.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	if err := os.WriteFile(filepath.Join(dir, "missing.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, stderr, err := cli(t, nil, "validate", path); err != nil || !strings.HasSuffix(out, ": valid\n") {
		t.Errorf("with the photo: %v %q %q", err, out, stderr)
	}
}
