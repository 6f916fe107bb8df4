package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/cmd/internal/local"
)

func runServe(ctx context.Context, e *env, args []string) error {
	f := app.NewFlags(app.Serve, "serve", "[flags]", "Serve the resume site and the API until interrupted.", e.stderr)
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		return usageError("serve: unexpected argument %q", f.Arg(0))
	}
	log := app.NewLogger(e.stderr, cfg.LogFormat, nil)
	rep := &replication{cfg: cfg, log: log}
	if err := rep.restore(ctx); err != nil {
		return err
	}
	a, err := app.Build(ctx, cfg, log, local.Open)
	if err != nil {
		return err
	}
	// The replica's last upload waits for the store's last commits.
	defer rep.stop()
	if err := rep.start(ctx); err != nil {
		a.Close(cfg.ShutdownTimeout)
		return err
	}
	if err := a.Start(ctx); err != nil {
		a.Close(cfg.ShutdownTimeout)
		return err
	}
	err = listenAndServe(ctx, log, cfg, a.Handler)
	if cerr := a.Close(cfg.ShutdownTimeout); cerr != nil {
		log.Error("shutdown", "err", cerr)
		err = errors.Join(err, cerr)
	}
	return err
}

// listenAndServe serves until ctx is done, then lets the requests in
// flight finish.
func listenAndServe(ctx context.Context, log *slog.Logger, cfg *app.Config, h http.Handler) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10, // bodies are bounded by the handler; headers here
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "url", "http://"+ln.Addr().String(), "store", cfg.Store, "admin", cfg.AdminMode(), "notify", cfg.Notify)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
