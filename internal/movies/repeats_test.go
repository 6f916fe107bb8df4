package movies

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

func TestDiskSet(t *testing.T) {
	dir := t.TempDir()
	s, err := newDiskSet(dir, 1024)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	add := func(id string) bool {
		t.Helper()
		added, err := s.add(id)
		if err != nil {
			t.Fatal(err)
		}
		return added
	}
	long := strings.Repeat("x", MaxFieldBytes)
	const n = 50_000 // several table growths
	for i := range n {
		if !add(fmt.Sprintf("tt%07d", i)) {
			t.Fatalf("new ID %d reported as present", i)
		}
	}
	if !add(long) || add(long) {
		t.Fatal("long ID not handled")
	}
	for i := range n {
		if add(fmt.Sprintf("tt%07d", i)) {
			t.Fatalf("ID %d reported as new twice", i)
		}
	}
	if !add("tt") || !add("") || add("") || s.n != n+3 {
		t.Fatalf("prefixes and empty ID: n = %d", s.n)
	}
	// The files are unlinked: nothing is left in dir, even while in use.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("%d files left in the directory", len(entries))
	}
}

// TestImportRepeatsPastMemory: an import that is not bulk finds repeated
// IDs the same way once its set of IDs has moved from memory to files.
func TestImportRepeatsPastMemory(t *testing.T) {
	const n = 5000
	input := rows(n) + "m00003,Again,Italy,2003-03-03\n" + rows(1) + "m04999,Last,Spain,2002-02-02\n"
	for _, limit := range []int{0, 100} {
		rec := &recorder{}
		dir := t.TempDir()
		sum, err := Import(context.Background(), rec, strings.NewReader(input),
			ImportOptions{BatchSize: 512, TempDir: dir, memIDs: limit})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Read != n+3 || sum.Stored != n || sum.Rejected != 3 || len(rec.infos()) != n {
			t.Fatalf("memory %d: %+v", limit, sum)
		}
		want := []Rejected{
			{Line: n + 1, MovieID: "m00003", Reason: `movie_id "m00003" repeats an earlier row of the file`},
			{Line: n + 2, MovieID: "m00000", Reason: `movie_id "m00000" repeats an earlier row of the file`},
			{Line: n + 3, MovieID: "m04999", Reason: `movie_id "m04999" repeats an earlier row of the file`},
		}
		if fmt.Sprint(sum.Problems) != fmt.Sprint(want) {
			t.Fatalf("memory %d: problems %+v, want %+v", limit, sum.Problems, want)
		}
		if got := rec.infos()[3]; got.Name != "Movie 3" {
			t.Fatalf("memory %d: stored %+v; the first row of an ID is kept", limit, got)
		}
	}
}

// cancelAfter reads r and cancels once n bytes have been read.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
	read   int
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.read += n; c.read >= c.n && c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	return n, err
}

// TestImportStopsWithinARowOfCancel: whatever the rows, bad ones or no rows
// at all, an import stops at the first row after ctx ends; only the rows
// already buffered at that point may be read.
func TestImportStopsWithinARowOfCancel(t *testing.T) {
	bad := ",no id,France,2001-01-01\n"
	for name, src := range map[string]func() io.Reader{
		"bad rows":    func() io.Reader { return &repeatReader{s: bad, n: 10_000_000} },
		"blank lines": func() io.Reader { return &repeatReader{s: "\n", n: 1 << 30} },
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			const at = 1 << 20 // cancel once 1 MB has been read
			r := &cancelAfter{r: src(), n: at, cancel: cancel}
			sum, err := Import(ctx, &recorder{}, r, ImportOptions{})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			// The read that crossed 1 MB ends with at most a buffer more.
			if limit := (at + 64<<10) / len(bad); sum.Read > limit {
				t.Fatalf("read %d rows; the cancel came %d rows in", sum.Read, at/len(bad))
			}
			if r.read > at+128<<10 {
				t.Fatalf("read %d bytes after a cancel at %d", r.read, at)
			}
		})
	}
}
