package contact

import (
	"context"
	"fmt"
)

// Undelivered is what the owner has not been told of.
type Undelivered struct {
	Failed      []Message // refused for good; Delivery.LastError says why
	LongPending []Message // pending for more than LongPending
}

// Undelivered returns the failed messages and those pending for more
// than LongPending, newest first, up to limit of each (<= 0: all).
func (s *Service) Undelivered(ctx context.Context, limit int) (Undelivered, error) {
	var u Undelivered
	var err error
	if u.Failed, err = s.Store.List(ctx, ListOptions{State: Failed, Limit: limit}); err != nil {
		return Undelivered{}, fmt.Errorf("failed messages: %w", err)
	}
	before := s.now().Add(-LongPending)
	if u.LongPending, err = s.Store.List(ctx, ListOptions{State: Pending, Before: before, Limit: limit}); err != nil {
		return Undelivered{}, fmt.Errorf("long pending messages: %w", err)
	}
	return u, nil
}

// Retry makes the failed message id pending again, due now, and asks the
// outbox to send it.
func (s *Service) Retry(ctx context.Context, id string) error {
	if err := s.Store.Retry(ctx, id, s.now()); err != nil {
		return fmt.Errorf("retry message: %w", err)
	}
	s.kick()
	return nil
}

// RetryFailed makes every failed message pending again, due now, asks the
// outbox to send them, and returns how many there were.
func (s *Service) RetryFailed(ctx context.Context) (int, error) {
	n, err := s.Store.RetryFailed(ctx, s.now())
	if err != nil {
		return n, fmt.Errorf("retry failed messages: %w", err)
	}
	if n > 0 {
		s.kick()
	}
	return n, nil
}

func (s *Service) kick() {
	if s.Outbox != nil {
		s.Outbox.Kick()
	}
}
