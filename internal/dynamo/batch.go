package dynamo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchSize is the most requests one BatchWriteItem takes.
const batchSize = 25

// batchParallel is how many BatchWriteItem calls one write keeps in
// flight: a large import is bound by round trips, not by the table.
const batchParallel = 4

// batchWriter is the part of the client that batch writes use.
type batchWriter interface {
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

// retryPolicy bounds the retries of unprocessed items: DynamoDB answers
// them, without an error, when the table is throttled, and expects the
// caller to back off before sending them again.
type retryPolicy struct {
	attempts int           // calls per chunk, the first included
	base     time.Duration // backoff before the second call
	max      time.Duration // longest backoff
}

// defaultRetry is the policy of a new DB.
func defaultRetry() retryPolicy {
	return retryPolicy{attempts: 10, base: 50 * time.Millisecond, max: 5 * time.Second}
}

// backoff answers the wait before call n+1 (n from 1): exponential, with
// full jitter so that writers throttled together do not retry together.
func (p retryPolicy) backoff(n int) time.Duration {
	d := p.base << (n - 1)
	if d > p.max || d <= 0 {
		d = p.max
	}
	return rand.N(d) + 1
}

// writeBatches writes reqs to table in chunks of batchSize, a few chunks at
// a time, retrying unprocessed items. It returns the first error; chunks
// written before it stay written.
func writeBatches(ctx context.Context, w batchWriter, table string, reqs []types.WriteRequest, p retryPolicy) error {
	if len(reqs) <= batchSize {
		if len(reqs) == 0 {
			return nil
		}
		return writeChunk(ctx, w, table, reqs, p)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	chunks := make(chan []types.WriteRequest)
	var wg sync.WaitGroup
	for range batchParallel {
		wg.Go(func() {
			for c := range chunks {
				if err := writeChunk(ctx, w, table, c, p); err != nil {
					cancel(err)
				}
			}
		})
	}
feed:
	for start := 0; start < len(reqs); start += batchSize {
		select {
		case chunks <- reqs[start:min(start+batchSize, len(reqs))]:
		case <-ctx.Done():
			break feed
		}
	}
	close(chunks)
	wg.Wait()
	return context.Cause(ctx)
}

// writeChunk writes at most batchSize requests, sending the unprocessed
// ones again after a backoff, at most p.attempts calls in all.
func writeChunk(ctx context.Context, w batchWriter, table string, chunk []types.WriteRequest, p retryPolicy) error {
	pending := chunk
	for call := 1; ; call++ {
		out, err := w.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{table: pending},
		})
		if err != nil {
			return fmt.Errorf("batch write to %s: %w", table, err)
		}
		pending = out.UnprocessedItems[table]
		if len(pending) == 0 {
			return nil
		}
		if call >= p.attempts {
			return fmt.Errorf("batch write to %s: %d of %d items still unprocessed after %d attempts",
				table, len(pending), len(chunk), call)
		}
		t := time.NewTimer(p.backoff(call))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("batch write to %s: %w", table, context.Cause(ctx))
		}
	}
}
