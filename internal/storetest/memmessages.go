package storetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// MemMessages is a contact.Store in memory: the reference behaviour the
// Messages suite describes, for tests of code built on the store. It passes
// the same suite as the real stores.
type MemMessages struct {
	mu   sync.Mutex
	msgs map[string]contact.Message
	spam int64
}

var _ contact.Store = (*MemMessages)(nil)

// NewMemMessages returns an empty store.
func NewMemMessages() *MemMessages {
	return &MemMessages{msgs: make(map[string]contact.Message)}
}

func (s *MemMessages) Save(_ context.Context, m contact.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.msgs[m.ID]; ok {
		return fmt.Errorf("message %q: %w", m.ID, problem.ErrConflict)
	}
	s.msgs[m.ID] = m
	return nil
}

func (s *MemMessages) Get(_ context.Context, id string) (contact.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.msgs[id]
	if !ok {
		return contact.Message{}, contact.NotFound(id)
	}
	return m, nil
}

func (s *MemMessages) List(_ context.Context, opts contact.ListOptions) ([]contact.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []contact.Message
	for _, m := range s.msgs {
		if !opts.UnreadOnly || !m.Read {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out, nil
}

func (s *MemMessages) MarkRead(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.msgs[id]
	if !ok {
		return contact.NotFound(id)
	}
	m.Read = true
	s.msgs[id] = m
	return nil
}

func (s *MemMessages) Due(_ context.Context, now time.Time, limit int) ([]contact.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []contact.Message
	for _, m := range s.msgs {
		if m.Delivery.State == contact.Pending && !m.Delivery.NextAttempt.After(now) {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Delivery.NextAttempt, out[j].Delivery.NextAttempt
		if !a.Equal(b) {
			return a.Before(b)
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *MemMessages) Claim(_ context.Context, id string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.msgs[id]
	if !ok || m.Delivery.State != contact.Pending || m.Delivery.NextAttempt.After(now) {
		return false, nil
	}
	m.Delivery.NextAttempt = until
	s.msgs[id] = m
	return true, nil
}

func (s *MemMessages) SetDelivery(_ context.Context, id string, d contact.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.msgs[id]
	if !ok {
		return contact.NotFound(id)
	}
	m.Delivery = d
	s.msgs[id] = m
	return nil
}

func (s *MemMessages) AddSpam(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spam++
	return nil
}

func (s *MemMessages) SpamCount(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spam, nil
}
