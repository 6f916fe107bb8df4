// Package logbuf batches a server's log output. A busy server writes one
// line per request, and a write to a pipe or terminal per line costs more
// than formatting it; the lines gathered over a few milliseconds go out in
// one write instead.
package logbuf

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Writer gathers what is written to it and passes it on when it holds
// limit bytes, every interval, on Flush and on Close.
type Writer struct {
	out   io.Writer
	limit int

	mu     sync.Mutex
	buf    []byte
	err    error // the first error from out; later writes fail with it
	closed bool

	stop chan struct{}
	done chan struct{}
}

// New answers a Writer to out that flushes at least every interval.
func New(out io.Writer, interval time.Duration, limit int) *Writer {
	w := &Writer{out: out, limit: limit, buf: make([]byte, 0, limit), stop: make(chan struct{}), done: make(chan struct{})}
	go w.flushEvery(interval)
	return w
}

func (w *Writer) flushEvery(interval time.Duration) {
	defer close(w.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.Flush()
		case <-w.stop:
			return
		}
	}
}

// Write adds p, which the caller may reuse at once, to what is waiting.
// After Close it writes straight through.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return w.out.Write(p)
	}
	if len(w.buf)+len(p) > w.limit {
		if err := w.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) > w.limit {
			return w.out.Write(p)
		}
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// Flush writes what is waiting.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flushLocked()
}

func (w *Writer) flushLocked() error {
	if w.err != nil || len(w.buf) == 0 {
		return w.err
	}
	_, w.err = w.out.Write(w.buf)
	w.buf = w.buf[:0]
	return w.err
}

// Close flushes and stops the timer; later writes go straight to out.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return w.err
	}
	w.closed = true
	w.mu.Unlock()
	close(w.stop)
	<-w.done
	return w.Flush()
}

// Urgent wraps h so that records at level or above are flushed to out as
// soon as they are written: a warning or an error should not wait, nor be
// lost with the lines before it if the process dies.
func Urgent(h slog.Handler, w *Writer, level slog.Leveler) slog.Handler {
	return urgentHandler{Handler: h, w: w, level: level}
}

type urgentHandler struct {
	slog.Handler
	w     *Writer
	level slog.Leveler
}

func (h urgentHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= h.level.Level() {
		if ferr := h.w.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h urgentHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return urgentHandler{Handler: h.Handler.WithAttrs(attrs), w: h.w, level: h.level}
}

func (h urgentHandler) WithGroup(name string) slog.Handler {
	return urgentHandler{Handler: h.Handler.WithGroup(name), w: h.w, level: h.level}
}
