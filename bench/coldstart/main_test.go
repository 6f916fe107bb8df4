package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildBootstrap builds the package pkg for this machine into dir.
func buildBootstrap(t *testing.T, dir, name, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", bin, pkg)
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// TestRun runs the benchmark once over the real bootstrap: the function
// must accept the deployment's environment the benchmark gives it and
// answer both events with 200 (run fails otherwise), and the report must
// hold every row.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	realBin := buildBootstrap(t, dir, "bootstrap", "github.com/cloudresume/cloudresume/cmd/lambda")
	trivial := buildBootstrap(t, dir, "trivial", "./trivial")
	var out bytes.Buffer
	args := []string{"-real", realBin, "-trivial", trivial, "-resume", "../../internal/resume/example.yaml", "-n", "1", "-traces", "1"}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"trivial aws-lambda-go bootstrap", "GET /healthz", "first POST /api/visits",
		"package init", "AWS SDK", `main's init (its "init" log line)`, "costliest package inits of cloudresume",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	// The real bootstrap logs its init; a "-" would mean the line is gone.
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "  main's init") && strings.HasSuffix(strings.TrimSpace(line), " -") {
			t.Errorf("no init duration read from the real bootstrap: %q", line)
		}
	}
}
