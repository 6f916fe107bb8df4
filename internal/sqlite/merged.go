package sqlite

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
)

// Bounds of mergedFilter: a Bloom filter of 2²³ bits (1 MB) a day, with 7
// hashes, answers a false positive for 1 lookup in 100 up to some 870,000
// markers, more past that; and at most maxFilterDays days have one.
const (
	filterBits    = 1 << 23
	filterHashes  = 7
	maxFilterDays = 4
)

// mergedFilter holds, for each day, a Bloom filter of the markers in
// visitor_days: a visitor it does not hold has no marker there, so a new
// visitor costs no read of visitor_days. A marker is added before it is
// written, so the filter is never short of one; a false positive costs a
// read, nothing more. Until the markers already in visitor_days are loaded
// (in the background, so that opening a store stays quick), it may hold
// anything.
type mergedFilter struct {
	seed maphash.Seed

	mu     sync.Mutex
	ready  bool // the markers of visitor_days at start are in
	days   map[string][]uint64
	before string // days before this were forgotten
}

func newMergedFilter() *mergedFilter {
	return &mergedFilter{seed: maphash.MakeSeed(), days: map[string][]uint64{}}
}

// bits returns the filter's bit positions of id.
func (m *mergedFilter) bits(id string) [filterHashes]uint32 {
	h := maphash.String(m.seed, id)
	h1, h2 := uint32(h), uint32(h>>32)|1
	var out [filterHashes]uint32
	for i := range out {
		out[i] = (h1 + uint32(i)*h2) % filterBits
	}
	return out
}

// add records that visitor_days holds, or is about to hold, id on day. A
// day past maxFilterDays, or one forgotten, is not followed: the filter
// may hold anything of it.
func (m *mergedFilter) add(day, id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if day < m.before {
		return
	}
	f, ok := m.days[day]
	if !ok {
		if len(m.days) >= maxFilterDays {
			m.days[day] = nil
			return
		}
		f = make([]uint64, filterBits/64)
		m.days[day] = f
	}
	if f == nil {
		return
	}
	for _, b := range m.bits(id) {
		f[b/64] |= 1 << (b % 64)
	}
}

// mayHave reports whether visitor_days may hold id on day.
func (m *mergedFilter) mayHave(day, id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.days[day]
	switch {
	case !m.ready || day < m.before || ok && f == nil:
		return true // not followed: ask visitor_days
	case !ok:
		return false
	}
	for _, b := range m.bits(id) {
		if f[b/64]&(1<<(b%64)) == 0 {
			return false
		}
	}
	return true
}

// forget drops the days before before, as the database just did.
func (m *mergedFilter) forget(before string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.before = max(m.before, before)
	for d := range m.days {
		if d < before {
			delete(m.days, d)
		}
	}
}

// loadMerged adds the markers of visitor_days to the filter and makes it
// ready. Those merged meanwhile are added by the merge itself. On an
// error the filter stays unready: every new visitor is looked up.
func (s *VisitStore) loadMerged(ctx context.Context) error {
	defer close(s.loaded)
	rows, err := s.db.read.QueryContext(ctx, `SELECT day, visitor_id FROM visitor_days`)
	if err != nil {
		return fmt.Errorf("read visitor markers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, id string
		if err := rows.Scan(&day, &id); err != nil {
			return fmt.Errorf("read visitor markers: %w", err)
		}
		s.merged.add(day, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read visitor markers: %w", err)
	}
	s.merged.mu.Lock()
	s.merged.ready = true
	s.merged.mu.Unlock()
	return nil
}
