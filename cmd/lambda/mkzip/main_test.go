package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestZip(t *testing.T) {
	dir := t.TempDir()
	boot := filepath.Join(dir, "bootstrap")
	if err := os.WriteFile(boot, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "resume.yaml")
	if err := os.WriteFile(data, []byte("basics: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "sub.zip")
	if err := run([]string{"-o", out, boot, data}, io.Discard); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := map[string]os.FileMode{"bootstrap": 0o755, "resume.yaml": 0o644}
	if len(zr.File) != len(want) {
		t.Fatalf("zip has %d files, want %d", len(zr.File), len(want))
	}
	for _, f := range zr.File {
		if mode, ok := want[f.Name]; !ok || f.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v (present: %v)", f.Name, f.Mode().Perm(), mode, ok)
		}
	}
	rc, _ := zr.File[0].Open()
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "#!/bin/sh\necho hi\n" {
		t.Errorf("bootstrap content %q", b)
	}

	// Same inputs, same bytes.
	again := filepath.Join(dir, "again.zip")
	if err := run([]string{"-o", again, boot, data}, io.Discard); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(out)
	b2, _ := os.ReadFile(again)
	if !bytes.Equal(a, b2) {
		t.Error("two zips of the same files differ")
	}
	if err := run([]string{"-o", out}, io.Discard); err == nil {
		t.Error("no files: want an error")
	}
}
