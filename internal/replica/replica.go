// Package replica streams the SQLite database to S3-compatible storage,
// continuously, with Litestream used as a library (it runs on the same
// pure-Go SQLite driver as the program, so the binary stays static), and
// restores it from there.
//
// Local durability is unchanged: a hit is answered once it is committed
// to the local file. Replication covers the loss of the machine: what was
// committed more than the sync interval ago is in the replica.
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
	_ "github.com/benbjohnson/litestream/file" // file:// replicas, for a mounted disk
	_ "github.com/benbjohnson/litestream/s3"   // s3:// replicas
)

// DefaultSyncInterval is the longest a commit waits before it is in the
// replica.
const DefaultSyncInterval = time.Second

// shutdownSync bounds the last upload when the server stops.
const shutdownSync = 10 * time.Second

// Options say where and how often to replicate.
type Options struct {
	// URL is the replica: s3://bucket/prefix, with ?endpoint=URL for an
	// S3-compatible service other than AWS (path-style addressing then),
	// or file:///path. Credentials come from AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY, or else the AWS SDK's default chain.
	URL string
	// SyncInterval is the longest a commit waits before it is uploaded;
	// DefaultSyncInterval when zero.
	SyncInterval time.Duration
	Logger       *slog.Logger
}

func (o Options) interval() time.Duration {
	if o.SyncInterval <= 0 {
		return DefaultSyncInterval
	}
	return o.SyncInterval
}

func (o Options) client() (litestream.ReplicaClient, error) {
	if !strings.HasPrefix(o.URL, "s3://") && !strings.HasPrefix(o.URL, "file://") {
		return nil, fmt.Errorf("replica %q: want s3://bucket/prefix or file:///path", o.URL)
	}
	if strings.HasPrefix(o.URL, "s3://") && os.Getenv("AWS_CA_BUNDLE") != "" {
		// Litestream gives the SDK an HTTP client of its own, which the SDK
		// cannot add a CA bundle to: it would fail with a riddle.
		return nil, fmt.Errorf("replica %q: AWS_CA_BUNDLE is set, which Litestream's S3 client cannot use: unset it (Go reads extra CAs from SSL_CERT_FILE)", o.URL)
	}
	c, err := litestream.NewReplicaClientFromURL(o.URL)
	if err != nil {
		return nil, fmt.Errorf("replica %q: %w", o.URL, err)
	}
	return c, nil
}

// RestoreIfMissing restores the database at path from the replica when
// the file does not exist, and reports whether it did. An empty replica
// is not an error: a new site starts with a new database.
func RestoreIfMissing(ctx context.Context, path string, o Options) (bool, error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("restore: %w", err)
	}
	client, err := o.client()
	if err != nil {
		return false, err
	}
	if err := client.Init(ctx); err != nil {
		return false, fmt.Errorf("restore from %s: %w", o.URL, err)
	}
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = path
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	err = r.Restore(ctx, opt)
	switch {
	case errors.Is(err, litestream.ErrTxNotAvailable), errors.Is(err, litestream.ErrNoSnapshots):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("restore from %s: %w", o.URL, err)
	}
	return true, nil
}

// Replicator streams one database to its replica until Close.
type Replicator struct {
	store *litestream.Store
}

// Start replicates the database at path, which must exist. The database
// is watched ten times per sync interval and uploaded at least twice per
// interval, so that a commit is in the replica within the interval with
// room left for the upload itself.
func Start(ctx context.Context, path string, o Options) (*Replicator, error) {
	client, err := o.client()
	if err != nil {
		return nil, err
	}
	db := litestream.NewDB(path)
	if o.Logger != nil {
		db.SetLogger(o.Logger.With("component", "litestream"))
	}
	db.MonitorInterval = o.interval() / 10
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = o.interval() / 2
	db.Replica = r
	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	store.ShutdownSyncTimeout = shutdownSync
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("replicate to %s: %w", o.URL, err)
	}
	// The first sync opens Litestream's hold on the database; without it
	// a server stopped before the first tick would upload nothing at
	// Close. It also reports a database it cannot replicate at start.
	if err := db.Sync(ctx); err != nil {
		store.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("replicate to %s: %w", o.URL, err)
	}
	return &Replicator{store: store}, nil
}

// Close uploads what is not yet in the replica and stops.
func (r *Replicator) Close(ctx context.Context) error {
	if r == nil {
		return nil
	}
	if err := r.store.Close(ctx); err != nil {
		return fmt.Errorf("stop replication: %w", err)
	}
	return nil
}
