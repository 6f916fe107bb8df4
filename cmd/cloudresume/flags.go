package main

import (
	"context"
	"errors"
	"flag"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/cmd/internal/local"
)

// storeSettings are the settings of every command that opens the store.
func storeSettings() []string {
	return []string{"store", "db", "dynamodb-endpoint", "region", "table-prefix"}
}

// newFlags returns the flag set of command name, taking the named
// settings (flag and CLOUDRESUME_ variable, as serve has them).
func newFlags(e *env, name, synopsis, about string, settings ...string) *app.Flags {
	return app.NewFlags(app.Command, name, synopsis, about, e.stderr, settings...)
}

// parse parses args and the environment into a configuration. help is
// true when the user asked for help, which was printed.
func parse(e *env, f *app.Flags, args []string) (cfg *app.Config, help bool, err error) {
	cfg, err = f.Parse(args, e.getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, true, nil
	case err == nil, app.IsConfigError(err):
		return cfg, false, err
	}
	return nil, false, &exitError{code: 2} // the flag package said why
}

// openStores opens the store of cfg for a command.
func openStores(ctx context.Context, cfg *app.Config, mode app.Open) (*app.Stores, error) {
	return local.Open(ctx, cfg, app.NewAWS(cfg), mode)
}
