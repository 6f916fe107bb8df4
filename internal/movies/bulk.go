package movies

import "context"

// BulkStore is a Store that can take a large import as one unit, faster than
// batch by batch: a store whose writes cost more the more scattered their
// keys are (a B-tree rewriting pages all over the table at every commit)
// can stage the rows and store them at the end in key order. Import uses it
// when ImportOptions.Bulk is set.
type BulkStore interface {
	Store
	// BeginBulk starts a bulk load; the caller ends it with Commit or Abort.
	BeginBulk(ctx context.Context) (Bulk, error)
}

// Bulk is one bulk load. Nothing staged is visible or stored before Commit
// returns nil; after an error from Put or Commit, or after Abort, nothing of
// it is stored.
type Bulk interface {
	// Put stages infos under the rules of Store.PutInfos (a later info
	// replaces an earlier one with its ID); the slice is not kept.
	Put(ctx context.Context, infos []Info) error
	// Commit stores every staged info at once, under the rules of
	// Store.PutInfos, and ends the load.
	Commit(ctx context.Context) error
	// Abort drops the staged infos and ends the load; it is a no-op after
	// Commit.
	Abort() error
}
