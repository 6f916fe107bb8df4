package main

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// TestSIGTERMLosesNoAcknowledgedHit builds the real binary, loads it, sends
// SIGTERM mid-load and checks every hit answered 200 is in the database.
func TestSIGTERMLosesNoAcknowledgedHit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cloudresume")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "site.db")
	addr := freeAddr(t)
	var log syncbuf.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db, "--rate-limit", "0")
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	waitHealthy(t, "http://"+addr, exited, &log)

	var acked atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for {
				if _, err := hit(client, "http://"+addr, "", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"); err != nil {
					return // the server is going away: this hit was not acknowledged
				}
				acked.Add(1)
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve exited with %v\n%s", err, log.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
	wg.Wait()
	if acked.Load() == 0 {
		t.Fatal("no hit was acknowledged before SIGTERM")
	}

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	vs, err := sqlite.NewVisitStore(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	defer vs.Close()
	counts, err := vs.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts.Views < acked.Load() {
		t.Fatalf("database has %d views, but %d hits were acknowledged", counts.Views, acked.Load())
	}
	t.Logf("%d hits acknowledged, %d stored", acked.Load(), counts.Views)
}
