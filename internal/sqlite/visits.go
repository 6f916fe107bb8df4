package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudresume/cloudresume/internal/visits"
)

var _ visits.Store = (*VisitStore)(nil)

// ErrClosed is returned for hits recorded after Close.
var ErrClosed = errors.New("store closed")

// maxBatch bounds how many waiting hits share one transaction.
const maxBatch = 512

// VisitStore stores hits with group commit: one goroutine takes every hit
// that is waiting, writes them in one transaction and answers each after
// the commit. A durable commit per hit costs an fsync; a batch shares it.
type VisitStore struct {
	db    *DB
	stmts visitStmts
	known *knownValues // the writer's: the values of the days it writes
	// imported counts the imports of daily values; the writer reloads its
	// known values when it moves. An import racing a batch may leave that
	// batch one stale view of the bound; the next batch reloads.
	imported atomic.Uint64
	knownAt  uint64 // the writer's: imported when known was last reset
	seen     *seenVisitors
	log      *visitorLog   // the markers of visitor_log
	merged   *mergedFilter // which markers visitor_days may hold
	loaded   chan struct{} // closed once merged has loaded, or failed to
	mergeAt  int           // markers the log holds before a merge starts
	reqs     chan pendingHit
	done     chan struct{}
	// The writer's: the last day in the monthly rollup, the upserts of
	// daily rows by count, and their arguments.
	rolled   string
	dimStmts [rowsPerStmt + 1]*sql.Stmt
	dimArgs  []any

	mu     sync.RWMutex // guards closed and sends on reqs
	closed bool
}

type pendingHit struct {
	hit   visits.Hit
	reply chan hitResult
}

type hitResult struct {
	counts visits.Counts
	err    error
}

// visitStmts are the writer's statements, prepared once: parsing SQL for
// every batch would cost as much as running it.
type visitStmts struct {
	known, appendLog, merge, addTotals, addPath, addDay *sql.Stmt
}

// VisitOptions change how a VisitStore counts.
type VisitOptions struct {
	// MaxValues bounds the distinct values of a dimension a day; 0 means
	// visits.DefaultMaxValues.
	MaxValues int
}

// NewVisitStore answers a VisitStore over db and starts its writer. Close
// it to commit the hits still waiting.
func NewVisitStore(ctx context.Context, db *DB) (*VisitStore, error) {
	return openVisitStore(ctx, db, mergeAt, mergeChunk, VisitOptions{})
}

// NewVisitStoreWith is NewVisitStore with opts.
func NewVisitStoreWith(ctx context.Context, db *DB, opts VisitOptions) (*VisitStore, error) {
	return openVisitStore(ctx, db, mergeAt, mergeChunk, opts)
}

// openVisitStore is NewVisitStoreWith with the bounds of the visitor log.
func openVisitStore(ctx context.Context, db *DB, mergeAt, chunk int, opts VisitOptions) (*VisitStore, error) {
	if opts.MaxValues <= 0 {
		opts.MaxValues = visits.DefaultMaxValues
	}
	s := &VisitStore{db: db, known: newKnownValues(opts.MaxValues), seen: newSeenVisitors(), log: newVisitorLog(chunk), merged: newMergedFilter(), loaded: make(chan struct{}), mergeAt: mergeAt,
		reqs: make(chan pendingHit, maxBatch), done: make(chan struct{})}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.stmts.known, knownSQL},
		{&s.stmts.appendLog, appendSQL},
		{&s.stmts.merge, mergeSQL},
		{&s.stmts.addTotals, `UPDATE visit_totals SET visitors = visitors + ?, views = views + ?, bots = bots + ? WHERE id = 1
			RETURNING visitors, views, bots`},
		{&s.stmts.addPath, `INSERT INTO path_views (path, views) VALUES (?, ?)
			ON CONFLICT (path) DO UPDATE SET views = views + excluded.views`},
		{&s.stmts.addDay, `INSERT INTO daily_visits (day, visitors, views, bots) VALUES (?, ?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET visitors = visitors + excluded.visitors,
				views = views + excluded.views, bots = bots + excluded.bots`},
	} {
		stmt, err := db.write.PrepareContext(ctx, p.sql)
		if err != nil {
			s.closeStmts()
			return nil, fmt.Errorf("prepare visit statements: %w", err)
		}
		*p.dst = stmt
	}
	if err := s.loadLog(ctx); err != nil {
		s.closeStmts()
		return nil, err
	}
	if err := s.prepareDims(ctx); err != nil {
		s.closeStmts()
		return nil, err
	}
	rolled, err := rolledThrough(ctx, db.write)
	if err != nil {
		s.closeStmts()
		return nil, err
	}
	s.rolled = rolled
	go s.loadMerged(context.WithoutCancel(ctx))
	go s.writer()
	return s, nil
}

