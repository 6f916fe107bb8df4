// Package awstest starts real local AWS-compatible servers for tests:
// dynalite for DynamoDB and s3rver for S3, both installed from the npm
// lockfile in testenv/. A missing tool is a test failure, never a skip.
// It also obtains the CloudFormation template that the CDK app in deploy/
// synthesizes (Template), for the tests that run on the deployed shape.
package awstest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// startTimeout bounds how long a server may take to accept connections.
const startTimeout = 20 * time.Second

// Server is a local server process listening on 127.0.0.1.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT

	cmd    *exec.Cmd
	exited chan struct{}
	output *syncbuf.Buffer
	once   sync.Once
}

// StartDynalite starts an in-memory dynalite. Stop it when done; tests can
// use Dynalite instead, which stops it at cleanup.
func StartDynalite() (*Server, error) {
	return start("dynalite", func(port string) []string {
		return []string{"--host", "127.0.0.1", "--port", port,
			"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"}
	})
}

// StartS3rver starts s3rver keeping its objects under dir. Stop it when
// done; tests can use S3rver instead.
func StartS3rver(dir string) (*Server, error) {
	return start("s3rver", func(port string) []string {
		return []string{"-d", dir, "-a", "127.0.0.1", "-p", port, "--silent"}
	})
}

// Dynalite starts an in-memory dynalite for t, stops it when t ends and
// answers its endpoint URL.
func Dynalite(t testing.TB) string {
	t.Helper()
	s, err := StartDynalite()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Endpoint
}

// S3rver starts s3rver over a temporary directory of t, stops it when t
// ends and answers its endpoint URL.
func S3rver(t testing.TB) string {
	t.Helper()
	s, err := StartS3rver(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Endpoint
}

// start runs the npm tool name with the arguments for a free port, retrying
// on another port when the process dies before listening (another process
// may have taken the port between the probe and the start).
func start(name string, args func(port string) []string) (*Server, error) {
	bin, err := tool(name)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s, err := launch(bin, port, args(port))
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func launch(bin, port string, args []string) (*Server, error) {
	out := &syncbuf.Buffer{}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that Stop also ends anything node spawned.
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{Endpoint: "http://127.0.0.1:" + port, cmd: cmd, exited: make(chan struct{}), output: out}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	addr := net.JoinHostPort("127.0.0.1", port)
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("%s exited before listening on %s: %s\n%s", bin, addr, cmd.ProcessState, out)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return s, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("%s did not listen on %s within %s\n%s", bin, addr, startTimeout, out)
}

// Stop kills the server's process group and waits for it to exit.
func (s *Server) Stop() {
	s.once.Do(func() {
		killProcessGroup(s.cmd)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
		}
	})
}

// Output answers what the server has printed so far.
func (s *Server) Output() string { return s.output.String() }

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), nil
}

// exists reports whether path names an existing file.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
