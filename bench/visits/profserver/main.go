// Command profserver serves the visit API as `cloudresume serve` does (the
// SQLite store, the counter, the same handler and request log) with
// net/http/pprof on a second address, so that profile.sh can take a CPU
// profile of the server under load.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // the profile endpoints, on the pprof address only
	"os"
	"time"

	"golang.org/x/time/rate"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18085", "address of the site")
	pprofAddr := flag.String("pprof", "127.0.0.1:18086", "address of the pprof endpoints")
	dbPath := flag.String("db", "profile.db", "SQLite database")
	limit := flag.Float64("rate-limit", 10, "requests per second per client (0: none)")
	burst := flag.Int("rate-burst", 30, "burst per client")
	trust := flag.Bool("trust-proxy", false, "take the client address from X-Forwarded-For")
	flag.Parse()
	if err := run(*addr, *pprofAddr, *dbPath, rate.Limit(*limit), *burst, *trust); err != nil {
		log.Fatal(err)
	}
}

func run(addr, pprofAddr, dbPath string, limit rate.Limit, burst int, trust bool) error {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		return err
	}
	defer vs.Close()
	res, err := resume.Parse("example.yaml", resume.Example())
	if err != nil {
		return err
	}
	lg := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	h := web.NewServer(web.Config{
		Logger: lg, Resume: res, Visits: visits.NewCounter(vs),
		TrustProxy: trust, RateLimit: limit, RateBurst: burst,
	})
	go func() { log.Println(http.ListenAndServe(pprofAddr, nil)) }()
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