func (s *VisitStore) closeStmts() {
	for _, st := range append([]*sql.Stmt{s.stmts.known, s.stmts.appendLog, s.stmts.merge, s.stmts.addTotals, s.stmts.addPath, s.stmts.addDay}, s.dimStmts[:]...) {
		if st != nil {
			st.Close()
		}
	}
}

// Record queues h for the next commit and answers the totals after it once
// it is durable.
func (s *VisitStore) Record(ctx context.Context, h visits.Hit) (visits.Counts, error) {
	p := pendingHit{hit: h, reply: make(chan hitResult, 1)}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return visits.Counts{}, ErrClosed
	}
	select {
	case s.reqs <- p:
	case <-ctx.Done():
		s.mu.RUnlock()
		return visits.Counts{}, ctx.Err()
	}
	s.mu.RUnlock()
	// Once queued the hit will be committed whatever the caller's context
	// says, so wait for the outcome rather than report a failure that may
	// not be one.
	r := <-p.reply
	return r.counts, r.err
}

// Close stops taking hits, commits those waiting and returns when they are
// written.
func (s *VisitStore) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.reqs)
	}
	s.mu.Unlock()
	<-s.done
	<-s.loaded
	s.closeStmts()
	return nil
}

func (s *VisitStore) writer() {
	defer close(s.done)
	batch := make([]pendingHit, 0, maxBatch)
	linger := time.NewTimer(0)
	<-linger.C
	prev := 0 // size of the last batch: how many clients are likely to be back
	for p := range s.reqs {
		batch = append(batch[:0], p)
		batch = s.fill(batch, prev, linger)
		prev = len(batch)
		results, err := s.commit(context.Background(), batch)
		for i, p := range batch {
			if err != nil {
				p.reply <- hitResult{err: err}
				continue
			}
			p.reply <- hitResult{counts: results[i]}
		}
	}
}

// maxLinger bounds how long a batch waits for the clients of the previous
// batch to send their next hit.
const maxLinger = 500 * time.Microsecond

// fill adds the hits waiting now to batch. When the last batch was larger,
// the clients it answered are probably about to send again, so it waits for
// them a little: a few hundred microseconds buy a commit shared by all of
// them rather than one each, and commits are what a busy counter spends its
// time on. A lone client never waits.
func (s *VisitStore) fill(batch []pendingHit, prev int, linger *time.Timer) []pendingHit {
	for len(batch) < maxBatch {
		select {
		case q, ok := <-s.reqs:
			if !ok {
				return batch
			}
			batch = append(batch, q)
			continue
		default:
		}
		break
	}
	if len(batch) >= prev || len(batch) >= maxBatch {
		return batch
	}
	linger.Reset(maxLinger)
	defer func() {
		if !linger.Stop() {
			select {
			case <-linger.C:
			default:
			}
		}
	}()
	for len(batch) < prev && len(batch) < maxBatch {
		select {
		case q, ok := <-s.reqs:
			if !ok {
				return batch
			}
			batch = append(batch, q)
		case <-linger.C:
			return batch
		}
	}
	return batch
}

// dayDelta accumulates one day's changes within a batch.
type dayDelta struct{ visitors, views, bots int64 }

