package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// env is what a command may touch of the world, so tests can run the
// whole program in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// run is the whole program behind main.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 {
		usage(e.stderr, cmds)
		return &exitError{code: 2, err: errors.New("no command given")}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			if c, ok := cmds[rest[0]]; ok {
				return c.run(ctx, e, []string{"--help"})
			}
		}
		usage(e.stdout, cmds)
		return nil
	}
	c, ok := cmds[name]
	if !ok {
		usage(e.stderr, cmds)
		return &exitError{code: 2, err: fmt.Errorf("unknown command %q", name)}
	}
	return c.run(ctx, e, rest)
}

// usage lists the commands.
func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: cloudresume <command> [flags]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'cloudresume <command> --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}
