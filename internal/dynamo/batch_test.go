package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// throttled forwards batch writes to the real server, except the last
// hold requests of each call (and always all but one), which it answers
// as unprocessed, as DynamoDB does when a table is throttled.
type throttled struct {
	c    *dynamodb.Client
	hold int // -1: hold every request

	mu    sync.Mutex
	sizes []int // requests per call received
}

func (w *throttled) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	out := &dynamodb.BatchWriteItemOutput{UnprocessedItems: map[string][]types.WriteRequest{}}
	fwd := map[string][]types.WriteRequest{}
	for table, reqs := range in.RequestItems {
		w.mu.Lock()
		w.sizes = append(w.sizes, len(reqs))
		w.mu.Unlock()
		n := len(reqs) - w.hold
		switch {
		case w.hold < 0:
			n = 0
		case n < 1:
			n = 1
		}
		fwd[table] = reqs[:n]
		if n < len(reqs) {
			out.UnprocessedItems[table] = reqs[n:]
		}
	}
	if len(fwd[firstKey(fwd)]) > 0 {
		if _, err := w.c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: fwd}, optFns...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func firstKey(m map[string][]types.WriteRequest) string {
	for k := range m {
		return k
	}
	return ""
}

func puts(n int) []types.WriteRequest {
	reqs := make([]types.WriteRequest, n)
	for i := range reqs {
		it := key("batch", fmt.Sprintf("%03d", i))
		it["n"] = num(int64(i))
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
	}
	return reqs
}

func batchItems(t *testing.T, db *DB) []string {
	t.Helper()
	return partition(t, db, "batch")
}

func TestBatchWriteChunksOf25(t *testing.T) {
	db := newDB(t)
	w := &throttled{c: db.client}
	if err := writeBatches(context.Background(), w, *db.table(visitsTable), puts(60), db.retry); err != nil {
		t.Fatal(err)
	}
	slices.Sort(w.sizes)
	if fmt.Sprint(w.sizes) != "[10 25 25]" {
		t.Fatalf("calls of %v requests, want 25, 25 and 10", w.sizes)
	}
	if got := batchItems(t, db); len(got) != 60 || got[0] != "000" || got[59] != "059" {
		t.Fatalf("%d items written, want 60", len(got))
	}
}

func TestBatchWriteRetriesUnprocessed(t *testing.T) {
	db := newDB(t)
	w := &throttled{c: db.client, hold: 3}
	p := retryPolicy{attempts: 10, base: time.Millisecond, max: 10 * time.Millisecond}
	if err := writeBatches(context.Background(), w, *db.table(visitsTable), puts(60), p); err != nil {
		t.Fatal(err)
	}
	// Each chunk: all but 3, then one at a time.
	if len(w.sizes) != 3*4 {
		t.Fatalf("%d calls (%v), want 12", len(w.sizes), w.sizes)
	}
	if got := batchItems(t, db); len(got) != 60 {
		t.Fatalf("%d items written, want 60", len(got))
	}
}

func TestBatchWriteGivesUp(t *testing.T) {
	db := newDB(t)
	w := &throttled{c: db.client, hold: -1}
	p := retryPolicy{attempts: 4, base: time.Millisecond, max: 5 * time.Millisecond}
	err := writeBatches(context.Background(), w, *db.table(visitsTable), puts(10), p)
	if err == nil || !strings.Contains(err.Error(), "10 of 10 items still unprocessed after 4 attempts") {
		t.Fatalf("err = %v", err)
	}
	if len(w.sizes) != 4 {
		t.Fatalf("%d calls, want 4", len(w.sizes))
	}
	// A cancelled context ends the backoff.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = writeBatches(ctx, w, *db.table(visitsTable), puts(60), retryPolicy{attempts: 100, base: time.Second, max: time.Second})
	if err == nil || time.Since(start) > 10*time.Second { // far below 100 backoffs of 1 s, far above a loaded machine's delay
		t.Fatalf("writeBatches with a deadline = %v after %s", err, time.Since(start))
	}
}

func TestBackoffIsBoundedAndJittered(t *testing.T) {
	p := retryPolicy{attempts: 10, base: 10 * time.Millisecond, max: 100 * time.Millisecond}
	distinct := map[time.Duration]bool{}
	for n := 1; n <= 70; n++ {
		d := p.backoff(n)
		if d <= 0 || d > p.max+1 {
			t.Fatalf("backoff(%d) = %s, want in (0, %s]", n, d, p.max)
		}
		distinct[d] = true
	}
	if len(distinct) < 10 {
		t.Fatalf("backoff is not jittered: %d distinct waits", len(distinct))
	}
}
