package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A backup taken while serve takes hits passes integrity_check and holds
// every hit acknowledged before it started; restore refuses while the
// server runs and puts the backup back once it has stopped.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "site.db")
	s := startServe(t, "--db", db, "--trust-proxy", "--rate-limit", "0")

	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Go(func() {
			client := &http.Client{}
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := hit(client, s.url, fmt.Sprintf("198.51.100.%d", c+1), "Mozilla/5.0 Firefox/130.0"); err != nil {
					t.Error(err)
					return
				}
				acked.Add(1)
			}
		})
	}
	for acked.Load() < 100 {
		time.Sleep(time.Millisecond)
	}
	before := acked.Load()
	backup := filepath.Join(dir, "backup.db")
	out, stderr, err := cli(t, nil, "backup", "--db", db, backup)
	time.Sleep(50 * time.Millisecond) // hits go on after the backup
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "backed up") {
		t.Errorf("backup said %q", out)
	}
	views := backupViews(t, backup)
	if views < before {
		t.Fatalf("backup holds %d views; %d were acknowledged before it started", views, before)
	}
	if views >= acked.Load() {
		t.Logf("every hit (%d) was in before the backup; the test did not overlap them", acked.Load())
	}

	_, _, err = cli(t, nil, "restore", "--db", db, backup)
	if err == nil || !strings.Contains(err.Error(), "stop it first") {
		t.Fatalf("restore while serve runs = %v, want a refusal", err)
	}
	if code := exitCode(&bytes.Buffer{}, err); code != 1 {
		t.Fatalf("restore while serve runs: exit %d", code)
	}
	s.stop()
	if err := <-s.done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	s.done <- nil // for the cleanup's wait
	if _, stderr, err := cli(t, nil, "restore", "--db", db, backup); err != nil {
		t.Fatalf("restore: %v\n%s", err, stderr)
	}
	out, _, err = cli(t, nil, "stats", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Visits struct{ Views int64 } `json:"visits"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Visits.Views != views {
		t.Fatalf("restored database has %d views, the backup %d", sum.Visits.Views, views)
	}
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"backup", "--db", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db")},
		{"backup", "--store", "dynamodb", filepath.Join(dir, "b.db")},
		{"backup"},
		{"restore", "--store", "dynamodb", filepath.Join(dir, "b.db")},
	} {
		if _, _, err := cli(t, nil, args...); exitCode(&bytes.Buffer{}, err) != 2 {
			t.Errorf("%v: %v, want exit 2", args, err)
		}
	}
}

// backupViews checks the integrity of the database at path and answers
// its views.
func backupViews(t *testing.T, path string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check of %s = %q, %v", path, check, err)
	}
	var views int64
	if err := db.QueryRow(`SELECT views FROM visit_totals`).Scan(&views); err != nil {
		t.Fatal(err)
	}
	return views
}
