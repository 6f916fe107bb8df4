package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// checkPDF validates data with pdfcpu and returns its page count and the
// width of its first page.
func checkPDF(t *testing.T, data []byte) (int, float64) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(data), conf); err != nil {
		t.Fatalf("pdfcpu: %v", err)
	}
	dims, err := api.PageDims(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatal(err)
	}
	return len(dims), dims[0].Width
}

func TestPDFCommand(t *testing.T) {
	dir := t.TempDir()
	me := writeFile(t, filepath.Join(dir, "me.yaml"), "basics:\n  name: Zoë Ångström 山\nwork:\n  - name: Engines\n    position: Analyst\nmeta:\n  paper: letter\n")
	out := filepath.Join(dir, "me.pdf")
	stdout, stderr, err := cli(t, nil, "pdf", "--resume", me, "-o", out)
	if err != nil {
		t.Fatalf("pdf: %v %s", err, stderr)
	}
	if stdout != "wrote "+out+": 1 page, Letter\n" {
		t.Errorf("stdout = %q", stdout)
	}
	if !strings.Contains(stderr, `warning: the PDF's fonts lack '山' (U+5C71), printed as ?`) {
		t.Errorf("no warning of the missing glyph: %q", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if pages, width := checkPDF(t, data); pages != 1 || width != 612 {
		t.Errorf("%d pages %v wide, want 1 Letter page (meta.paper)", pages, width)
	}
	// --paper wins over meta.paper; - writes to standard output.
	stdout, _, err = cli(t, nil, "pdf", "--resume", me, "--paper", "A4", "-o", "-")
	if err != nil || !strings.HasPrefix(stdout, "%PDF-") {
		t.Fatalf("-o -: %v %.20q", err, stdout)
	}
	if _, width := checkPDF(t, []byte(stdout)); width != 595.28 {
		t.Errorf("--paper a4: %v wide", width)
	}
	// The example, by default, in two pages at most.
	t.Chdir(dir)
	if _, _, err := cli(t, nil, "pdf"); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "resume.pdf"))
	if pages, width := checkPDF(t, data); pages > 2 || width != 595.28 {
		t.Errorf("the example: %d pages, %v wide", pages, width)
	}
	for _, args := range [][]string{{"pdf", "--paper", "legal"}, {"pdf", "extra"}, {"pdf", "--resume", filepath.Join(dir, "missing.yaml")}} {
		if _, _, err := cli(t, nil, args...); code(err) != 2 {
			t.Errorf("%v: exit %d (%v)", args, code(err), err)
		}
	}
}

func TestBuildWritesThePDF(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := cli(t, nil, "build", "-o", dir); err != nil {
		t.Fatalf("build: %v %s", err, stderr)
	}
	built, err := os.ReadFile(filepath.Join(dir, "resume.pdf"))
	if err != nil {
		t.Fatalf("build wrote no resume.pdf: %v", err)
	}
	if pages, _ := checkPDF(t, built); pages < 1 || pages > 2 {
		t.Errorf("resume.pdf has %d pages", pages)
	}
	// It is the PDF that the pdf command makes of the same resume.
	direct, _, err := cli(t, nil, "pdf", "-o", "-")
	if err != nil || direct != string(built) {
		t.Errorf("build's resume.pdf differs from the pdf command's (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Errorf("resume.pdf is not next to index.html: %v", err)
	}
}
