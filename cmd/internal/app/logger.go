package app

import (
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"
)

// NewLogger returns the program's logger on w in format: JSON lines, or
// text; auto is text on a terminal and JSON elsewhere (a Lambda function,
// a service manager's journal). wrap, when set, wraps the handler (the
// Lambda adds each invocation's request ID).
func NewLogger(w io.Writer, format string, wrap func(slog.Handler) slog.Handler) *slog.Logger {
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	var h slog.Handler
	if format == "text" {
		h = slog.NewTextHandler(w, nil)
	} else {
		h = slog.NewJSONHandler(w, nil)
	}
	if wrap != nil {
		h = wrap(h)
	}
	return slog.New(h)
}