// commit writes batch in one transaction and answers the running totals
// after each hit.
func (s *VisitStore) commit(ctx context.Context, batch []pendingHit) (_ []visits.Counts, err error) {
	if err := s.maybeStartMerge(ctx); err != nil {
		return nil, err
	}
	if n := s.imported.Load(); n != s.knownAt {
		s.known.reset()
		s.knownAt = n
	}
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			s.known.reset()
		}
	}()
	firsts, err := s.markFirsts(ctx, tx, batch)
	if err != nil {
		return nil, err
	}

	var delta visits.Counts
	days := map[string]*dayDelta{}
	paths := map[string]int64{}
	dims := map[dimKey]*dimDelta{}
	out := make([]visits.Counts, len(batch)) // the batch's running deltas, until the totals are known
	for i, p := range batch {
		h := p.hit
		d := days[h.Day]
		if d == nil {
			d = &dayDelta{}
			days[h.Day] = d
		}
		if h.Bot {
			delta.Bots++
			d.bots++
		} else {
			first := firsts.take(h.Day, h.VisitorID)
			if first {
				delta.Visitors++
				d.visitors++
			}
			delta.Views++
			d.views++
			paths[h.Path]++
			if err := s.known.addDims(ctx, tx, dims, h, first); err != nil {
				return nil, err
			}
		}
		out[i] = delta
	}
	// The update answers the totals after the whole batch, which give
	// those after each hit without reading them first.
	var total visits.Counts
	if err := tx.StmtContext(ctx, s.stmts.addTotals).QueryRowContext(ctx, delta.Visitors, delta.Views, delta.Bots).
		Scan(&total.Visitors, &total.Views, &total.Bots); err != nil {
		return nil, fmt.Errorf("update totals: %w", err)
	}
	for i, d := range out {
		out[i] = visits.Counts{
			Visitors: total.Visitors - delta.Visitors + d.Visitors,
			Views:    total.Views - delta.Views + d.Views,
			Bots:     total.Bots - delta.Bots + d.Bots,
		}
	}
	for path, n := range paths {
		if _, err := tx.StmtContext(ctx, s.stmts.addPath).ExecContext(ctx, path, n); err != nil {
			return nil, fmt.Errorf("update path views: %w", err)
		}
	}
	for day, d := range days {
		if _, err := tx.StmtContext(ctx, s.stmts.addDay).ExecContext(ctx, day, d.visitors, d.views, d.bots); err != nil {
			return nil, fmt.Errorf("update daily visits: %w", err)
		}
	}
	if err := s.writeDims(ctx, tx, dims); err != nil {
		return nil, err
	}
	var latest string
	for day := range days {
		latest = max(latest, day)
	}
	rolled, err := s.rollUp(ctx, tx, latest)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit hits: %w", err)
	}
	s.rolled = rolled
	s.committed(firsts)
	return out, nil
}

// Counts answers the totals.
func (s *VisitStore) Counts(ctx context.Context) (visits.Counts, error) {
	var c visits.Counts
	err := s.db.read.QueryRowContext(ctx, `SELECT visitors, views, bots FROM visit_totals WHERE id = 1`).
		Scan(&c.Visitors, &c.Views, &c.Bots)
	if err != nil {
		return visits.Counts{}, fmt.Errorf("read totals: %w", err)
	}
	return c, nil
}

// Salt answers the day's salt, storing fresh if the day has none.
func (s *VisitStore) Salt(ctx context.Context, day string, fresh []byte) ([]byte, error) {
	if _, err := s.db.write.ExecContext(ctx, `INSERT INTO visit_salts (day, salt) VALUES (?, ?) ON CONFLICT DO NOTHING`, day, fresh); err != nil {
		return nil, fmt.Errorf("store salt: %w", err)
	}
	var salt []byte
	if err := s.db.write.QueryRowContext(ctx, `SELECT salt FROM visit_salts WHERE day = ?`, day).Scan(&salt); err != nil {
		return nil, fmt.Errorf("read salt: %w", err)
	}
	return salt, nil
}

// Forget deletes the salts and visitor markers of the days before before.
func (s *VisitStore) Forget(ctx context.Context, before string) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM visit_salts WHERE day < ?`, before); err != nil {
		return fmt.Errorf("delete salts: %w", err)
	}
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM visitor_days WHERE day < ?`, before); err != nil {
		return fmt.Errorf("delete visitor markers: %w", err)
	}
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM visitor_log WHERE day < ?`, before); err != nil {
		return fmt.Errorf("delete visitor markers: %w", err)
	}
	s.seen.forget(before)
	s.log.forget(before)
	s.merged.forget(before)
	return nil
}

// TopPaths answers the most viewed paths.
func (s *VisitStore) TopPaths(ctx context.Context, limit int) ([]visits.PathViews, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT path, views FROM path_views ORDER BY views DESC, path LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("query paths: %w", err)
	}
	defer rows.Close()
	var out []visits.PathViews
	for rows.Next() {
		var p visits.PathViews
		if err := rows.Scan(&p.Path, &p.Views); err != nil {
			return nil, fmt.Errorf("scan path: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
