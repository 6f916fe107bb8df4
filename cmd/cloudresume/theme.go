package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

func runTheme(ctx context.Context, e *env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "list":
		return runThemeList(e, args)
	case "init":
		return runThemeInit(e, args)
	}
	fmt.Fprint(e.stderr, "usage: cloudresume theme list\n       cloudresume theme init [--from NAME] DIR\n")
	if sub == "" || sub == "-h" || sub == "--help" || sub == "help" {
		return nil
	}
	return usageError("theme: unknown subcommand %q", sub)
}

func runThemeList(e *env, args []string) error {
	f := newFlags(e, "theme list", "", "List the built-in themes, the default first.")
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	for _, name := range theme.Names() {
		fmt.Fprintln(e.stdout, name)
	}
	return nil
}

// runThemeInit writes the page.html and style.css of a built-in theme
// into a directory, to start a theme of one's own from. The other files
// of the contract stay the shared ones until the directory has its own.
func runThemeInit(e *env, args []string) error {
	var from string
	f := newFlags(e, "theme init", "[--from NAME] DIR",
		"Start a theme of your own in DIR (created if needed) from a built-in one: its page.html and style.css.\n"+
			"Existing files are never overwritten. Use it with --theme ./DIR; docs/themes.md describes the contract.")
	f.StringVar(&from, "from", theme.Default, "the built-in theme to start from: "+strings.Join(theme.Names(), ", "))
	if _, help, err := parse(e, f, args); help || err != nil {
		return err
	}
	if f.NArg() != 1 {
		f.Usage()
		return usageError("theme init takes one directory")
	}
	t, err := theme.Builtin(from)
	if err != nil {
		return usageError("--from: %v", err)
	}
	dir := f.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("theme init: %w", err)
	}
	for _, src := range []theme.Source{t.Page(), t.Style()} {
		path := filepath.Join(dir, filepath.Base(src.Name))
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return &exitError{code: 1, err: fmt.Errorf("%s %w: theme init never overwrites a file", path, errExists)}
		}
		if err != nil {
			return fmt.Errorf("theme init: %w", err)
		}
		_, err = file.WriteString(src.Text)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("theme init: write %s: %w", path, err)
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s from the %s theme: edit it, then check it with: cloudresume validate --theme %s resume.yaml\n",
		dir, from, themeArg(dir))
	return nil
}

// themeArg returns dir as --theme takes a directory: with a slash.
func themeArg(dir string) string {
	if theme.IsDir(dir) {
		return dir
	}
	return "./" + dir
}
