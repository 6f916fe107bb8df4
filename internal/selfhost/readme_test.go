package selfhost

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// readmeSections are the README sections whose every command this test
// runs.
var readmeSections = []string{"Backups", "Moving between SQLite and AWS", "Self-hosting"}

// readme runs the commands of the README's sections, each as written but
// for the substitutions it is given, and checks at the end that it ran (or
// stood in for, with the reason) every command of those sections.
type readme struct {
	t        *testing.T
	commands []string        // every command of the sections, in order
	done     map[string]bool // the commands run or stood in for
	bin      string          // the directory holding the built cloudresume
	root     string          // the repository
}

// TestREADMECommands runs every command of the README's Backups, Moving
// between SQLite and AWS, and Self-hosting sections, against local
// stand-ins: dynalite for DynamoDB, s3rver for S3, a local HTTP server for
// the downloads, a directory for the machine's /. Only systemctl and
// docker cannot run here (no systemd as PID 1, no container engine):
// for those the test does what they would start and checks the result.
func TestREADMECommands(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("the README's self-hosting commands install as root: run the tests as root, as CI does")
	}
	root, err := awstest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	r := &readme{t: t, done: map[string]bool{}, root: root, bin: t.TempDir()}
	for _, s := range readmeSections {
		cmds := shellCommands(section(t, string(text), s))
		if len(cmds) == 0 {
			t.Fatalf("README section %q has no commands", s)
		}
		r.commands = append(r.commands, cmds...)
	}
	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(r.bin, "cloudresume"), "./cmd/cloudresume")
	build.Dir, build.Env = root, append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("Backups", r.backups)
	t.Run("Moving between SQLite and AWS", r.moving)
	t.Run("Self-hosting", r.selfHosting)
	for _, c := range r.commands {
		if !r.done[c] {
			t.Errorf("README command not run by this test: %s", c)
		}
	}
}

// section answers the text of the README section titled title.
func section(t *testing.T, readme, title string) string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README has no section %q", title)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// shellCommands answers the commands of the ```sh blocks of text, one per
// line, lines ending in \ joined, comments and blank lines left out.
func shellCommands(text string) []string {
	var out []string
	in := false
	cont := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```sh"):
			in = true
			continue
		case strings.HasPrefix(line, "```"):
			in = false
			continue
		case !in:
			continue
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cont += s
			continue
		}
		out = append(out, cont+line)
		cont = ""
	}
	return out
}

// command answers the README command that starts with prefix; the test
// fails when there is none, so that a changed README cannot go unrun.
func (r *readme) command(prefix string) string {
	r.t.Helper()
	for _, c := range r.commands {
		if strings.HasPrefix(c, prefix) {
			return c
		}
	}
	r.t.Fatalf("the README has no command starting with %q", prefix)
	return ""
}

// substitute applies the pairs old, new to cmd.
func substitute(cmd string, subs ...string) string {
	return strings.NewReplacer(subs...).Replace(cmd)
}

// run runs the README command cmd in dir with bash, after the
// substitutions, and answers its output; an error fails the test unless
// wantErr, which answers the output of a command that must fail.
func (r *readme) run(dir, cmd string, env []string, wantErr bool, subs ...string) string {
	r.t.Helper()
	r.done[cmd] = true
	line := substitute(cmd, subs...)
	c := exec.Command("bash", "-euo", "pipefail", "-c", line)
	c.Dir = dir
	c.Env = append(append(os.Environ(), "PATH="+r.bin+":"+os.Getenv("PATH")), env...)
	out, err := c.CombinedOutput()
	switch {
	case err != nil && !wantErr:
		r.t.Fatalf("%s\n(run as: %s): %v\n%s", cmd, line, err, out)
	case err == nil && wantErr:
		r.t.Fatalf("%s: succeeded, want a refusal\n%s", cmd, out)
	}
	return string(out)
}

// standIn records that cmd cannot run here, and why; the caller does what
// it would have done.
func (r *readme) standIn(cmd, why string) {
	r.t.Helper()
	r.done[cmd] = true
	r.t.Logf("not run here: %s: %s", cmd, why)
}

// server is a serve started from a README command.
type server struct {
	url  string
	cmd  *exec.Cmd
	log  *syncbuf.Buffer
	done chan struct{}
}

