package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// A visitor's first-visit marker is appended to visitor_log and merged
// later into visitor_days, in ID order. A durable commit costs the pages it
// writes: an insert into visitor_days at the random place of a hashed ID
// dirties a whole page for one marker, where an append adds a few bytes to
// the last page, and a merge in ID order writes each page of visitor_days
// once for all the markers it takes. The markers of the log are also held
// in memory, so whether a visitor is known is answered by memory or by a
// read of visitor_days, never by a write; and a Bloom filter of
// visitor_days (mergedFilter) spares the read for most new visitors.

// Bounds of the log: how many markers it holds before a merge starts (more
// makes a merge write fewer pages per marker; it bounds the memory of the
// log's copy), and how many markers one batch's transaction merges, so that
// a merge delays no batch by much.
const (
	mergeAt    = 1 << 16
	mergeChunk = 1 << 12
)

// Statements of the markers, each for one day and a JSON array of IDs.
const (
	// knownSQL returns which of the IDs have a marker in visitor_days.
	knownSQL = `SELECT j.value FROM json_each(?) AS j
		WHERE EXISTS (SELECT 1 FROM visitor_days WHERE day = ? AND visitor_id = j.value)`
	// appendSQL appends markers to the log.
	appendSQL = `INSERT INTO visitor_log (day, visitor_id) SELECT ?, value FROM json_each(?)`
	// mergeSQL copies markers into visitor_days. OR IGNORE, not ON
	// CONFLICT DO NOTHING: a statement that may abort half-way makes
	// SQLite keep a statement journal, written page by page to a file.
	mergeSQL = `INSERT OR IGNORE INTO visitor_days (day, visitor_id) SELECT ?, value FROM json_each(?)`
)

// dayVisitor is one visitor on one day.
type dayVisitor struct{ day, id string }

func compareDayVisitor(a, b dayVisitor) int {
	return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.id, b.id))
}

// visitorLog is the in-memory copy of visitor_log, in two parts: the
// markers appended since the last merge started, and those of the merge
// under way. The writer goroutine changes it, after each commit; Forget
// drops days from it.
type visitorLog struct {
	chunk   int // markers merged a batch
	mu      sync.Mutex
	recent  map[dayVisitor]struct{}
	merging map[dayVisitor]struct{} // nil: no merge under way
	order   []dayVisitor            // merging's markers in ID order
	next    int                     // order[:next] are in visitor_days
	upto    int64                   // the log rows of the merge: rowid <= upto
	before  string                  // days before this were forgotten
}

func newVisitorLog(chunk int) *visitorLog {
	return &visitorLog{chunk: chunk, recent: map[dayVisitor]struct{}{}}
}

// has reports whether the log holds a marker of k.
func (l *visitorLog) has(k dayVisitor) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.recent[k]
	if !ok && l.merging != nil {
		_, ok = l.merging[k]
	}
	return ok
}

// len returns how many markers the copy holds.
func (l *visitorLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent) + len(l.merging)
}

// add records markers the log holds now that they are committed.
func (l *visitorLog) add(day string, ids []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if day < l.before {
		return
	}
	for _, id := range ids {
		l.recent[dayVisitor{day, id}] = struct{}{}
	}
}

// forget drops the days before before, as the database just did.
func (l *visitorLog) forget(before string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.before = max(l.before, before)
	for k := range l.recent {
		if k.day < before {
			delete(l.recent, k)
		}
	}
	for k := range l.merging {
		if k.day < before {
			delete(l.merging, k) // order keeps it; the merge skips forgotten days
		}
	}
}

// due reports whether a merge should start: none is under way and the
// recent markers reached threshold.
func (l *visitorLog) due(threshold int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.merging == nil && len(l.recent) >= threshold
}

// startMerge makes the recent markers, the log's rows up to upto, the
// merge under way, unless one is or there are too few.
func (l *visitorLog) startMerge(threshold int, upto int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.merging != nil || len(l.recent) < threshold {
		return false
	}
	l.merging, l.recent = l.recent, map[dayVisitor]struct{}{}
	l.order = make([]dayVisitor, 0, len(l.merging))
	for k := range l.merging {
		l.order = append(l.order, k)
	}
	slices.SortFunc(l.order, compareDayVisitor)
	l.next, l.upto = 0, upto
	return true
}

// mergeStep is one batch's part of the merge: order[from:to], and whether
// it ends the merge.
type mergeStep struct {
	from, to int
	last     bool
}

// step returns the merge's next chunk, if a merge is under way.
func (l *visitorLog) step() (mergeStep, []dayVisitor, int64, string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.merging == nil {
		return mergeStep{}, nil, 0, "", false
	}
	to := min(l.next+l.chunk, len(l.order))
	return mergeStep{from: l.next, to: to, last: to == len(l.order)}, l.order[l.next:to], l.upto, l.before, true
}

// advance records that st is committed.
func (l *visitorLog) advance(st mergeStep) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.merging == nil || st.from != l.next {
		return
	}
	l.next = st.to
	if st.last {
		l.merging, l.order = nil, nil
	}
}

