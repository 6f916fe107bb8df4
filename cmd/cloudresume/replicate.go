package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cloudresume/cloudresume/internal/replica"
)

// replicateFlags turn on the continuous replication of the SQLite
// database, and its restore on a machine that lacks it.
type replicateFlags struct {
	url      string
	interval time.Duration
	restore  bool
}

func (r *replicateFlags) register(f *flags) {
	f.String(&r.url, "replicate", "", "stream the SQLite database to s3://bucket/prefix with Litestream (?endpoint=URL for S3-compatible storage; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
	f.Duration(&r.interval, "replicate-sync-interval", replica.DefaultSyncInterval, "the longest a commit waits before it is in the replica")
	f.Bool(&r.restore, "restore-if-missing", false, "when the --db file does not exist, restore it from the --replicate replica first")
}

// replication is the replication of one serve.
type replication struct {
	flags *replicateFlags
	db    string
	log   *slog.Logger
	r     *replica.Replicator
}

// prepare checks the flags and, with --restore-if-missing, restores the
// database before the store opens it.
func (r *replicateFlags) prepare(ctx context.Context, log *slog.Logger, sf storeFlags) (*replication, error) {
	rep := &replication{flags: r, db: sf.db, log: log}
	switch {
	case r.url == "" && r.restore:
		return nil, &exitError{code: 2, err: fmt.Errorf("--restore-if-missing needs --replicate")}
	case r.url == "":
		return rep, nil
	case sf.kind != "sqlite":
		return nil, &exitError{code: 2, err: fmt.Errorf("--replicate streams the SQLite database; --store %s has none", sf.kind)}
	case r.interval <= 0:
		return nil, &exitError{code: 2, err: fmt.Errorf("--replicate-sync-interval %s: want more than 0", r.interval)}
	}
	if r.restore {
		restored, err := replica.RestoreIfMissing(ctx, sf.db, r.options(log))
		if err != nil {
			return nil, err
		}
		if restored {
			log.Info("restored the database from its replica", "db", sf.db, "replica", r.url)
		}
	}
	return rep, nil
}

func (r *replicateFlags) options(log *slog.Logger) replica.Options {
	return replica.Options{URL: r.url, SyncInterval: r.interval, Logger: log}
}

// start starts replicating, once the store has created the database.
func (rep *replication) start(ctx context.Context) error {
	if rep.flags.url == "" {
		return nil
	}
	r, err := replica.Start(ctx, rep.db, rep.flags.options(rep.log))
	if err != nil {
		return err
	}
	rep.r = r
	rep.log.Info("replicating", "db", rep.db, "replica", rep.flags.url, "sync_interval", rep.flags.interval)
	return nil
}

// stop uploads the last commits and stops; it runs after the store has
// closed, so that the hits committed at shutdown are in the replica too.
func (rep *replication) stop() {
	if rep.r == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := rep.r.Close(ctx); err != nil {
		rep.log.Error("stop replication", "err", err)
	}
}