// start runs the serve command cmd (after a preamble such as an export
// line) in the background on a free port and waits until it is healthy.
func (r *readme) start(dir, preamble, cmd string, env []string, subs ...string) *server {
	r.t.Helper()
	r.done[cmd] = true
	addr := freeAddr(r.t)
	script := "exec " + substitute(cmd, subs...) + " --addr " + addr
	if preamble != "" {
		r.done[preamble] = true
		script = substitute(preamble, subs...) + "\n" + script
	}
	c := exec.Command("bash", "-euo", "pipefail", "-c", script)
	c.Dir = dir
	c.Env = append(append(os.Environ(), "PATH="+r.bin+":"+os.Getenv("PATH")), env...)
	s := &server{url: "http://" + addr, cmd: c, log: &syncbuf.Buffer{}, done: make(chan struct{})}
	c.Stdout, c.Stderr = s.log, s.log
	if err := c.Start(); err != nil {
		r.t.Fatal(err)
	}
	go func() { c.Wait(); close(s.done) }()
	r.t.Cleanup(func() { s.stop() })
	waitHealthy(r.t, s)
	return s
}

// stop sends SIGTERM, as systemd and Ctrl-C do, and waits for the exit.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func waitHealthy(t *testing.T, s *server) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			t.Fatalf("serve exited early:\n%s", s.log)
		default:
		}
		if resp, err := http.Get(s.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("serve never became healthy:\n%s", s.log)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// hits posts n page views from distinct clients (the server trusts
// X-Forwarded-For only with --trust-proxy; without it they are one
// visitor) and answers the views after the last.
func hits(t *testing.T, url string, n int) int64 {
	t.Helper()
	var views int64
	for i := range n {
		req, _ := http.NewRequest("POST", url+"/api/visits", strings.NewReader(`{"path":"/p`+fmt.Sprint(i%3)+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", 1+i%200))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]int64
		err = json.NewDecoder(resp.Body).Decode(&c)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("POST /api/visits: %d %v", resp.StatusCode, err)
		}
		views = c["views"]
	}
	return views
}

func (r *readme) backups(t *testing.T) {
	dir := t.TempDir()
	backup := r.command("cloudresume backup ")
	restore := r.command("cloudresume restore ")
	s := r.start(dir, "", "cloudresume serve --db cloudresume.db --rate-limit 0", nil)
	delete(r.done, "cloudresume serve --db cloudresume.db --rate-limit 0") // the test's own, not the README's
	views := hits(t, s.url, 20)
	r.run(dir, backup, nil, false) // while serve runs
	out := r.run(dir, restore, nil, true)
	if !strings.Contains(out, "stop it first") {
		t.Fatalf("restore while serve runs said:\n%s", out)
	}
	hits(t, s.url, 5)
	s.stop()
	r.run(dir, restore, nil, false)
	if got := stats(t, r, dir, "--db", "cloudresume.db"); got != views {
		t.Fatalf("after restore the database has %d views, the backup %d", got, views)
	}

	// Replication: the README's two lines, against s3rver.
	endpoint := awstest.S3rver(t)
	client := s3.NewFromConfig(awstest.Config(endpoint), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("my-bucket")}); err != nil {
		t.Fatal(err)
	}
	exportLine := r.command("export AWS_ACCESS_KEY_ID=")
	serve := r.command("cloudresume serve --db cloudresume.db --replicate ")
	subs := []string{"=...", "=S3RVER", "s3://my-bucket/cloudresume", "'s3://my-bucket/cloudresume?endpoint=" + endpoint + "'"}
	env := []string{"AWS_CA_BUNDLE=", "AWS_REGION=" + awstest.Region}
	fresh := t.TempDir()
	s = r.start(fresh, exportLine, serve, env, subs...)
	views = hits(t, s.url, 30)
	s.stop() // the last commits are uploaded at shutdown
	if !strings.Contains(s.log.String(), "replicating") {
		t.Fatalf("serve did not say it replicates:\n%s", s.log)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(fresh, "cloudresume.db"+suffix))
	}
	first := s.log.String()
	s = r.start(fresh, exportLine, serve, env, subs...)
	if !strings.Contains(s.log.String(), "restored the database from its replica") {
		t.Fatalf("serve did not restore:\n%s\nthe first run:\n%s", s.log, first)
	}
	var got map[string]int64
	resp, err := http.Get(s.url + "/api/visits")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got["views"] != views {
		t.Fatalf("restored from the replica: %d views, want %d", got["views"], views)
	}
}

// stats answers the views that `cloudresume stats` prints for the store.
func stats(t *testing.T, r *readme, dir string, args ...string) int64 {
	t.Helper()
	c := exec.Command(filepath.Join(r.bin, "cloudresume"), append([]string{"stats", "--json"}, args...)...)
	c.Dir = dir
	out, err := c.Output()
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	var sum struct {
		Visits struct{ Views int64 } `json:"visits"`
	}
	if err := json.Unmarshal(out, &sum); err != nil {
		t.Fatal(err)
	}
	return sum.Visits.Views
}

