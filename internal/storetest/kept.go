package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Kept is a real visit store that keeps the hits it records, for tests of
// what a caller hands the store.
type Kept struct {
	visits.Store
	mu   sync.Mutex
	hits []visits.Hit
}

// Record keeps h and records it in the store.
func (s *Kept) Record(ctx context.Context, h visits.Hit) (visits.Counts, error) {
	s.mu.Lock()
	s.hits = append(s.hits, h)
	s.mu.Unlock()
	return s.Store.Record(ctx, h)
}

// Hits returns the hits recorded so far, oldest first.
func (s *Kept) Hits() []visits.Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]visits.Hit(nil), s.hits...)
}

// Last returns the last hit recorded, failing t when there is none.
func (s *Kept) Last(t *testing.T) visits.Hit {
	t.Helper()
	hits := s.Hits()
	if len(hits) == 0 {
		t.Fatal("no hit recorded")
	}
	return hits[len(hits)-1]
}
