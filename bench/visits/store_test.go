// Package visits holds the visit-counting benchmarks; run.sh drives the
// HTTP server, these drive the SQLite store directly.
package visits

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func newStore(b *testing.B) *sqlite.VisitStore {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	s, err := sqlite.NewVisitStore(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// reportCPU adds the process CPU time (user and system) per hit to the
// benchmark's figures: on a small machine the CPU a commit costs, not its
// latency, bounds how many hits a second the server can take.
func reportCPU(b *testing.B) {
	var start syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &start); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		var end syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &end); err != nil {
			b.Fatal(err)
		}
		cpu := time.Duration(end.Utime.Nano() - start.Utime.Nano() + end.Stime.Nano() - start.Stime.Nano())
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	})
}

// reportWrites adds the bytes the process wrote to storage per hit, WAL
// and checkpoints included: a durable commit costs what it writes.
func reportWrites(b *testing.B) {
	start := writeBytes(b)
	b.Cleanup(func() { b.ReportMetric(float64(writeBytes(b)-start)/float64(b.N), "written-B/op") })
}

// writeBytes returns the bytes this process caused to be written to
// storage, from /proc/self/io.
func writeBytes(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "write_bytes: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("/proc/self/io has no write_bytes")
	return 0
}

func record(b *testing.B, s *sqlite.VisitStore, i int64) {
	h := visits.Hit{Path: "/", VisitorID: fmt.Sprint(i % 1000), Day: "2026-01-01"}
	if _, err := s.Record(context.Background(), h); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRecordOneByOne is the baseline: one client, so every hit is a
// transaction of its own with its own fsync.
func BenchmarkRecordOneByOne(b *testing.B) {
	s := newStore(b)
	reportCPU(b)
	var i int64
	for b.Loop() {
		i++
		record(b, s, i)
	}
}

// benchGroupCommit records hit(i) from 64 clients at once, as a busy
// server does: the hits waiting together share a transaction.
func benchGroupCommit(b *testing.B, hit func(i int64) visits.Hit) {
	s := newStore(b)
	var n atomic.Int64
	b.SetParallelism(32) // 32 x GOMAXPROCS(2) = 64 clients
	b.ResetTimer()
	reportCPU(b)
	reportWrites(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Record(context.Background(), hit(n.Add(1))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRecordGroupCommit is a thousand repeat visitors.
func BenchmarkRecordGroupCommit(b *testing.B) {
	benchGroupCommit(b, func(i int64) visits.Hit {
		return visits.Hit{Path: "/", VisitorID: fmt.Sprint(i % 1000), Day: "2026-01-01"}
	})
}

// BenchmarkRecordNewVisitors is a visitor never seen before in every hit,
// as a flood of distinct clients sends.
func BenchmarkRecordNewVisitors(b *testing.B) {
	benchGroupCommit(b, func(i int64) visits.Hit {
		return visits.Hit{Path: "/", VisitorID: newVisitorID(i), Day: "2026-01-01"}
	})
}

// BenchmarkRecordGroupCommitDims is BenchmarkRecordGroupCommit with the
// dimensions a browser's view carries (path, referrer, campaign, browser,
// OS, device, screen, country): the cost of the daily dimension rows
// beside the totals.
func BenchmarkRecordGroupCommitDims(b *testing.B) {
	benchGroupCommit(b, func(i int64) visits.Hit {
		return visits.Hit{Path: "/", VisitorID: fmt.Sprint(i % 1000), Day: "2026-01-01", Dims: browserDims}
	})
}

// browserDims are the dimensions of a view from a browser that came from
// a newsletter link.
var browserDims = []visits.Dim{
	{Name: visits.DimPath, Value: "/"},
	{Name: visits.DimReferrer, Value: "linkedin.com"},
	{Name: visits.DimSource, Value: "newsletter"},
	{Name: visits.DimMedium, Value: "email"},
	{Name: visits.DimCampaign, Value: "launch"},
	{Name: visits.DimBrowser, Value: "Chrome 131"},
	{Name: visits.DimOS, Value: "Windows"},
	{Name: visits.DimDevice, Value: visits.DeviceDesktop},
	{Name: visits.DimScreen, Value: visits.ScreenDesktop},
	{Name: visits.DimCountry, Value: "DE"},
}

// newVisitorID returns a visitor ID spread as a keyed hash's would be.
func newVisitorID(i int64) string {
	return fmt.Sprintf("%016x%016x", uint64(i)*0x9E3779B97F4A7C15, uint64(i))
}

// The visitor ID of a hit: an HMAC keyed anew for every hit, against the
// keyed ones the counter pools per day (internal/visits). Keying costs
// two blocks of SHA-256, more than the hit's own input.
func BenchmarkVisitorIDKeyedPerHit(b *testing.B) {
	salt := make([]byte, 32)
	for b.Loop() {
		visits.VisitorID(salt, "203.0.113.7", chromeUA)
	}
}

// BenchmarkVisitorIDPooled is what the counter's pool of keyed hashes
// does per hit: reset a keyed HMAC and hash the hit's input.
func BenchmarkVisitorIDPooled(b *testing.B) {
	m := hmac.New(sha256.New, make([]byte, 32))
	in := []byte("203.0.113.7\x00" + chromeUA)
	var sum [sha256.Size]byte
	for b.Loop() {
		m.Reset()
		m.Write(in)
		m.Sum(sum[:0])
	}
}

const chromeUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