func (r *readme) moving(t *testing.T) {
	site := t.TempDir()
	s := r.start(site, "", "cloudresume serve --db cloudresume.db --rate-limit 0 --trust-proxy", nil)
	delete(r.done, "cloudresume serve --db cloudresume.db --rate-limit 0 --trust-proxy")
	views := hits(t, s.url, 40)
	s.stop()
	csv := filepath.Join(site, "movies.csv")
	os.WriteFile(csv, []byte("tt1,One,France,2001-01-01\ntt2,Two,,\n"), 0o644)
	if out, err := exec.Command(filepath.Join(r.bin, "cloudresume"), "movies", "import", "--db", filepath.Join(site, "cloudresume.db"), csv).CombinedOutput(); err != nil {
		t.Fatalf("movies import: %v\n%s", err, out)
	}

	endpoint := awstest.Dynalite(t)
	local := []string{"--region eu-west-1", "--region eu-west-1 --dynamodb-endpoint " + endpoint}
	c := exec.Command(filepath.Join(r.bin, "cloudresume"), "tables", "create", "--store", "dynamodb", "--dynamodb-endpoint", endpoint, "--table-prefix", "cloudresume-prod-")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("tables create: %v\n%s", err, out)
	}
	r.run(site, r.command("cloudresume export --db cloudresume.db"), nil, false)
	r.run(site, r.command("cloudresume import --store dynamodb"), nil, false, local...)
	if got := stats(t, r, site, "--store", "dynamodb", "--dynamodb-endpoint", endpoint, "--region", "eu-west-1", "--table-prefix", "cloudresume-prod-"); got != views {
		t.Fatalf("on DynamoDB: %d views, want %d", got, views)
	}

	back := t.TempDir() // a new machine
	r.run(back, r.command("cloudresume export --store dynamodb"), nil, false, local...)
	r.run(back, r.command("cloudresume import --db cloudresume.db"), nil, false)
	if got := stats(t, r, back, "--db", "cloudresume.db"); got != views {
		t.Fatalf("moved back: %d views, want %d", got, views)
	}
	for _, d := range []string{site, back} {
		c := exec.Command(filepath.Join(r.bin, "cloudresume"), "export", "--db", "cloudresume.db")
		c.Dir = d
		out, err := c.Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), `"movie_id":"tt2"`) {
			t.Fatalf("the movies did not make the trip:\n%s", out)
		}
	}
}

