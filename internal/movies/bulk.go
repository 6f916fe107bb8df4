package movies

import (
	"context"
	"fmt"
)

// BulkStore is a Store that can take a large import as one unit, faster than
// batch by batch: a store whose writes cost more the more scattered their
// keys are (a B-tree rewriting pages all over the table at every commit)
// can stage the rows and store them at the end in key order. Import uses it
// when ImportOptions.Bulk is set. Sorting the rows also brings those of one
// ID together, so the store finds the repeated IDs, in no memory of the
// importer's.
type BulkStore interface {
	Store
	// BeginBulk starts a bulk load; the caller ends it with Commit or Abort.
	BeginBulk(ctx context.Context) (Bulk, error)
}

// Bulk is one bulk load. Nothing staged is visible or stored before Commit
// returns nil; after an error from Put or Commit, or after Abort, nothing of
// it is stored.
type Bulk interface {
	// Put stages rows; the slice is not kept.
	Put(ctx context.Context, rows []Row) error
	// Commit stores the first staged row of each ID, under the rules of
	// Store.PutInfos, and ends the load. It returns the later rows of an
	// ID, which are not stored: how many, and the first limit of them in
	// line order.
	Commit(ctx context.Context, limit int) (Repeats, error)
	// Abort drops the staged infos and ends the load; it is a no-op after
	// Commit.
	Abort() error
}

// Row is a good row of an input and the line it starts on.
type Row struct {
	Info Info
	Line int
}

// Repeats are the rows of an input whose movie_id an earlier row had.
type Repeats struct {
	Count int
	First []Repeat // in line order
}

// Repeat is one row whose movie_id an earlier row had.
type Repeat struct {
	Line    int
	MovieID string
}

// Rejected returns the problem the import reports for r.
func (r Repeat) Rejected() Rejected {
	return Rejected{Line: r.Line, MovieID: r.MovieID, Reason: repeatReason(r.MovieID)}
}

func repeatReason(id string) string {
	return fmt.Sprintf("movie_id %q repeats an earlier row of the file", id)
}
