package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/cloudresume/cloudresume/internal/logbuf"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

// serveConfig is everything serve is told.
type serveConfig struct {
	addr       string
	resumePath string
	siteURL    string
	adminToken string
	trustProxy bool
	https      bool
	rateLimit  float64
	rateBurst  int
	logFormat  string
	shutdown   time.Duration
	store      storeFlags
	movies     moviesFlags
	contact    contactFlags
	replicate  replicateFlags
}

func runServe(ctx context.Context, e *env, args []string) error {
	var c serveConfig
	f := newFlags(e, "serve", "[flags]", "Serve the resume site and the API until interrupted.")
	f.String(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.String(&c.resumePath, "resume", "", "resume file, JSON or YAML (default: the built-in example)")
	f.String(&c.siteURL, "site-url", "", "public URL of the site, for canonical links and the sitemap")
	f.String(&c.adminToken, "admin-token", "", "bearer token of the admin API (empty: admin API off)")
	f.Bool(&c.trustProxy, "trust-proxy", false, "take the client address from X-Forwarded-For")
	f.Bool(&c.https, "https", false, "the site is reached over HTTPS through a proxy: send HSTS")
	f.Float(&c.rateLimit, "rate-limit", 10, "requests per second allowed per client on /api/ (0: no limit)")
	f.Int(&c.rateBurst, "rate-burst", 30, "burst of requests allowed per client on /api/")
	f.String(&c.logFormat, "log-format", "text", "log format: text or json")
	f.Duration(&c.shutdown, "shutdown-timeout", 10*time.Second, "how long to wait for requests in flight at shutdown")
	c.store.register(f)
	c.movies.register(f)
	c.contact.register(f)
	c.replicate.register(f)
	if help, err := parseArgs(f, args); help || err != nil {
		return err
	}
	out := logbuf.New(e.stderr, logFlushEvery, logBuffer)
	defer out.Close()
	log, err := newLogger(out, c.logFormat)
	if err != nil {
		return err
	}
	res, err := loadResume(e, c.resumePath)
	if err != nil {
		return err
	}
	rep, err := c.replicate.prepare(ctx, log, c.store) // restores a missing database
	if err != nil {
		return err
	}
	defer rep.stop() // after the store's close: its last commits go too
	st, err := c.store.open(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	if err := rep.start(ctx); err != nil {
		return err
	}
	stopInbox, err := c.movies.startInbox(ctx, log, st)
	if err != nil {
		return err
	}
	defer stopInbox()
	cf, err := c.contact.start(ctx, log, st, c.store.region)
	if err != nil {
		return err
	}
	defer cf.stop(log, c.shutdown)
	handler := web.NewServer(web.Config{
		Logger:     log,
		Resume:     res,
		SiteURL:    c.siteURL,
		Visits:     visits.NewCounter(st.visits),
		Movies:     st.movies,
		MoviesPage: c.movies.page,
		Contact:    cf.serviceOrNil(),
		AdminToken: c.adminToken,
		TrustProxy: c.trustProxy,
		HTTPS:      c.https,
		RateLimit:  rate.Limit(c.rateLimit),
		RateBurst:  c.rateBurst,
	})
	return listenAndServe(ctx, log, c, handler)
}

// listenAndServe serves until ctx is done, then lets the requests in
// flight finish.
func listenAndServe(ctx context.Context, log *slog.Logger, c serveConfig, h http.Handler) error {
	ln, err := net.Listen("tcp", c.addr)
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
	log.Info("serving", "url", "http://"+ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// The request log is written in batches: at most this much, this long
// after the line. Warnings and errors go out at once.
const (
	logFlushEvery = 100 * time.Millisecond
	logBuffer     = 32 << 10
)

// newLogger answers a logger writing to w in format, warnings and errors
// flushed at once.
func newLogger(w *logbuf.Writer, format string) (*slog.Logger, error) {
	var h slog.Handler
	switch format {
	case "text":
		h = slog.NewTextHandler(w, nil)
	case "json":
		h = slog.NewJSONHandler(w, nil)
	default:
		return nil, &exitError{code: 2, err: fmt.Errorf("--log-format %q: want text or json", format)}
	}
	return slog.New(logbuf.Urgent(h, w, slog.LevelWarn)), nil
}

// loadResume loads the resume at path, or the built-in example when path
// is empty. An invalid resume prints its problems and exits 2.
func loadResume(e *env, path string) (*resume.Resume, error) {
	var (
		r   *resume.Resume
		err error
	)
	if path == "" {
		r, err = resume.Parse("example.yaml", resume.Example())
	} else {
		r, err = resume.Load(path)
	}
	var inv *resume.Invalid
	if errors.As(err, &inv) {
		fmt.Fprintln(e.stderr, inv.Error())
		return nil, &exitError{code: 2}
	}
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return r, nil
}