func (r *readme) selfHosting(t *testing.T) {
	machine := t.TempDir() // the VPS's /
	work := t.TempDir()    // the shell's working directory
	// The downloads: the release binary and the repository's files.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cloudresume/cloudresume/releases/latest/download/{asset}", func(w http.ResponseWriter, req *http.Request) {
		if !regexp.MustCompile(`^cloudresume_linux_(amd64|arm64)$`).MatchString(req.PathValue("asset")) {
			http.NotFound(w, req)
			return
		}
		http.ServeFile(w, req, filepath.Join(r.bin, "cloudresume"))
	})
	mux.HandleFunc("GET /cloudresume/cloudresume/main/{path...}", func(w http.ResponseWriter, req *http.Request) {
		http.ServeFile(w, req, filepath.Join(r.root, filepath.FromSlash(req.PathValue("path"))))
	})
	dl := httptest.NewServer(mux)
	defer dl.Close()
	subs := []string{
		"https://github.com", dl.URL, "https://raw.githubusercontent.com", dl.URL,
		"sudo ", "",
		"/usr/local/bin/", machine + "/usr/local/bin/",
		"/etc/", machine + "/etc/",
	}
	for _, d := range []string{"usr/local/bin", "etc/systemd/system", "etc/caddy"} {
		os.MkdirAll(filepath.Join(machine, d), 0o755)
	}
	for _, prefix := range []string{"curl -fsSLo cloudresume ", "curl -fsSLO https://raw.githubusercontent.com/cloudresume/cloudresume/main/deploy/systemd/cloudresume.service",
		"curl -fsSLO https://raw.githubusercontent.com/cloudresume/cloudresume/main/deploy/systemd/cloudresume.env",
		"curl -fsSLO https://raw.githubusercontent.com/cloudresume/cloudresume/main/deploy/caddy/Caddyfile",
		"sudo install -m 0755 cloudresume ", "sudo install -m 0644 cloudresume.service ", "sudo install -m 0600 -D cloudresume.env "} {
		r.run(work, r.command(prefix), nil, false, subs...)
	}
	if fi, err := os.Stat(filepath.Join(machine, "etc/cloudresume/cloudresume.env")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the environment file: %v, %v", fi, err)
	}

	// systemctl enable --now: what systemd would run, from the unit installed.
	enable := r.command("sudo systemctl enable --now cloudresume")
	r.standIn(enable, "no systemd runs as PID 1 here; the unit's ExecStart is run instead, after systemd-analyze verify")
	unitPath := filepath.Join(machine, "etc/systemd/system/cloudresume.service")
	unit, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	binPath := filepath.Join(machine, "usr/local/bin/cloudresume")
	local := strings.ReplaceAll(string(unit), "/usr/local/bin/cloudresume", binPath)
	if err := os.WriteFile(unitPath, []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("systemd-analyze", "verify", "--man=no", unitPath).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify of the installed unit: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^ExecStart=(.*)$`).FindStringSubmatch(local)
	if m == nil {
		t.Fatal("the unit has no ExecStart")
	}
	state := filepath.Join(machine, "var/lib/cloudresume")
	os.MkdirAll(state, 0o700)
	addr := freeAddr(t)
	fields := strings.Fields(strings.NewReplacer("/var/lib/cloudresume", state, "127.0.0.1:8080", addr).Replace(m[1]))
	svc := exec.Command(fields[0], fields[1:]...)
	svc.Dir = state
	svc.Env = []string{} // the env file holds no value yet
	s := &server{url: "http://" + addr, cmd: svc, log: &syncbuf.Buffer{}, done: make(chan struct{})}
	svc.Stdout, svc.Stderr = s.log, s.log
	if err := svc.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { svc.Wait(); close(s.done) }()
	defer s.stop()
	waitHealthy(t, s)
	resp, err := http.Get(s.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("the service runs without --https: no HSTS")
	}
	hits(t, s.url, 4)
	if v := countVisitors(t, s.url); v != 4 {
		t.Errorf("%d visitors from 4 clients: behind the proxy each client is its own (--trust-proxy)", v)
	}
	if _, err := os.Stat(filepath.Join(state, "cloudresume.db")); err != nil {
		t.Fatalf("no database in the state directory: %v", err)
	}

	r.run(work, r.command("sudo apt-get install -y caddy"), nil, false, subs...)
	r.run(work, r.command("sed 's/{$CLOUDRESUME_DOMAIN:localhost}/resume.example.com/' Caddyfile"), nil, false, subs...)
	reload := r.command("sudo systemctl reload caddy")
	r.standIn(reload, "no systemd here; the installed Caddyfile is validated with caddy adapt --validate instead")
	out, err := exec.Command("caddy", "adapt", "--adapter", "caddyfile", "--validate", "--config", filepath.Join(machine, "etc/caddy/Caddyfile")).Output()
	if err != nil {
		t.Fatalf("caddy adapt --validate: %v\n%s", err, out)
	}
	for _, want := range []string{`"host":["resume.example.com"]`, `"dial":"127.0.0.1:8080"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the installed Caddyfile lacks %s: %s", want, out)
		}
	}

	// The container image.
	images := t.TempDir()
	r.run(r.root, r.command("make image"), nil, false, "make image", "make image IMAGE_DIR="+images)
	load := r.command("docker load -i dist/image/cloudresume.tar")
	r.standIn(load, "no container engine here; the tarball is read as docker load reads it (manifest.json), and internal/image's TestImage runs its binary with chroot")
	tag, err := name.NewTag("cloudresume:1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(filepath.Join(images, "cloudresume.tar"), &tag)
	if err != nil {
		t.Fatalf("the tarball does not load as cloudresume:1.0.0: %v", err)
	}
	cf, err := img.ConfigFile()
	if err != nil || !slices.Equal(cf.Config.Entrypoint, []string{"/cloudresume", "serve", "--addr", ":8080", "--db", "/data/cloudresume.db"}) {
		t.Fatalf("image config: %+v, %v", cf, err)
	}
	run := r.command("docker run -d -p 8080:8080 -v cloudresume:/data cloudresume:1.0.0")
	r.standIn(run, "no container engine here; TestImage unpacks the image and runs its entrypoint's binary with chroot as its user")
}

// countVisitors answers the visitors the site counts.
func countVisitors(t *testing.T, url string) int64 {
	t.Helper()
	resp, err := http.Get(url + "/api/visits")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c map[string]int64
	json.NewDecoder(resp.Body).Decode(&c)
	return c["visitors"]
}
