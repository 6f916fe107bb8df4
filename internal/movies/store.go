package movies

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// Store keeps movie infos and ratings apart, because they arrive apart (CSV
// batches and single PATCH requests), and merges them on read.
type Store interface {
	// PutInfos inserts or replaces a batch of infos; putting the same batch
	// twice leaves the store as putting it once. Of two infos with one ID in
	// a batch, the later wins. The store does not keep infos after it
	// returns (the caller reuses the slice). A batch may be of any size: a
	// store splits it as its backend needs (25 items per DynamoDB
	// BatchWriteItem, which refuses two items with one key).
	PutInfos(ctx context.Context, infos []Info) error
	// UpdateRating changes the fields set in patch, keeps the others, creates
	// the rating when there is none, and returns the rating after the change.
	UpdateRating(ctx context.Context, id string, patch RatingPatch) (Rating, error)
	// Get returns the merged movie; an error wrapping problem.ErrNotFound only
	// when neither the info nor the rating exists.
	Get(ctx context.Context, id string) (Movie, error)
	// List returns up to limit merged movies in ascending ID order (byte order),
	// starting after the cursor ("" is the start). Page.Next is "" on the last page.
	List(ctx context.Context, limit int, cursor string) (Page, error)
}

// Page is one page of a listing.
type Page struct {
	Movies []Movie
	Next   string // cursor of the next page; "" when there is none
}

// Listing limits.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// EncodeCursor returns the opaque cursor of the page that starts after lastID.
func EncodeCursor(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(lastID))
}

// DecodeCursor returns the ID a cursor starts after; "" for the empty cursor.
// A malformed cursor is a problem.Fields error on "cursor".
func DecodeCursor(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || ValidateID(string(b)) != "" {
		return "", problem.Fields{"cursor": "is not a cursor returned by a previous page"}
	}
	return string(b), nil
}

// ParseLimit reads the limit query parameter: "" is DefaultLimit, otherwise a
// whole number from 1 to MaxLimit. A bad value is a problem.Fields error on "limit".
func ParseLimit(s string) (int, error) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, problem.Fields{"limit": fmt.Sprintf("must be a whole number from 1 to %d", MaxLimit)}
	}
	return n, nil
}

// PageStart checks the arguments of Store.List and answers the ID the page
// starts after, so that every store refuses the same inputs alike.
func PageStart(limit int, cursor string) (string, error) {
	after, err := DecodeCursor(cursor)
	if err != nil {
		return "", err
	}
	if limit < 1 || limit > MaxLimit {
		return "", problem.Fields{"limit": fmt.Sprintf("must be from 1 to %d", MaxLimit)}
	}
	return after, nil
}

// Found answers m as movie id, or an ErrNotFound error when the store has
// neither its info nor its ratings.
func Found(id string, m Movie) (Movie, error) {
	if m.Info == nil && m.Rating == nil {
		return Movie{}, fmt.Errorf("movie %q: %w", id, problem.ErrNotFound)
	}
	m.MovieID = id
	return m, nil
}