// loadLog reads visitor_log into memory, at start.
func (s *VisitStore) loadLog(ctx context.Context) error {
	rows, err := s.db.write.QueryContext(ctx, `SELECT day, visitor_id FROM visitor_log`)
	if err != nil {
		return fmt.Errorf("read visitor log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k dayVisitor
		if err := rows.Scan(&k.day, &k.id); err != nil {
			return fmt.Errorf("read visitor log: %w", err)
		}
		s.log.recent[k] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read visitor log: %w", err)
	}
	return nil
}

// maybeStartMerge starts a merge when the log is full. The writer calls it
// between transactions: the log's rows are then exactly the recent markers.
func (s *VisitStore) maybeStartMerge(ctx context.Context) error {
	if !s.log.due(s.mergeAt) {
		return nil
	}
	var upto int64
	if err := s.db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM visitor_log`).Scan(&upto); err != nil {
		return fmt.Errorf("start merge of visitor log: %w", err)
	}
	s.log.startMerge(s.mergeAt, upto)
	return nil
}

// firstVisits is what a batch learnt about its visitors: which of them are
// first seen in it, which markers it appended and found, and which part of
// a merge it carried.
type firstVisits struct {
	first   map[dayVisitor]struct{} // new visitors whose first hit is still to come in the batch
	added   map[string][]string     // day -> IDs appended to the log
	known   map[string][]string     // day -> IDs found in visitor_days
	merge   mergeStep
	merging bool
}

// take reports whether the hit of id on day is that visitor's first of the
// day; it is true once per new visitor, for the earliest of its hits.
func (f *firstVisits) take(day, id string) bool {
	k := dayVisitor{day, id}
	if _, ok := f.first[k]; !ok {
		return false
	}
	delete(f.first, k)
	return true
}

// markFirsts finds, in tx, which of the batch's visitors are new and
// appends their markers to the log: for each day, one read of visitor_days
// for the visitors that neither the seen cache, the log nor the filter of
// visitor_days can answer for, and one append. It carries the next chunk of
// a merge under way.
func (s *VisitStore) markFirsts(ctx context.Context, tx *sql.Tx, batch []pendingHit) (firstVisits, error) {
	f := firstVisits{first: map[dayVisitor]struct{}{}, added: map[string][]string{}, known: map[string][]string{}}
	if err := s.mergeChunk(ctx, tx, &f); err != nil {
		return f, err
	}
	unknown := map[string][]string{} // may have a marker in visitor_days
	fresh := map[string][]string{}   // have none: new visitors
	for _, p := range batch {
		h := p.hit
		k := dayVisitor{h.Day, h.VisitorID}
		if h.Bot || s.seen.has(h.Day, h.VisitorID) {
			continue
		}
		if _, ok := f.first[k]; ok || s.log.has(k) {
			continue
		}
		f.first[k] = struct{}{} // until visitor_days says otherwise
		if s.merged.mayHave(h.Day, h.VisitorID) {
			unknown[h.Day] = append(unknown[h.Day], h.VisitorID)
		} else {
			fresh[h.Day] = append(fresh[h.Day], h.VisitorID)
		}
	}
	for day, ids := range unknown {
		list, err := json.Marshal(ids)
		if err != nil {
			return f, fmt.Errorf("mark visitors: %w", err)
		}
		known, err := queryStrings(ctx, tx.StmtContext(ctx, s.stmts.known), list, day)
		if err != nil {
			return f, fmt.Errorf("look up visitors: %w", err)
		}
		for _, id := range known {
			delete(f.first, dayVisitor{day, id})
		}
		f.known[day] = known
		for _, id := range ids {
			if _, ok := f.first[dayVisitor{day, id}]; ok {
				fresh[day] = append(fresh[day], id)
			}
		}
	}
	for day, ids := range fresh {
		list, err := json.Marshal(ids)
		if err != nil {
			return f, fmt.Errorf("mark visitors: %w", err)
		}
		if _, err := tx.StmtContext(ctx, s.stmts.appendLog).ExecContext(ctx, day, list); err != nil {
			return f, fmt.Errorf("mark visitors: %w", err)
		}
		f.added[day] = ids
	}
	return f, nil
}

// mergeChunk copies the merge's next chunk into visitor_days, in tx, and
// deletes the merged rows of the log with the last chunk.
func (s *VisitStore) mergeChunk(ctx context.Context, tx *sql.Tx, f *firstVisits) error {
	st, chunk, upto, before, ok := s.log.step()
	if !ok {
		return nil
	}
	for len(chunk) > 0 {
		day := chunk[0].day
		n := 1
		for n < len(chunk) && chunk[n].day == day {
			n++
		}
		if day >= before {
			ids := make([]string, n)
			for i, k := range chunk[:n] {
				ids[i] = k.id
				s.merged.add(day, k.id) // before it is written: the filter is never short of one
			}
			list, err := json.Marshal(ids)
			if err != nil {
				return fmt.Errorf("merge visitor log: %w", err)
			}
			if _, err := tx.StmtContext(ctx, s.stmts.merge).ExecContext(ctx, day, list); err != nil {
				return fmt.Errorf("merge visitor log: %w", err)
			}
		}
		chunk = chunk[n:]
	}
	if st.last {
		if _, err := tx.ExecContext(ctx, `DELETE FROM visitor_log WHERE rowid <= ?`, upto); err != nil {
			return fmt.Errorf("merge visitor log: %w", err)
		}
	}
	f.merge, f.merging = st, true
	return nil
}

// committed updates the caches once the batch's transaction is durable.
func (s *VisitStore) committed(f firstVisits) {
	if f.merging {
		s.log.advance(f.merge)
	}
	for day, ids := range f.added {
		s.log.add(day, ids)
	}
	for day, ids := range f.known {
		s.seen.add(day, ids)
	}
}

// queryStrings runs a query of one text column.
func queryStrings(ctx context.Context, stmt *sql.Stmt, args ...any) ([]string, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
