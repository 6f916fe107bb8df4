package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The README's commands are run as written: every sh block of the README
// belongs to a section that this test runs, or that it names with the
// reason it cannot run here, so a command added anywhere is either run or
// explained.

// section is a README section: its heading and the commands of its sh
// blocks, continuation lines joined.
type section struct {
	heading  string
	commands []string
}

// readmeSections returns the sections of the README that have sh blocks;
// the text before the first heading is the section "".
func readmeSections(t *testing.T, path string) []section {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []section
	cur := section{}
	inBlock, isSh := false, false
	pending := ""
	flush := func() {
		if len(cur.commands) > 0 {
			out = append(out, cur)
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && !inBlock:
			inBlock, isSh = true, strings.TrimPrefix(line, "```") == "sh"
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = false
			continue
		case !inBlock && (strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### ")):
			flush()
			cur = section{heading: strings.TrimLeft(line, "# ")}
			continue
		}
		if !inBlock || !isSh {
			continue
		}
		if c, ok := strings.CutSuffix(line, "\\"); ok {
			pending += c
			continue
		}
		line = pending + line
		pending = ""
		if trimmed := strings.TrimSpace(line); trimmed != "" && !strings.HasPrefix(trimmed, "#") {
			cur.commands = append(cur.commands, trimmed)
		}
	}
	flush()
	return out
}

// readmePlan says what becomes of each section's commands: run where (in
// an empty directory, or in the repository), or why they cannot run here.
type readmePlan struct {
	inRepo bool   // run in the repository's root, not an empty directory
	notRun string // why the commands cannot run in a test; "" runs them
	// skip names commands (by their start) that are not run, and why.
	skip map[string]string
}

func readmePlans() map[string]readmePlan {
	selfhost := "run by internal/selfhost's TestREADMECommands, against dynalite, s3rver, a download server and a fake root"
	noAWS := "needs an AWS account, which no test has; the deployment is tested on its synthesized templates (deploy/test) and the code on the tables they declare (internal/stacktest)"
	return map[string]readmePlan{
		"":                      {skip: map[string]string{"./scripts/test.sh": "the test command itself"}},
		"Running the site":      {},
		"Themes":                {notRun: "run by TestThemeDocsCommands, which also checks each page has its theme"},
		"Validating a resume":   {},
		"PDF":                   {},
		"The contact form":      {},
		"The movies catalog":    {},
		"API":                   {},
		"Dashboard":             {},
		"Building the package":  {inRepo: true},
		"Testing and measuring": {notRun: "test and benchmark commands: scripts/test.sh runs the tests; benchmarks run by hand"},
		"Benchmarks":            {notRun: "benchmarks, which take minutes and print figures; run by hand"},
		"1. Build once and check the app synthesizes":        {inRepo: true},
		"2. Bootstrap the CDK (once per account and region)": {notRun: noAWS},
		"3. Tell it where to send mail":                      {notRun: noAWS},
		"4. Deploy":                                          {notRun: noAWS},
		"5. Create the admin user":                           {notRun: noAWS},
		"6. Import movies":                                   {notRun: noAWS},
		"7. Deploy from GitHub (no stored keys)":             {notRun: noAWS},
		"Taking it down":                                     {notRun: noAWS},
		"Backups":                                            {notRun: selfhost},
		"Moving between SQLite and AWS":                      {notRun: selfhost},
		"Self-hosting":                                       {notRun: selfhost},
	}
}

// shellCommand rewrites a README command to run in a test: cloudresume is
// the binary built for the test, the server listens on port, and a serve
// runs in the background until the script ends, the next command waiting
// until it answers.
func shellCommand(c string, port int) string {
	c = strings.ReplaceAll(c, "go run ./cmd/cloudresume ", "cloudresume ")
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	c = strings.ReplaceAll(c, "127.0.0.1:8080", addr)
	c = strings.ReplaceAll(c, "localhost:8080", addr)
	if !regexp.MustCompile(`(^|[\s;&|])cloudresume serve\b`).MatchString(c) {
		return c
	}
	if !strings.Contains(c, "--addr") {
		c = strings.Replace(c, "cloudresume serve", "cloudresume serve --addr "+addr, 1)
	}
	if i := strings.Index(c, " #"); i >= 0 {
		c = c[:i]
	}
	c = strings.TrimSuffix(strings.TrimSpace(c), "&")
	// One server at a time: the one before is stopped first.
	return "stop_serve\n" + c + " &\nSERVE=$!\nup"
}

const readmePrelude = `set -euo pipefail
SERVE=
up() {
	for _ in $(seq 600); do
		curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
		kill -0 "$SERVE" 2>/dev/null || { echo "serve exited" >&2; return 1; }
		sleep 0.1
	done
	echo "serve did not answer" >&2
	return 1
}
stop_serve() {
	# The server may be the child of the background job (a && b &).
	if [ -n "$SERVE" ]; then pkill -TERM -P "$SERVE" || true; kill "$SERVE" 2>/dev/null || true; wait "$SERVE" || true; SERVE=; fi
}
trap stop_serve EXIT
`

func TestREADMECommands(t *testing.T) {
	sections := readmeSections(t, filepath.Join("..", "..", "README.md"))
	plans := readmePlans()
	bin := filepath.Join(t.TempDir(), "bin")
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "cloudresume"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// HOME is the reader's directory below; Go's caches stay where they are.
	goEnv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	cache := strings.Fields(string(goEnv))
	// The sections run in order in one directory, as a reader follows them.
	work := t.TempDir()
	ran := 0
	for _, s := range sections {
		plan, ok := plans[s.heading]
		if !ok {
			t.Errorf("README section %q has commands this test neither runs nor explains: %q", s.heading, s.commands)
			continue
		}
		if plan.notRun != "" {
			t.Logf("%q not run: %s", s.heading, plan.notRun)
			continue
		}
		t.Run(s.heading, func(t *testing.T) {
			port := freePort(t)
			var script strings.Builder
			script.WriteString(readmePrelude)
			for _, c := range s.commands {
				if why, skipped := skippedBy(plan, c); skipped {
					t.Logf("not run: %s (%s)", c, why)
					continue
				}
				fmt.Fprintf(&script, "echo '+ %s' >&2\n%s\n", strings.ReplaceAll(c, "'", `'\''`), shellCommand(c, port))
				ran++
			}
			dir := work
			if plan.inRepo {
				dir = repo
			}
			cmd := exec.Command("bash", "-c", script.String())
			cmd.Dir = dir
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			// A process left behind must not hold the output open for ever.
			cmd.WaitDelay = 10 * time.Second
			cmd.Env = append(os.Environ(),
				"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				fmt.Sprintf("PORT=%d", port),
				"HOME="+work, // where the reader's files are: me.yaml
				"GOCACHE="+cache[0], "GOMODCACHE="+cache[1], "GOPATH="+cache[2],
				"CLOUDRESUME_LOG_FORMAT=text")
			done := make(chan struct{})
			var out []byte
			var runErr error
			go func() {
				out, runErr = cmd.CombinedOutput()
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(8 * time.Minute): // a bound against a hang, not a measure
				syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-done
				t.Fatalf("the commands of %q did not end\n%s", s.heading, out)
			}
			if runErr != nil {
				t.Fatalf("%v\n%s", runErr, out)
			}
		})
	}
	for heading := range plans {
		if !hasSection(sections, heading) {
			t.Errorf("the plan names section %q, which has no commands in the README", heading)
		}
	}
	if ran < 20 {
		t.Errorf("only %d README commands ran", ran)
	}
}

func skippedBy(p readmePlan, c string) (string, bool) {
	for prefix, why := range p.skip {
		if strings.HasPrefix(c, prefix) {
			return why, true
		}
	}
	return "", false
}

func hasSection(ss []section, heading string) bool {
	for _, s := range ss {
		if s.heading == heading {
			return true
		}
	}
	return false
}

// freePort returns a loopback port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

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
