// Command server serves the resume site the way `cloudresume serve` does
// (the example resume in the theme -theme, a SQLite visit store) and,
// beside it on the same server, a minimal static page: the baseline of the
// Lighthouse benchmark.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

// baseline is the smallest page that passes Lighthouse's checks: what a
// page costs on this machine before it holds anything.
const baseline = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A minimal page, the baseline of the Lighthouse benchmark.">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>Baseline</title>
</head>
<body>
<main><h1>Baseline</h1><p>A minimal static page.</p></main>
</body>
</html>
`

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	dir := flag.String("dir", "", "directory for the SQLite database (required)")
	themeName := flag.String("theme", "classic", "the built-in theme of the site")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *dir, *themeName); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, addr, dir, themeName string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	res, err := resume.Parse("example.yaml", resume.Example())
	if err != nil {
		return fmt.Errorf("example resume: %w", err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bench-"+themeName+".db"))
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		return err
	}
	defer vs.Close()
	th, err := theme.Builtin(themeName)
	if err != nil {
		return err
	}
	site := web.NewServer(web.Config{Resume: res, Theme: th, Visits: visits.NewCounter(vs)})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /baseline.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		fmt.Fprint(w, baseline)
	})
	mux.Handle("/", site)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// The harness reads the address from the first line.
	fmt.Printf("http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
