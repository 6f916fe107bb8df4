package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// On a terminal (a pseudo-terminal made by script(1)) export and import
// draw a progress bar on standard error; through a pipe they print only
// their summary.
func TestTransferProgressOnATerminalOnly(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Fatalf("this test needs script(1) from util-linux for a pseudo-terminal: %v", err)
	}
	bin := binary(t)
	dir := t.TempDir()
	var csv strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&csv, "tt%07d,Movie %d,France,2001-02-03\n", i, i)
	}
	os.WriteFile(filepath.Join(dir, "movies.csv"), []byte(csv.String()), 0o644)
	shell := func(tty bool, cmd string) string {
		t.Helper()
		var c *exec.Cmd
		if tty {
			c = exec.Command(script, "-qec", cmd, "/dev/null")
		} else {
			c = exec.Command("bash", "-c", cmd)
		}
		c.Dir = dir
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", cmd, err, out)
		}
		return string(out)
	}
	shell(false, bin+" movies import --create --db a.db movies.csv")
	if out := shell(true, bin+" export --db a.db -o a.jsonl"); !strings.Contains(out, "exporting") || !strings.Contains(out, "records") {
		t.Errorf("export on a terminal drew no progress:\n%q", out)
	}
	if out := shell(true, bin+" import --db b.db a.jsonl"); !strings.Contains(out, "importing") {
		t.Errorf("import on a terminal drew no progress:\n%q", out)
	}
	for _, cmd := range []string{" export --db a.db -o c.jsonl", " import --db c.db a.jsonl"} {
		out := shell(false, bin+cmd+" 2>&1 | cat")
		if strings.Contains(out, "exporting") || strings.Contains(out, "importing") || strings.Count(strings.TrimSpace(out), "\n") > 0 {
			t.Errorf("%s through a pipe printed more than its summary:\n%q", cmd, out)
		}
	}
}
