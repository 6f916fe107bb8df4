package awstest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// modulePath names the repository's root module; testenv/ and deploy/ have
// go.mod files of their own that must not be mistaken for it.
const modulePath = "github.com/cloudresume/cloudresume"

// installTimeout bounds `npm ci` in testenv.
const installTimeout = 5 * time.Minute

// tool answers the path of the npm tool name in testenv, running `npm ci`
// there first when the packages are not installed. Test binaries of several
// packages run at once, so the check and the install happen under an
// exclusive file lock: nobody sees a half-installed node_modules.
func tool(name string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	bin, _, err := toolIn(filepath.Join(root, "testenv"), name)
	return bin, err
}

// toolIn answers the path of the npm tool name in the Node project dir,
// and whether this call installed the project's packages.
func toolIn(dir, name string) (bin string, installed bool, err error) {
	bin = filepath.Join(dir, "node_modules", ".bin", name)
	// npm writes its hidden lockfile after every package is in place.
	done := filepath.Join(dir, "node_modules", ".package-lock.json")

	unlock, err := lockFile(filepath.Join(dir, ".install.lock"))
	if err != nil {
		return "", false, err
	}
	defer unlock()
	switch {
	case exists(bin) && exists(done):
		return bin, false, nil
	case exists(done):
		return "", false, fmt.Errorf("%s is missing from the packages installed in %s: is %s a dependency in its package.json? (run `npm ci` there after changing it)", bin, dir, name)
	}
	if err := npmCI(dir); err != nil {
		return "", false, err
	}
	if !exists(bin) {
		return "", true, fmt.Errorf("%s is missing after npm ci in %s: is %s a dependency in its package.json?", bin, dir, name)
	}
	return bin, true, nil
}

func npmCI(dir string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("the tests need Node.js and npm to run the local AWS servers in %s (run `npm ci` there): %w", dir, err)
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	cmd.WaitDelay = time.Second
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("npm ci in %s: %w", dir, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err = <-errc:
	case <-time.After(installTimeout):
		cmd.Process.Kill()
		<-errc
		err = fmt.Errorf("timed out after %s", installTimeout)
	}
	if err != nil {
		return fmt.Errorf("npm ci in %s: %w\n%s", dir, err, out)
	}
	return nil
}

// RepoRoot answers the repository's root directory: the nearest directory
// above the working directory whose go.mod declares the root module.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the repository: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if moduleOf(filepath.Join(dir, "go.mod")) == modulePath {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod of module %s above %s", modulePath, wd)
		}
	}
}

// moduleOf answers the module path declared in the go.mod at path, or "".
func moduleOf(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
