package logbuf

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

func TestWriterHoldsUntilFlush(t *testing.T) {
	var out syncbuf.Buffer
	w := New(&out, time.Hour, 64)
	defer w.Close()
	line := []byte("one\n")
	w.Write(line)
	copy(line, "xxx") // the caller may reuse its buffer at once
	if got := out.String(); got != "" {
		t.Fatalf("written before a flush: %q", got)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "one\n" {
		t.Fatalf("after Flush: %q", got)
	}
}

func TestWriterFlushesWhenFull(t *testing.T) {
	var out syncbuf.Buffer
	w := New(&out, time.Hour, 10)
	defer w.Close()
	w.Write([]byte("12345\n"))
	w.Write([]byte("67890\n")) // does not fit: the first line goes out
	if got := out.String(); got != "12345\n" {
		t.Fatalf("after overflow: %q", got)
	}
	w.Write([]byte(strings.Repeat("z", 20) + "\n")) // larger than the buffer: straight through, in order
	if got, want := out.String(), "12345\n67890\n"+strings.Repeat("z", 20)+"\n"; got != want {
		t.Fatalf("after a long line: %q, want %q", got, want)
	}
}

func TestWriterFlushesEveryInterval(t *testing.T) {
	var out syncbuf.Buffer
	w := New(&out, 5*time.Millisecond, 1<<10)
	defer w.Close()
	w.Write([]byte("tick\n"))
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "tick\n" {
		if time.Now().After(deadline) {
			t.Fatalf("not flushed by the timer: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWriterClose(t *testing.T) {
	var out syncbuf.Buffer
	w := New(&out, time.Hour, 1<<10)
	w.Write([]byte("last\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "last\n" {
		t.Fatalf("after Close: %q", got)
	}
	w.Write([]byte("late\n")) // after Close, straight through
	if got := out.String(); got != "last\nlate\n" {
		t.Fatalf("write after Close: %q", got)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterKeepsFirstError(t *testing.T) {
	w := New(failing{}, time.Hour, 1<<10)
	w.Write([]byte("a\n"))
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Flush = %v, want the write error", err)
	}
	if _, err := w.Write([]byte("b\n")); err == nil {
		t.Fatal("a write after a failed flush must fail")
	}
	if err := w.Close(); err == nil {
		t.Fatal("Close must report the write error")
	}
}

func TestUrgentFlushesWarnings(t *testing.T) {
	var out syncbuf.Buffer
	w := New(&out, time.Hour, 1<<10)
	defer w.Close()
	log := slog.New(Urgent(slog.NewTextHandler(w, nil), w, slog.LevelWarn)).With("app", "test")
	log.Info("request")
	if got := out.String(); got != "" {
		t.Fatalf("info written at once: %q", got)
	}
	log.Warn("trouble")
	got := out.String()
	if !strings.Contains(got, "msg=request") || !strings.Contains(got, "msg=trouble") || !strings.Contains(got, "app=test") {
		t.Fatalf("after a warning: %q, want both lines", got)
	}
	if strings.Index(got, "msg=request") > strings.Index(got, "msg=trouble") {
		t.Fatalf("lines out of order: %q", got)
	}
}
