package awstest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Several tests starting at once in a project without node_modules
// install it once, and each finds the tool.
func TestInstallsOnceUnderConcurrency(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(root, "testenv", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		installs int
	)
	for range 3 {
		wg.Go(func() {
			bin, installed, err := toolIn(dir, "dynalite")
			if err != nil {
				t.Error(err)
				return
			}
			if !exists(bin) {
				t.Errorf("%s does not exist", bin)
			}
			if installed {
				mu.Lock()
				installs++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if installs != 1 {
		t.Fatalf("npm ci ran %d times, want once", installs)
	}
	if _, _, err := toolIn(dir, "nosuchtool"); err == nil {
		t.Fatal("a tool that is not a dependency must be an error")
	}
}
