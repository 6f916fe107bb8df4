package contact

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
)

// Default bounds on the age of a form token.
const (
	DefaultMinAge = 3 * time.Second
	DefaultMaxAge = 24 * time.Hour
)

// ExpiredForm is the problem reported on the "token" field when a form's
// token is missing, cannot be verified or is too old: the page was served
// long ago, or before the server's secret changed. The visitor is asked to
// send the form again with a fresh token, never silently dropped.
const ExpiredForm = "the form has expired; please send it again"

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
	SpamReason string // for the log: honeypot or too fast
}

// Service takes submissions: rate limit, spam checks, validation, then the
// message is stored (before the client is answered) and the outbox kicked.
type Service struct {
	Store   Store
	Tokens  *Tokens            // nil: no token check
	Limiter *ratelimit.Limiter // nil: no rate limit
	Outbox  *Outbox            // nil: messages stay pending until an outbox runs
	MinAge  time.Duration      // a token younger than this is spam; 0: DefaultMinAge
	MaxAge  time.Duration      // a token older than this has expired; 0: DefaultMaxAge
	Now     func() time.Time   // nil: time.Now
}

// Submit handles one submission. Errors: *RateLimitError, problem.Fields
// (name, email, message, and token with ExpiredForm), or a store failure.
//
// Only what a person cannot do is spam (a filled honeypot, a form sent
// sooner than MinAge after it was served, a token sent with a message
// before): it is counted and answered like a stored message. A token that
// is missing, unverifiable or expired may come from a person (an old page,
// a server restarted with a new secret), so it is a problem the client is
// told about, with any field problems. A token is used up only by a
// message that is stored: a form refused for its fields may be sent again
// with it.
func (s *Service) Submit(ctx context.Context, sub Submission) (Result, error) {
	if s.Limiter != nil {
		if ok, wait := s.Limiter.Allow(sub.IPKey); !ok {
			return Result{}, &RateLimitError{RetryAfter: wait}
		}
	}
	expired, spam, age := s.checkToken(sub)
	if spam != "" {
		return s.spam(ctx, spam)
	}
	f, err := Validate(Form{Name: sub.Name, Email: sub.Email, Message: sub.Message})
	if expired != "" {
		p, _ := problem.AsFields(err)
		if p == nil {
			p = problem.Fields{}
		}
		p.Add("token", ExpiredForm)
		return Result{}, fmt.Errorf("form token %s: %w", expired, p)
	}
	if err != nil {
		return Result{}, err
	}
	now := s.now()
	var tokenKey string
	if s.Tokens != nil {
		tokenKey = Key(sub.Token)
		// The record lives as long as the token is accepted, clock skew
		// included; after that the token is refused as expired anyway.
		fresh, err := s.Store.UseToken(ctx, tokenKey, now, now.Add(s.maxAge()-age+maxClockSkew))
		if err != nil {
			return Result{}, fmt.Errorf("use form token: %w", err)
		}
		if !fresh {
			return s.spam(ctx, "replayed token")
		}
	}
	m := Message{
		ID:        NewID(now),
		Name:      f.Name,
		Email:     f.Email,
		Body:      f.Message,
		CreatedAt: now,
		Delivery:  Delivery{State: Pending, NextAttempt: now},
	}
	if err := s.Store.Save(ctx, m); err != nil {
		err = fmt.Errorf("save message: %w", err)
		if tokenKey != "" {
			// The visitor may send the form again with this token.
			if rerr := s.Store.ReleaseToken(context.WithoutCancel(ctx), tokenKey); rerr != nil {
				err = errors.Join(err, fmt.Errorf("release form token: %w", rerr))
			}
		}
		return Result{}, err
	}
	s.kick()
	return Result{ID: m.ID}, nil
}

// spam counts a spam submission and answers it like a stored message.
func (s *Service) spam(ctx context.Context, reason string) (Result, error) {
	if err := s.Store.AddSpam(ctx); err != nil {
		return Result{}, fmt.Errorf("count spam: %w", err)
	}
	return Result{Spam: true, SpamReason: reason}, nil
}

// checkToken answers why sub's token is not usable (missing, invalid,
// expired), or why sub looks automated (honeypot, too fast); both "" when
// it passes, with the token's age. The honeypot comes first: a bot learns
// nothing about tokens.
func (s *Service) checkToken(sub Submission) (expired, spam string, age time.Duration) {
	if sub.Website != "" {
		return "", "honeypot", 0
	}
	if s.Tokens == nil {
		return "", "", 0
	}
	if sub.Token == "" {
		return "missing", "", 0
	}
	age, err := s.Tokens.Check(sub.Token)
	switch {
	case err != nil:
		return "invalid", "", 0
	case age > s.maxAge():
		return "expired", "", 0
	case age < s.minAge():
		return "", "too fast", 0
	}
	return "", "", age
}

// TokenMinAge answers how long after a token is issued a form sent with it
// is taken for a person's, so a page that fetched a fresh token can wait
// that long before it sends.
func (s *Service) TokenMinAge() time.Duration { return s.minAge() }

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
