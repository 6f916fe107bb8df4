package dynamo

import (
	"context"
	"errors"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Report answers the daily aggregates of q.
func (s *VisitStore) Report(ctx context.Context, q visits.Query) (visits.Report, error) {
	return visits.Report{}, errors.New("report: not built yet")
}
