// Command stats times the owner's 12-month report on both stores, in the
// same run: it generates a year of hits with realistic dimension values
// (Zipf-like over a site's vocabulary), loads them as daily aggregates
// through the stores' import path (an export file read by
// transfer.Import), and times Report over the 12 whole months, cold (the
// first report: a fresh SQLite open; on DynamoDB a fresh store, after the
// scheduled run has packed the closed months, which is timed apart) and
// warm (median of several), at each load. It prints the figures and the
// ratio of the largest load's to the smallest's. With -record it also
// times a Record-path load of that many hits into SQLite, as a baseline
// of what a hit costs against an aggregate row.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/transfer"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "stats:", err)
		os.Exit(1)
	}
}

func run() error {
	loads := flag.String("hits", "10000,1000000", "hit counts to load, comma-separated, smallest first")
	warm := flag.Int("warm", 5, "warm reports timed per store and load")
	record := flag.Int("record", 2000, "hits to load through Record into SQLite (0: none)")
	noDynamo := flag.Bool("no-dynamo", false, "skip DynamoDB (dynalite)")
	flag.Parse()
	ctx := context.Background()
	to := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -time.Now().UTC().Day()) // the end of last month
	from := to.AddDate(-1, 0, 1)                                                         // 12 whole months
	q := visits.Query{From: from.Format(visits.DayLayout), To: to.Format(visits.DayLayout)}
	fmt.Printf("12-month report %s..%s, top %d of every dimension\n", q.From, q.To, visits.DefaultLimit)

	var endpoint string
	if !*noDynamo {
		srv, err := awstest.StartDynalite()
		if err != nil {
			return err
		}
		defer srv.Stop()
		endpoint = srv.Endpoint
	}
	dir, err := os.MkdirTemp("", "bench-stats")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	type result struct{ cold, warm time.Duration }
	results := map[string][]result{}
	var ns []int
	for _, f := range strings.Split(*loads, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("hits %q: %w", f, err)
		}
		ns = append(ns, n)
		file, rows := generate(n, from, to)
		fmt.Printf("\n%d hits: %d daily rows of dimensions, export file %.1f MB\n", n, rows, float64(len(file))/1e6)

		path := filepath.Join(dir, fmt.Sprint(n, ".db"))
		load, err := loadSQLite(ctx, path, file)
		if err != nil {
			return err
		}
		cold, warmD, err := timeSQLite(ctx, path, q, *warm)
		if err != nil {
			return err
		}
		fmt.Printf("  sqlite: import %v; report cold %v, warm median %v\n", load.Round(time.Millisecond), cold.Round(time.Microsecond), warmD.Round(time.Microsecond))
		results["sqlite"] = append(results["sqlite"], result{cold, warmD})

		if endpoint != "" {
			d, err := benchDynamo(ctx, endpoint, fmt.Sprint("bench", n, "_"), file, q, *warm)
			if err != nil {
				return err
			}
			fmt.Printf("  dynalite: import %v; scheduled run packs %d months in %v; report cold %v, warm median %v\n",
				d.load.Round(time.Millisecond), d.months, d.pack.Round(time.Millisecond), d.cold.Round(time.Millisecond), d.warm.Round(time.Millisecond))
			results["dynalite"] = append(results["dynalite"], result{d.cold, d.warm})
		}
	}
	if len(ns) > 1 {
		fmt.Printf("\nratio %d / %d hits (target <= 2x):\n", ns[len(ns)-1], ns[0])
		for _, st := range []string{"sqlite", "dynalite"} {
			r := results[st]
			if len(r) < 2 {
				continue
			}
			a, b := r[0], r[len(r)-1]
			fmt.Printf("  %-8s cold %.2fx, warm %.2fx\n", st, float64(b.cold)/float64(a.cold), float64(b.warm)/float64(a.warm))
		}
	}
	if *record > 0 {
		d, err := recordSQLite(ctx, filepath.Join(dir, "record.db"), *record, from, to)
		if err != nil {
			return err
		}
		fmt.Printf("\nRecord path, sqlite, %d hits one at a time with dimensions: %v (%.0f hits/s)\n", *record, d.Round(time.Millisecond), float64(*record)/d.Seconds())
	}
	return nil
}

