package selfhost

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

// repoFile answers the path of a file of the repository.
func repoFile(t *testing.T, rel string) string {
	t.Helper()
	root, err := awstest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, filepath.FromSlash(rel))
}

// The unit passes systemd-analyze verify without a word, scores at most
// 2.0 in systemd-analyze security, and holds the settings the README
// promises.
func TestSystemdUnit(t *testing.T) {
	unit, err := os.ReadFile(repoFile(t, "deploy/systemd/cloudresume.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"DynamicUser=yes", "StateDirectory=cloudresume", "ProtectSystem=strict",
		"EnvironmentFile=-/etc/cloudresume/cloudresume.env", "--trust-proxy --https",
		"--db /var/lib/cloudresume/cloudresume.db", "--addr 127.0.0.1:8080",
	} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("the unit lacks %q", want)
		}
	}
	// verify checks that ExecStart names an executable: point it at a
	// real binary in a copy of the unit.
	dir := t.TempDir()
	bin := filepath.Join(dir, "cloudresume")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "cloudresume.service")
	if err := os.WriteFile(copyPath, []byte(strings.ReplaceAll(string(unit), "/usr/local/bin/cloudresume", bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("systemd-analyze", "verify", "--man=no", copyPath).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err = exec.Command("systemd-analyze", "security", "--offline=yes", "--threshold=20", "--no-pager", copyPath).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Overall exposure level for cloudresume\.service: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in:\n%s", out)
	}
	score, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil || score > 2.0 {
		t.Fatalf("exposure level %s, want at most 2.0\n%s", m[1], out)
	}
	t.Logf("systemd-analyze security: exposure %.1f", score)
}

// The environment file holds no value, only commented examples: secrets
// are the installer's to write.
func TestSystemdEnvironmentFile(t *testing.T) {
	b, err := os.ReadFile(repoFile(t, "deploy/systemd/cloudresume.env"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
			t.Errorf("line %d sets a value: %s", i+1, l)
		}
	}
}

// The Caddyfile adapts and validates with Caddy, for the domain given,
// and proxies to the address the unit listens on.
func TestCaddyfile(t *testing.T) {
	cmd := exec.Command("caddy", "adapt", "--config", repoFile(t, "deploy/caddy/Caddyfile"), "--adapter", "caddyfile", "--validate")
	cmd.Env = append(os.Environ(), "CLOUDRESUME_DOMAIN=resume.example.com")
	cmd.Stderr = nil
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("caddy adapt --validate: %v\n%s", err, out)
	}
	var cfg struct {
		Apps struct {
			HTTP struct {
				Servers map[string]json.RawMessage `json:"servers"`
			} `json:"http"`
		} `json:"apps"`
	}
	if err := json.Unmarshal(out, &cfg); err != nil {
		t.Fatalf("caddy adapt printed %s: %v", out, err)
	}
	srv := string(cfg.Apps.HTTP.Servers["srv0"])
	for _, want := range []string{`"listen":[":443"]`, `"host":["resume.example.com"]`, `"dial":"127.0.0.1:8080"`, `"handler":"reverse_proxy"`} {
		if !strings.Contains(srv, want) {
			t.Errorf("the adapted config lacks %s:\n%s", want, srv)
		}
	}
}
