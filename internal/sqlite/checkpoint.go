package sqlite

import (
	"context"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database
// file. SQLite's own checkpoint runs inside the commit that crosses its
// threshold and stalls every hit waiting on that commit; run beside the
// writer, it costs the writer nothing. The writer's own checkpoint stays,
// at a higher threshold, for when this one cannot keep up.
const checkpointEvery = 100 * time.Millisecond

// walSafetyPages is the writer's own checkpoint threshold, in pages.
const walSafetyPages = 10000

// checkpointer runs passive checkpoints on a reader connection until stop
// is closed. A passive checkpoint never waits for readers or the writer;
// what it could not copy is copied by the next.
func (db *DB) checkpointer(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			// An error (a busy lock, a closing pool) leaves the WAL to the
			// next tick or to the writer's own checkpoint.
			db.read.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}
