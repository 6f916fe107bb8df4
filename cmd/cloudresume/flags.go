package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// flags is a flag set whose every flag also reads CLOUDRESUME_<NAME> from
// the environment; a flag on the command line wins.
type flags struct {
	*flag.FlagSet
	e   *env
	bad []string // environment values that did not parse
}

// newFlags answers the flag set of command name; synopsis follows the
// name in the usage line.
func newFlags(e *env, name, synopsis, about string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: cloudresume %s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return &flags{FlagSet: fs, e: e}
}

// envName is the environment variable of flag name.
func envName(name string) string {
	return "CLOUDRESUME_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

func (f *flags) fromEnv(name, usage string) (string, string) {
	return f.e.getenv(envName(name)), fmt.Sprintf("%s (env %s)", usage, envName(name))
}

// String defines a string flag.
func (f *flags) String(p *string, name, def, usage string) {
	v, usage := f.fromEnv(name, usage)
	if v == "" {
		v = def
	}
	f.StringVar(p, name, v, usage)
}

// Bool defines a bool flag.
func (f *flags) Bool(p *bool, name string, def bool, usage string) {
	v, usage := f.fromEnv(name, usage)
	if v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.bad = append(f.bad, fmt.Sprintf("%s=%q is not true or false", envName(name), v))
		} else {
			def = b
		}
	}
	f.BoolVar(p, name, def, usage)
}

// Int defines an int flag.
func (f *flags) Int(p *int, name string, def int, usage string) {
	v, usage := f.fromEnv(name, usage)
	if v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.bad = append(f.bad, fmt.Sprintf("%s=%q is not a whole number", envName(name), v))
		} else {
			def = n
		}
	}
	f.IntVar(p, name, def, usage)
}

// Float defines a float flag.
func (f *flags) Float(p *float64, name string, def float64, usage string) {
	v, usage := f.fromEnv(name, usage)
	if v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			f.bad = append(f.bad, fmt.Sprintf("%s=%q is not a number", envName(name), v))
		} else {
			def = n
		}
	}
	f.Float64Var(p, name, def, usage)
}

// Duration defines a duration flag.
func (f *flags) Duration(p *time.Duration, name string, def time.Duration, usage string) {
	v, usage := f.fromEnv(name, usage)
	if v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.bad = append(f.bad, fmt.Sprintf("%s=%q is not a duration such as 30s", envName(name), v))
		} else {
			def = d
		}
	}
	f.DurationVar(p, name, def, usage)
}

// errHelp means the user asked for help, which was printed.
var errHelp = errors.New("help requested")

// parse parses args; a bad flag or environment value is a usage error
// (exit 2) and --help answers errHelp, which callers return as nil.
func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return &exitError{code: 2}
	}
	if len(f.bad) > 0 {
		return &exitError{code: 2, err: errors.New(strings.Join(f.bad, "; "))}
	}
	return nil
}

// parseArgs is parse for commands: help is not an error.
func parseArgs(f *flags, args []string) (help bool, err error) {
	err = f.parse(args)
	if errors.Is(err, errHelp) {
		return true, nil
	}
	return false, err
}
