package contact

import (
	"context"
	"fmt"
	"time"
)

// Default bounds on the age of a form token.
const (
	DefaultMinAge = 3 * time.Second
	DefaultMaxAge = 24 * time.Hour
)

// Submission is one post of the contact form.
type Submission struct {
	Name, Email, Message string
	Website              string // honeypot: hidden from people, filled in by bots
	Token                string // from Tokens.Issue, served with the form
	IPKey                string // the client's address; only its hash is kept
}

// Result is the outcome of an accepted submission. Spam is answered to the
// client exactly like a stored message.
type Result struct {
	ID         string // of the stored message; "" for spam
	Spam       bool
	SpamReason string // for the log: honeypot, missing token, ...
}

// Service takes submissions: rate limit, spam checks, validation, then the
// message is stored (before the client is answered) and the outbox kicked.
type Service struct {
	Store   Store
	Tokens  *Tokens          // nil: no token check
	Limiter *Limiter         // nil: no rate limit
	Outbox  *Outbox          // nil: messages stay pending until an outbox runs
	MinAge  time.Duration    // a token younger than this is spam; 0: DefaultMinAge
	MaxAge  time.Duration    // a token older than this is spam; 0: DefaultMaxAge
	Now     func() time.Time // nil: time.Now
}

// Submit handles one submission. Errors: *RateLimitError, problem.Fields
// (name, email, message), or a store failure.
func (s *Service) Submit(ctx context.Context, sub Submission) (Result, error) {
	if s.Limiter != nil {
		if ok, wait := s.Limiter.Allow(sub.IPKey); !ok {
			return Result{}, &RateLimitError{RetryAfter: wait}
		}
	}
	if reason := s.spam(sub); reason != "" {
		if err := s.Store.AddSpam(ctx); err != nil {
			return Result{}, fmt.Errorf("count spam: %w", err)
		}
		return Result{Spam: true, SpamReason: reason}, nil
	}
	f, err := Validate(Form{Name: sub.Name, Email: sub.Email, Message: sub.Message})
	if err != nil {
		return Result{}, err
	}
	now := s.now()
	m := Message{
		ID:        NewID(now),
		Name:      f.Name,
		Email:     f.Email,
		Body:      f.Message,
		CreatedAt: now,
		Delivery:  Delivery{State: Pending, NextAttempt: now},
	}
	if err := s.Store.Save(ctx, m); err != nil {
		return Result{}, fmt.Errorf("save message: %w", err)
	}
	if s.Outbox != nil {
		s.Outbox.Kick()
	}
	return Result{ID: m.ID}, nil
}

// spam returns why sub looks automated, or "".
func (s *Service) spam(sub Submission) string {
	if sub.Website != "" {
		return "honeypot"
	}
	if s.Tokens == nil {
		return ""
	}
	if sub.Token == "" {
		return "missing token"
	}
	age, err := s.Tokens.Check(sub.Token)
	switch {
	case err != nil:
		return "invalid token"
	case age < s.minAge():
		return "too fast"
	case age > s.maxAge():
		return "expired token"
	}
	return ""
}

// Token returns a fresh token to serve with the form; "" without Tokens.
func (s *Service) Token() string {
	if s.Tokens == nil {
		return ""
	}
	return s.Tokens.Issue()
}

func (s *Service) minAge() time.Duration {
	if s.MinAge > 0 {
		return s.MinAge
	}
	return DefaultMinAge
}

func (s *Service) maxAge() time.Duration {
	if s.MaxAge > 0 {
		return s.MaxAge
	}
	return DefaultMaxAge
}

func (s *Service) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Millisecond)
}
