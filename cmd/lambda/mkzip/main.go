// Command mkzip writes a Lambda deployment package: a zip holding the given
// files at its root, with their Unix permissions (the bootstrap must stay
// executable) and a fixed time, so that the same inputs give the same zip.
//
//	go run ./cmd/lambda/mkzip -o dist/lambda/function.zip dist/lambda/bootstrap
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkzip:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("mkzip", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "function.zip", "zip file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("usage: mkzip -o OUT.zip FILE [FILE]")
	}
	tmp := *out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := write(f, fs.Args()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, *out)
}

// write zips files into w, each under its base name.
func write(w io.Writer, files []string) error {
	zw := zip.NewWriter(w)
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range files {
		if err := add(zw, name, stamp); err != nil {
			return err
		}
	}
	return zw.Close()
}

func add(zw *zip.Writer, name string, stamp time.Time) error {
	in, err := os.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", name)
	}
	h := &zip.FileHeader{Name: filepath.Base(name), Method: zip.Deflate, Modified: stamp}
	h.SetMode(st.Mode().Perm())
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, in); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	return nil
}
