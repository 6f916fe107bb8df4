package main

import (
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// asUser runs the program as a user without the superuser's power to
// write what is read-only: nobody when the test runs as root, else the
// test's own user.
func asUser(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	// A serve that starts, as it must not, is stopped: a bound, not a measure.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return string(out), 0
}

// A database that cannot be written where it is stops serve at start,
// naming the file and why; the commands that only read it still work on
// it, opening it read-only.
func TestReadOnlyDatabase(t *testing.T) {
	bin := binary(t)
	os.Chmod(filepath.Dir(bin), 0o755)
	os.Chmod(bin, 0o755)
	// A database with a hit, made as the test's user.
	seed := seedHits(t, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"})
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	place := func(dirMode, fileMode os.FileMode, extra ...string) (dir, db string) {
		dir, err := os.MkdirTemp("", "cloudresume-ro-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
		db = filepath.Join(dir, "site.db")
		if err := os.WriteFile(db, data, fileMode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(db, fileMode) // whatever the umask
		for _, name := range extra {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil { // the test's user's alone
				t.Fatal(err)
			}
			if os.Getuid() != 0 {
				os.Chmod(filepath.Join(dir, name), 0o400)
			}
		}
		if err := os.Chmod(dir, dirMode); err != nil {
			t.Fatal(err)
		}
		return dir, db
	}
	addr := freeAddr(t)
	for _, c := range []struct {
		name    string
		dir, db os.FileMode
		extra   []string
		want    string
	}{
		{"a read-only directory", 0o755, 0o666, nil, "its directory"},
		{"a read-only file", 0o777, 0o444, nil, "the database file is read-only"},
		{"a -wal file of another user", 0o777, 0o666, []string{"site.db-wal"}, "site.db-wal is not writable"},
	} {
		_, db := place(c.dir, c.db, c.extra...)
		out, code := asUser(t, bin, "serve", "--db", db, "--addr", addr)
		if code != 2 || !strings.Contains(out, db) || !strings.Contains(out, c.want) {
			t.Errorf("%s: serve exit %d, want 2 naming %s and %q:\n%s", c.name, code, db, c.want, out)
		}
	}

	// A read-only copy is read.
	_, db := place(0o555, 0o444)
	out, code := asUser(t, bin, "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "views") {
		t.Errorf("stats on a read-only copy: exit %d\n%s", code, out)
	}
	if out, code := asUser(t, bin, "messages", "--db", db); code != 0 || !strings.Contains(out, "0 messages in the inbox") {
		t.Errorf("messages on a read-only copy: exit %d\n%s", code, out)
	}
	if out, code := asUser(t, bin, "export", "--db", db); code != 0 || !strings.Contains(out, `"cloudresume-export"`) {
		t.Errorf("export of a read-only copy: exit %d\n%s", code, out)
	}
	if out, code := asUser(t, bin, "messages", "--db", db, "--mark-read", "x"); code != 2 || !strings.Contains(out, "read-only") {
		t.Errorf("a write to a read-only copy: exit %d\n%s", code, out)
	}
}

// The commands that read open the database as it is: they apply no
// migration, and refuse a schema that is not theirs, saying what to do.
func TestReadCommandsAndTheSchema(t *testing.T) {
	for _, c := range []struct{ change, want string }{
		{`INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`, "written by a newer cloudresume"},
		{`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`, "needs a newer schema"},
	} {
		db := seedHits(t, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"})
		pool, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.ExecContext(context.Background(), c.change); err != nil {
			t.Fatal(err)
		}
		pool.Close()
		before, _ := os.ReadFile(db)
		_, stderr, err := cli(t, nil, "stats", "--db", db)
		if exitCode(io.Discard, err) != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("stats after %q: %v\n%s", c.change, err, stderr)
		}
		if after, _ := os.ReadFile(db); string(after) != string(before) {
			t.Errorf("stats after %q changed the database", c.change)
		}
	}
}
