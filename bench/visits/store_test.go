// Package visits holds the visit-counting benchmarks; run.sh drives the
// HTTP server, these drive the SQLite store directly.
package visits

import (
	"context"
	"fmt"
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

// BenchmarkRecordGroupCommit has 64 clients at once, as a busy server
// does: the hits waiting together share a transaction.
func BenchmarkRecordGroupCommit(b *testing.B) {
	s := newStore(b)
	var n atomic.Int64
	b.SetParallelism(32) // 32 x GOMAXPROCS(2) = 64 clients
	b.ResetTimer()
	reportCPU(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			record(b, s, n.Add(1))
		}
	})
}
