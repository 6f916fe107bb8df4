package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeCommands returns the commands in the sh blocks of the section of
// readme (a Markdown file) titled heading, its subsections included.
func readmeCommands(t *testing.T, readme, heading string) []string {
	t.Helper()
	_, body, ok := strings.Cut(readme, "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("README has no section %q", heading)
	}
	body, _, _ = strings.Cut(body, "\n## ")
	var cmds []string
	for i, block := range strings.Split(body, "```") {
		lang, _, _ := strings.Cut(block, "\n")
		if i%2 == 0 || lang != "sh" {
			continue // text between blocks, or a block of another language
		}
		for _, l := range strings.Split(block, "\n")[1:] {
			l, _, _ = strings.Cut(l, " #")
			if l = strings.TrimSpace(l); l != "" {
				cmds = append(cmds, l)
			}
		}
	}
	return cmds
}

// The commands of the README's sections on validating and on the PDF run
// as written, in order, in an empty directory.
func TestREADMEValidateAndPDF(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	dir := t.TempDir()
	t.Chdir(dir)
	n := 0
	for _, heading := range []string{"Validating a resume", "PDF"} {
		for _, c := range readmeCommands(t, readme, heading) {
			rest, ok := strings.CutPrefix(c, "go run ./cmd/cloudresume ")
			if !ok {
				t.Fatalf("%q does not run cloudresume", c)
			}
			args, stdin := strings.Fields(rest), ""
			if i := strings.Index(rest, " < "); i >= 0 {
				in, err := os.ReadFile(strings.TrimSpace(rest[i+3:]))
				if err != nil {
					t.Fatalf("%s: %v", c, err)
				}
				args, stdin = strings.Fields(rest[:i]), string(in)
			}
			if out, stderr, err := cliIn(t, stdin, args...); err != nil {
				t.Errorf("%s: %v\n%s%s", c, err, out, stderr)
			}
			n++
		}
	}
	if n < 6 {
		t.Errorf("only %d commands found in the README", n)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "me.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if pages, width := checkPDF(t, pdf); pages > 2 || width != 612 {
		t.Errorf("me.pdf: %d pages, %v wide (the last command asks for Letter)", pages, width)
	}
}
