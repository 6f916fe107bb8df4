package lambdart

import (
	"fmt"
	"io"
	"os/exec"
	"time"
)

// Process is a bootstrap running against a Server, as Lambda runs it in an
// execution environment.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error // the exit status, once done is closed
}

// Boot starts the bootstrap at path with env and the variables that point
// it at s; its output goes to out (Lambda sends it to CloudWatch Logs).
// The environment is only env and s.Env(), as in Lambda.
func (s *Server) Boot(path string, env []string, out io.Writer) (*Process, error) {
	cmd := exec.Command(path)
	cmd.Env = append(s.Env(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	p := &Process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Exited is closed when the process has exited.
func (p *Process) Exited() <-chan struct{} { return p.done }

// Err answers how the process exited: nil for status 0. Call it after
// Exited is closed.
func (p *Process) Err() error { return p.err }

// Stop kills the process, as Lambda does when it shuts an execution
// environment down, and waits for it to exit.
func (p *Process) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
}
