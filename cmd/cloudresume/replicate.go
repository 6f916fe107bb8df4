package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/replica"
)

// replicaStopTimeout bounds the last upload at shutdown.
const replicaStopTimeout = 15 * time.Second

// replication streams serve's SQLite database to its replica. It is
// serve's alone (a Lambda function has no database file), so it lives here
// rather than in the application both runtimes build.
type replication struct {
	cfg *app.Config
	log *slog.Logger
	r   *replica.Replicator
}

func (rep *replication) options() replica.Options {
	return replica.Options{URL: rep.cfg.Replicate, SyncInterval: rep.cfg.ReplicateSyncInterval, Logger: rep.log}
}

// restore brings a missing database back from the replica, with
// --restore-if-missing, before the store opens it.
func (rep *replication) restore(ctx context.Context) error {
	if rep.cfg.Replicate == "" || !rep.cfg.RestoreIfMissing {
		return nil
	}
	restored, err := replica.RestoreIfMissing(ctx, rep.cfg.DB, rep.options())
	if err != nil {
		return err
	}
	if restored {
		rep.log.Info("restored the database from its replica", "db", rep.cfg.DB, "replica", rep.cfg.Replicate)
	}
	return nil
}

// start starts replicating, once the store has created the database.
func (rep *replication) start(ctx context.Context) error {
	if rep.cfg.Replicate == "" {
		return nil
	}
	r, err := replica.Start(ctx, rep.cfg.DB, rep.options())
	if err != nil {
		return err
	}
	rep.r = r
	rep.log.Info("replicating", "db", rep.cfg.DB, "replica", rep.cfg.Replicate, "sync_interval", rep.cfg.ReplicateSyncInterval)
	return nil
}

// stop uploads the last commits and stops; it runs after the store has
// closed, so that the hits committed at shutdown are in the replica too.
func (rep *replication) stop() {
	if rep.r == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), replicaStopTimeout)
	defer cancel()
	if err := rep.r.Close(ctx); err != nil {
		rep.log.Error("stop replication", "err", err)
	}
	rep.r = nil
}