// vocab is a dimension's values, most frequent first.
type vocab struct {
	dim    string
	values []string
	share  float64 // the hits that carry the dimension
}

func vocabulary() []vocab {
	list := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return out
	}
	paths := []string{"/", "/movies", "/resume.pdf", "/contact", "/movies/tt0816692", "/movies/tt0211915", "/about", "/projects", "/blog", "/blog/serverless"}
	return []vocab{
		{visits.DimPath, paths, 1},
		{visits.DimReferrer, list("site", 200), 0.4},
		{visits.DimSource, list("source", 12), 0.05},
		{visits.DimMedium, []string{"email", "social", "cpc", "newsletter"}, 0.05},
		{visits.DimCampaign, list("campaign", 8), 0.05},
		{visits.DimBrowser, list("Browser ", 30), 1},
		{visits.DimOS, list("OS ", 10), 1},
		{visits.DimDevice, []string{"desktop", "phone", "tablet"}, 1},
		{visits.DimScreen, []string{"<576", "576-768", "768-992", "992-1200", ">=1200"}, 1},
		{visits.DimCountry, list("C", 80), 0.98},
	}
}

// generate answers an export file of n hits spread over from..to, and how
// many daily value rows it holds. A hit's values are Zipf-distributed; six
// in ten hits are a visitor's first of the day.
func generate(n int, from, to time.Time) ([]byte, int) {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	voc := vocabulary()
	zipfs := make([]*rand.Zipf, len(voc))
	for i, v := range voc {
		zipfs[i] = rand.NewZipf(rng, 1.1, 1, uint64(len(v.values)-1))
	}
	days := int(to.Sub(from).Hours()/24) + 1
	type key struct {
		day      int
		dim, val int
	}
	rows := map[key]*visits.ValueCounts{}
	daily := make([]visits.Counts, days)
	for range n {
		d := rng.IntN(days)
		first := rng.Float64() < 0.6
		daily[d].Views++
		if first {
			daily[d].Visitors++
		}
		for i, v := range voc {
			if rng.Float64() >= v.share {
				continue
			}
			k := key{d, i, int(zipfs[i].Uint64())}
			r := rows[k]
			if r == nil {
				r = &visits.ValueCounts{Value: v.values[k.val]}
				rows[k] = r
			}
			r.Views++
			if first {
				r.Visitors++
			}
		}
	}
	keys := make([]key, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.day != b.day {
			return a.day - b.day
		}
		if c := strings.Compare(voc[a.dim].dim, voc[b.dim].dim); c != 0 {
			return c
		}
		return strings.Compare(rows[a].Value, rows[b].Value)
	})
	var b bytes.Buffer
	line := func(v any) {
		j, _ := json.Marshal(v)
		b.Write(j)
		b.WriteByte('\n')
	}
	type rec struct {
		Type string `json:"type"`
		Data any    `json:"data"`
	}
	line(transfer.Header{Format: transfer.Format, Version: transfer.Version, ExportedAt: time.Now().UTC(), Source: "bench"})
	records := 0
	var total visits.Counts
	for d, c := range daily {
		total.Views += c.Views
		total.Visitors += c.Visitors
		line(rec{transfer.TypeDay, visits.DayCounts{Day: from.AddDate(0, 0, d).Format(visits.DayLayout), Counts: c}})
		records++
	}
	for _, k := range keys {
		line(rec{transfer.TypeDim, visits.DayValue{Day: from.AddDate(0, 0, k.day).Format(visits.DayLayout), Dim: voc[k.dim].dim, ValueCounts: *rows[k]}})
		records++
	}
	line(rec{transfer.TypeTotals, total})
	records++
	line(rec{transfer.TypeEnd, map[string]int{"records": records}})
	return b.Bytes(), len(keys)
}

// openSQLite opens the database at path and its visit store; close closes
// both.
func openSQLite(ctx context.Context, path string) (db *sqlite.DB, vs *sqlite.VisitStore, close func(), err error) {
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, nil, err
	}
	vs, err = sqlite.NewVisitStore(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return db, vs, func() { vs.Close(); db.Close() }, nil
}

