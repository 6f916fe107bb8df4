package visits

import (
	"context"
	"fmt"
)

// Summary is what the owner sees of the traffic: the totals and the most
// viewed paths.
type Summary struct {
	Visits   Counts      `json:"visits"`
	TopPaths []PathViews `json:"top_paths"` // most views first; empty, not null, without views
}

// Summarize answers the totals of s and its top most viewed paths.
func Summarize(ctx context.Context, s Store, top int) (Summary, error) {
	counts, err := s.Counts(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("read counts: %w", err)
	}
	paths, err := s.TopPaths(ctx, top)
	if err != nil {
		return Summary{}, fmt.Errorf("read top paths: %w", err)
	}
	if paths == nil {
		paths = []PathViews{}
	}
	return Summary{Visits: counts, TopPaths: paths}, nil
}
