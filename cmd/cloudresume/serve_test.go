package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// hit posts one page view as client (ip, ua) and answers the counts.
func hit(c *http.Client, base, ip, ua string) (map[string]int64, error) {
	req, err := http.NewRequest("POST", base+"/api/visits", strings.NewReader(`{"path":"/","referrer":""}`))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", ua)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var counts map[string]int64
	return counts, json.NewDecoder(resp.Body).Decode(&counts)
}

func TestServeCountsExactlyUnderConcurrency(t *testing.T) {
	db := filepath.Join(t.TempDir(), "site.db")
	s := startServe(t, "--db", db, "--trust-proxy", "--rate-limit", "0")
	const clients, hits = 50, 40
	ips := []string{"198.51.100.1", "198.51.100.2", "198.51.100.3", "2001:db8::7"}
	uas := []string{
		"Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile Safari/604.1",
	}
	pairs := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		ip, ua := ips[c%len(ips)], uas[(c/len(ips))%len(uas)]
		pairs[ip+"|"+ua] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{}
			for range hits {
				if _, err := hit(client, s.url, ip, ua); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	resp, err := http.Get(s.url + "/api/visits")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]int64
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got["views"] != clients*hits || got["visitors"] != int64(len(pairs)) {
		t.Fatalf("counts = %v, want views %d and visitors %d", got, clients*hits, len(pairs))
	}
}

func TestServeStoresNoIP(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, "--db", filepath.Join(dir, "site.db"), "--trust-proxy", "--rate-limit", "0")
	const ip = "203.0.113.177"
	for range 5 {
		if _, err := hit(http.DefaultClient, s.url, ip, "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"); err != nil {
			t.Fatal(err)
		}
	}
	s.stop()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
	s.done <- nil // for the cleanup
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Fatal("no database files")
	}
	needles := [][]byte{[]byte(ip), net.ParseIP(ip).To4(), []byte("203.0.113")}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(data, n) {
				t.Fatalf("%s contains %q", filepath.Base(f), n)
			}
		}
	}
}

func TestServeFlagsFromEnvironment(t *testing.T) {
	_, stderr, err := cli(t, map[string]string{"CLOUDRESUME_STORE": "nosuch"}, "serve", "--addr", "127.0.0.1:0")
	if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(err.Error(), `--store (CLOUDRESUME_STORE): "nosuch"`) {
		t.Fatalf("err = %v; stderr %s", err, stderr)
	}
	_, _, err = cli(t, map[string]string{"CLOUDRESUME_RATE_LIMIT": "fast"}, "serve")
	if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(err.Error(), "CLOUDRESUME_RATE_LIMIT") {
		t.Fatalf("bad env value: %v", err)
	}
	out, _, err := cli(t, nil, "help", "serve")
	if err != nil {
		t.Fatal(err)
	}
	_ = out
}

func TestServeRejectsInvalidResume(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("basics:\n  name: Jane\nwork:\n  - name: Acme\n    startDate: \"2020-13\"\n"), 0o644)
	_, stderr, err := cli(t, nil, "serve", "--resume", bad, "--db", filepath.Join(t.TempDir(), "x.db"))
	if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(stderr, "bad.yaml:5: work[0].startDate") {
		t.Fatalf("err = %v, stderr = %q", err, stderr)
	}
}
