package sqlite

import "sync"

// maxSeenPerDay bounds the memory of the seen-visitor cache; past it the
// store asks the database, which is always right.
const maxSeenPerDay = 1 << 17

// seenVisitors remembers which visitors already have a marker for a day,
// so a repeat view costs no insert. It only holds what a committed
// transaction wrote or found, so a hit it does not know is simply looked
// up in the database.
type seenVisitors struct {
	mu     sync.Mutex
	days   map[string]map[string]struct{}
	before string // days before this were forgotten: never cache them again
}

func newSeenVisitors() *seenVisitors {
	return &seenVisitors{days: map[string]map[string]struct{}{}}
}

// has reports whether id is known to have a marker on day.
func (s *seenVisitors) has(day, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.days[day][id]
	return ok
}

// add records committed markers of day, keeping the two newest days.
func (s *seenVisitors) add(day string, ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if day < s.before {
		return
	}
	set := s.days[day]
	if set == nil {
		set = map[string]struct{}{}
		s.days[day] = set
		for len(s.days) > 2 {
			oldest := day
			for d := range s.days {
				oldest = min(oldest, d)
			}
			delete(s.days, oldest)
		}
	}
	for _, id := range ids {
		if len(set) >= maxSeenPerDay {
			return
		}
		set[id] = struct{}{}
	}
}

// forget drops the days before before, as the database just did.
func (s *seenVisitors) forget(before string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.before = max(s.before, before)
	for d := range s.days {
		if d < before {
			delete(s.days, d)
		}
	}
}
