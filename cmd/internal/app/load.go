package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// ErrHelp is returned by Parse when the user asked for help, which was
// printed.
var ErrHelp = flag.ErrHelp

// Error is a configuration that cannot run: every problem found, at once.
type Error struct{ Problems []string }

func (e *Error) Error() string { return strings.Join(e.Problems, "; ") }

// IsConfigError reports whether err is a bad setting.
func IsConfigError(err error) bool {
	var ce *Error
	return errors.As(err, &ce)
}

// Flags is the flag set of one front door or command: the settings it
// takes, each also read from its environment variable, and the command's
// own flags, which FlagSet defines as usual.
type Flags struct {
	*flag.FlagSet
	cfg  *Config
	used []setting
	pos  []string
}

// NewFlags returns the flag set of command name. Serve and Lambda take
// every setting of their runtime; a Command takes the settings named.
func NewFlags(rt Runtime, name, synopsis, about string, stderr io.Writer, names ...string) *Flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &Flags{FlagSet: fs, cfg: defaults(rt)}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: cloudresume %s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, s := range settings() {
		if rt == Command && !want[s.name] || rt != Command && !s.where.has(rt) {
			continue
		}
		delete(want, s.name)
		f.used = append(f.used, s)
		fs.Var(s.value(f.cfg), s.name, fmt.Sprintf("%s (env %s)", s.usage, EnvName(s.name)))
	}
	for n := range want {
		panic(fmt.Sprintf("app.NewFlags: no setting %q", n)) // a typo in the program, not input
	}
	return f
}

// Args returns the positional arguments, which may stand before, between
// or after the flags.
func (f *Flags) Args() []string { return f.pos }

// Arg returns the i'th positional argument, or "".
func (f *Flags) Arg(i int) string {
	if i < len(f.pos) {
		return f.pos[i]
	}
	return ""
}

// NArg returns the number of positional arguments.
func (f *Flags) NArg() int { return len(f.pos) }

// Parse reads the settings from getenv, then from args (a flag wins over
// its variable), and validates them with the rules of the runtime. On
// serve and on Lambda a variable of a setting that the runtime has no use
// for is refused, not ignored. Errors: ErrHelp, a flag error (already
// printed) or *Error.
func (f *Flags) Parse(args []string, getenv func(string) string) (*Config, error) {
	var problems []string
	if rt := f.cfg.Runtime; rt != Command {
		for _, s := range settings() {
			if !s.where.has(rt) && getenv(EnvName(s.name)) != "" {
				problems = append(problems, fmt.Sprintf("%s is set, but %s has no use for it (it is for %s)",
					EnvName(s.name), rt, otherRuntime(rt)))
			}
		}
	}
	for _, s := range f.used {
		v := strings.TrimSpace(getenv(EnvName(s.name)))
		if v == "" {
			continue
		}
		if err := s.value(f.cfg).Set(v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", EnvName(s.name), err))
		}
	}
	f.cfg.awsEnv = readAWSEnv(getenv)
	// A list flag on the command line replaces the environment's list.
	f.cfg.corsFromEnv = len(f.cfg.CORSOrigins) > 0
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			return nil, err
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			f.pos = append(f.pos, rest[1:]...)
			break
		}
		f.pos, args = append(f.pos, rest[0]), rest[1:]
	}
	if len(problems) == 0 {
		problems = f.cfg.validate(f.usedNames())
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return f.cfg, nil
}

func (f *Flags) usedNames() map[string]bool {
	m := make(map[string]bool, len(f.used))
	for _, s := range f.used {
		m[s.name] = true
	}
	return m
}

func otherRuntime(rt Runtime) Runtime {
	if rt == Serve {
		return Lambda
	}
	return Serve
}