func loadSQLite(ctx context.Context, path string, file []byte) (time.Duration, error) {
	db, vs, closeDB, err := openSQLite(ctx, path)
	if err != nil {
		return 0, err
	}
	defer closeDB()
	start := time.Now()
	_, err = transfer.Import(ctx, bytes.NewReader(file), transfer.Stores{Visits: vs, Messages: sqlite.NewMessageStore(db), Movies: sqlite.NewMovieStore(db)}, transfer.ImportOptions{})
	return time.Since(start), err
}

// timeSQLite opens the database afresh and times its first report and the
// median of the next warm ones.
func timeSQLite(ctx context.Context, path string, q visits.Query, warm int) (time.Duration, time.Duration, error) {
	_, vs, closeDB, err := openSQLite(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer closeDB()
	return timeReports(ctx, vs, q, warm)
}

func timeReports(ctx context.Context, r visits.Reporter, q visits.Query, warm int) (time.Duration, time.Duration, error) {
	start := time.Now()
	first, err := r.Report(ctx, q)
	if err != nil {
		return 0, 0, err
	}
	cold := time.Since(start)
	var ds []time.Duration
	for range warm {
		start := time.Now()
		again, err := r.Report(ctx, q)
		if err != nil {
			return 0, 0, err
		}
		ds = append(ds, time.Since(start))
		if fmt.Sprint(again.Dims) != fmt.Sprint(first.Dims) {
			return 0, 0, fmt.Errorf("a warm report differs from the cold one")
		}
	}
	slices.Sort(ds)
	return cold, ds[len(ds)/2], nil
}

// dynamoTimes are the figures of one load on DynamoDB.
type dynamoTimes struct {
	load, pack, cold, warm time.Duration
	months                 int // packed by the scheduled run
}

// benchDynamo loads file, runs what the deployment's scheduled run does
// (PackClosed), then times reports from a fresh store, as a cold function
// makes them.
func benchDynamo(ctx context.Context, endpoint, prefix string, file []byte, q visits.Query, warm int) (dynamoTimes, error) {
	var d dynamoTimes
	client := dynamo.NewClient(awstest.Config(endpoint))
	if _, err := dynamo.CreateTables(ctx, client, prefix); err != nil {
		return d, err
	}
	db := dynamo.New(client, prefix)
	vs := dynamo.NewVisitStore(db)
	start := time.Now()
	if _, err := transfer.Import(ctx, bytes.NewReader(file), transfer.Stores{Visits: vs, Messages: dynamo.NewMessageStore(db), Movies: dynamo.NewMovieStore(db)}, transfer.ImportOptions{}); err != nil {
		return d, err
	}
	d.load = time.Since(start)
	start = time.Now()
	months, err := vs.PackClosed(ctx)
	if err != nil {
		return d, err
	}
	d.pack, d.months = time.Since(start), len(months)
	d.cold, d.warm, err = timeReports(ctx, dynamo.NewVisitStore(db), q, warm)
	return d, err
}

// recordSQLite times n hits with dimensions through Record, one at a time.
func recordSQLite(ctx context.Context, path string, n int, from, to time.Time) (time.Duration, error) {
	_, vs, closeDB, err := openSQLite(ctx, path)
	if err != nil {
		return 0, err
	}
	defer closeDB()
	voc := vocabulary()
	rng := rand.New(rand.NewPCG(2, 2))
	days := int(to.Sub(from).Hours()/24) + 1
	start := time.Now()
	for i := range n {
		day := from.AddDate(0, 0, rng.IntN(days)).Format(visits.DayLayout)
		h := visits.Hit{Path: voc[0].values[i%len(voc[0].values)], VisitorID: fmt.Sprint("v", rng.IntN(n/2+1)), Day: day}
		for _, v := range voc {
			h.Dims = append(h.Dims, visits.Dim{Name: v.dim, Value: v.values[rng.IntN(len(v.values))]})
		}
		if _, err := vs.Record(ctx, h); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}
