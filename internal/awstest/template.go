package awstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// synthTimeout bounds the build of the CDK app and its synthesis; the
// TypeScript compiler alone takes most of a minute on a busy machine.
const synthTimeout = 10 * time.Minute

// TemplateEnv returns the name of the environment variable that may name
// a template of stage synthesized already: CLOUDRESUME_DEV_TEMPLATE for
// dev. scripts/test.sh sets it so that each test process need not build
// the CDK app again.
func TemplateEnv(stage string) string {
	return "CLOUDRESUME_" + strings.ToUpper(stage) + "_TEMPLATE"
}

// Template returns the CloudFormation template of stage, as JSON, from the
// file named by TemplateEnv(stage) when that is set, or else from the CDK
// app in deploy/: it installs the app's npm packages when they are
// missing, runs its build (`npm run build`) and prints the stage's
// template with placeholder assets (`node dist/testkit/template.js`).
// Test processes of several packages build in the same directory, so the
// build and the synthesis happen under an exclusive file lock.
func Template(stage string) ([]byte, error) {
	if file := os.Getenv(TemplateEnv(stage)); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read the template named by %s: %w", TemplateEnv(stage), err)
		}
		return b, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "deploy")
	if _, _, err := toolIn(dir, "tsc"); err != nil {
		return nil, err
	}
	unlock, err := lockFile(filepath.Join(dir, ".build.lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(context.Background(), synthTimeout)
	defer cancel()
	if _, err := runIn(ctx, dir, "npm", "run", "build", "--silent"); err != nil {
		return nil, err
	}
	out, err := runIn(ctx, dir, "node", filepath.Join("dist", "testkit", "template.js"), stage)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// runIn runs the program name in dir and returns what it printed on its
// standard output; the error holds its standard error. Its whole process
// group is killed when ctx ends.
func runIn(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("the tests need %s to synthesize the CDK app in %s: %w", name, dir, err)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	setProcessGroup(cmd)
	cmd.Cancel = func() error {
		killProcessGroup(cmd)
		return nil
	}
	cmd.WaitDelay = time.Second
	stdout, stderr := &bytes.Buffer{}, &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	what := strings.Join(append([]string{name}, args...), " ")
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %s", synthTimeout)
		}
		return nil, fmt.Errorf("%s in %s: %w\n%s%s", what, dir, err, stdout, stderr)
	}
	return stdout.Bytes(), nil
}
