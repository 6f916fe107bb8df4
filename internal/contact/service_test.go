package contact_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

type fixture struct {
	clock *clock
	store *sqlite.MessageStore
	svc   *contact.Service
}

func newFixture(t *testing.T) *fixture {
	c := newClock()
	store := newStore(t)
	return &fixture{clock: c, store: store, svc: &contact.Service{
		Store:   store,
		Tokens:  &contact.Tokens{Secret: []byte("0123456789abcdef0123456789abcdef"), Now: c.Now},
		Limiter: &ratelimit.Limiter{Now: c.Now},
		Now:     c.Now,
	}}
}

// form returns a genuine submission whose form was served 10 s ago.
func (f *fixture) form() contact.Submission {
	tok := f.svc.Token()
	f.clock.Advance(10 * time.Second)
	return contact.Submission{Name: "Ada Lovelace", Email: "ada@example.com", Message: "Hello!\nLet's talk.", Token: tok, IPKey: "198.51.100.7"}
}

func TestSubmitStoresPendingMessage(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.clock.Advance(1234567 * time.Microsecond) // times are kept to the millisecond
	res, err := f.svc.Submit(ctx, f.form())
	if err != nil || res.Spam || res.ID == "" {
		t.Fatalf("Submit = %+v, %v", res, err)
	}
	m, err := f.store.Get(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now().Truncate(time.Millisecond)
	if m.Name != "Ada Lovelace" || m.Email != "ada@example.com" || m.Body != "Hello!\nLet's talk." ||
		!m.CreatedAt.Equal(now) || m.Read ||
		m.Delivery != (contact.Delivery{State: contact.Pending, NextAttempt: now}) {
		t.Fatalf("stored %+v", m)
	}
	if n, _ := spamCount(ctx, f.store); n != 0 {
		t.Fatalf("spam count %d", n)
	}
}

func TestSubmitSpamIsCountedNotStored(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, reason string
		edit         func(*fixture, *contact.Submission)
	}{
		{"honeypot", "honeypot", func(_ *fixture, s *contact.Submission) { s.Website = "http://spam.example" }},
		{"too fast", "too fast", func(f *fixture, s *contact.Submission) {
			s.Token = f.svc.Token()
			f.clock.Advance(2999 * time.Millisecond)
		}},
		{"too fast with field problems", "too fast", func(f *fixture, s *contact.Submission) {
			s.Token, s.Email = f.svc.Token(), "not an email"
		}},
		// Spam is caught before validation and before the token, so a bot
		// learns nothing from problems.
		{"honeypot with field problems", "honeypot", func(_ *fixture, s *contact.Submission) { s.Website = "x"; s.Email = "not an email" }},
		{"honeypot without token", "honeypot", func(_ *fixture, s *contact.Submission) { s.Website = "x"; s.Token = "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			sub := f.form()
			c.edit(f, &sub)
			res, err := f.svc.Submit(ctx, sub)
			if err != nil || !res.Spam || res.SpamReason != c.reason || res.ID != "" {
				t.Fatalf("Submit = %+v, %v; want spam %q", res, err, c.reason)
			}
			if all, _ := f.store.List(ctx, contact.ListOptions{}); len(all) != 0 {
				t.Fatalf("spam stored: %+v", all)
			}
			if n, _ := spamCount(ctx, f.store); n != 1 {
				t.Fatalf("spam count %d, want 1", n)
			}
		})
	}
}

func TestSubmitUnusableTokenIsAProblem(t *testing.T) {
	// A person may hold such a token (a page served before a restart with
	// a new secret, or left open for days): they are asked to send again,
	// and nothing is counted as spam.
	ctx := context.Background()
	cases := []struct {
		name, why string
		edit      func(*fixture, *contact.Submission)
	}{
		{"missing", "missing", func(_ *fixture, s *contact.Submission) { s.Token = "" }},
		{"garbage", "invalid", func(_ *fixture, s *contact.Submission) { s.Token = strings.Repeat("A", len(s.Token)) }},
		{"other secret", "invalid", func(_ *fixture, s *contact.Submission) {
			other := &contact.Tokens{Secret: []byte("another secret, also 32 bytes ok"), Now: func() time.Time { return time.Now().Add(-time.Minute) }}
			s.Token = other.Issue()
		}},
		{"expired", "expired", func(f *fixture, _ *contact.Submission) { f.clock.Advance(24*time.Hour + time.Second) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			sub := f.form()
			c.edit(f, &sub)
			res, err := f.svc.Submit(ctx, sub)
			p, ok := problem.AsFields(err)
			if !ok || len(p) != 1 || p["token"] != contact.ExpiredForm || res != (contact.Result{}) {
				t.Fatalf("Submit = %+v, %v; want only the token problem", res, err)
			}
			if !strings.Contains(err.Error(), "form token "+c.why) {
				t.Errorf("error %q does not say why (%s) for the log", err, c.why)
			}
			if all, _ := f.store.List(ctx, contact.ListOptions{}); len(all) != 0 {
				t.Fatalf("stored: %+v", all)
			}
			if n, _ := spamCount(ctx, f.store); n != 0 {
				t.Fatalf("spam count %d, want 0", n)
			}

			// Sent again with a fresh token, once it is old enough: stored.
			sub.Token = f.svc.Token()
			f.clock.Advance(contact.DefaultMinAge)
			if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam || res.ID == "" {
				t.Fatalf("sent again: %+v, %v", res, err)
			}
			if all, _ := f.store.List(ctx, contact.ListOptions{}); len(all) != 1 || all[0].Body != sub.Message {
				t.Fatalf("stored after sending again: %+v", all)
			}
		})
	}
}

func TestSubmitUnusableTokenWithFieldProblems(t *testing.T) {
	// Every problem is reported at once, so the visitor fixes them all
	// before sending again.
	f := newFixture(t)
	sub := f.form()
	sub.Token, sub.Email = "", "ada@"
	_, err := f.svc.Submit(context.Background(), sub)
	p, _ := problem.AsFields(err)
	if len(p) != 2 || p["token"] != contact.ExpiredForm || p["email"] == "" {
		t.Fatalf("Submit = %v; want problems for token and email", err)
	}
}

func TestTokenMinAge(t *testing.T) {
	f := newFixture(t)
	if got := f.svc.TokenMinAge(); got != contact.DefaultMinAge {
		t.Fatalf("default TokenMinAge = %v", got)
	}
	f.svc.MinAge = 10 * time.Second
	if got := f.svc.TokenMinAge(); got != 10*time.Second {
		t.Fatalf("TokenMinAge = %v, want 10s", got)
	}
}

func TestSubmitTokenAgeBounds(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sub := f.form()
	sub.Token = f.svc.Token()
	f.clock.Advance(3 * time.Second) // exactly the minimum: accepted
	if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam {
		t.Fatalf("at 3 s: %+v, %v", res, err)
	}
	sub.Token = f.svc.Token()
	f.clock.Advance(24 * time.Hour)
	if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam {
		t.Fatalf("at 24 h: %+v, %v", res, err)
	}
}

func TestSubmitValidation(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sub := f.form()
	sub.Email = "ada@example.com\r\nBcc: evil@x.example"
	sub.Message = ""
	_, err := f.svc.Submit(ctx, sub)
	p, ok := problem.AsFields(err)
	if !ok || p["email"] == "" || p["message"] == "" || p["name"] != "" {
		t.Fatalf("Submit = %v, want problems for email and message", err)
	}
	if all, _ := f.store.List(ctx, contact.ListOptions{}); len(all) != 0 {
		t.Fatal("invalid message stored")
	}
}

func TestSubmitRateLimit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var tokens []string
	for range 5 {
		tokens = append(tokens, f.svc.Token())
	}
	sub := f.form()
	for i, tok := range tokens {
		sub.Token = tok
		if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam {
			t.Fatalf("message %d: %+v, %v", i+1, res, err)
		}
	}
	// Spam and invalid posts count too: the limit comes first.
	sub.Website = "x"
	_, err := f.svc.Submit(ctx, sub)
	var rl *contact.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, contact.ErrRateLimited) || rl.RetryAfter != 12*time.Second {
		t.Fatalf("6th = %v, want RateLimitError retry after 12s", err)
	}
	if n, _ := spamCount(ctx, f.store); n != 0 {
		t.Fatal("rate-limited post reached the spam checks")
	}
	other := sub
	other.Website, other.IPKey = "", "203.0.113.1"
	if _, err := f.svc.Submit(ctx, other); err != nil {
		t.Fatalf("another client: %v", err)
	}
}

func TestSubmitKicksOutbox(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFixture(t)
	n := &inbox{sent: make(chan string, 1)}
	f.svc.Outbox = &contact.Outbox{Store: f.store, Notifier: n}
	f.svc.Now = nil // real time: the outbox compares with time.Now
	f.svc.Tokens.Now = nil
	f.svc.MinAge = time.Nanosecond
	go f.svc.Outbox.Run(ctx, time.Hour)
	time.Sleep(20 * time.Millisecond)

	sub := contact.Submission{Name: "Ada", Email: "ada@example.com", Message: "Hi", Token: f.svc.Token(), IPKey: "x"}
	time.Sleep(2 * time.Millisecond)
	res, err := f.svc.Submit(ctx, sub)
	if err != nil || res.Spam {
		t.Fatalf("Submit = %+v, %v", res, err)
	}
	select {
	case id := <-n.sent:
		if id != res.ID {
			t.Fatalf("notified %q, want %q", id, res.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("owner not notified after Submit")
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a, b := contact.NewID(t0), contact.NewID(t0.Add(time.Millisecond))
	if len(a) != 26 || !(a < b) || contact.NewID(t0) == a {
		t.Fatalf("ids %q, %q", a, b)
	}
}

// spamCount returns the store's spam counter.
func spamCount(ctx context.Context, s contact.Store) (int64, error) {
	c, err := s.Counts(ctx)
	return c.Spam, err
}

// TestSubmitTokenIsGoodForOneMessage: a token sent again, by a replay or
// by a second form served in the same millisecond, is spam the second
// time; a form refused for its fields keeps its token for the retry.
func TestSubmitTokenIsGoodForOneMessage(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.svc.Limiter = nil
	same := f.svc.Token() // issued in the same instant as the next
	sub := f.form()
	if sub.Token == same {
		t.Fatal("two tokens issued at once are equal: one would be taken for a replay of the other")
	}
	bad := sub
	bad.Email = "not an email"
	if _, err := f.svc.Submit(ctx, bad); err == nil {
		t.Fatal("invalid form stored")
	}
	first, err := f.svc.Submit(ctx, sub)
	if err != nil || first.Spam {
		t.Fatalf("first use, after a refusal for its fields: %+v, %v", first, err)
	}
	for i := range 3 {
		again, err := f.svc.Submit(ctx, sub)
		if err != nil || !again.Spam || again.SpamReason != "replayed token" || again.ID != "" {
			t.Fatalf("replay %d: %+v, %v; want spam", i+1, again, err)
		}
	}
	sub.Token = same
	if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam {
		t.Fatalf("the other token: %+v, %v", res, err)
	}
	if all, _ := f.store.List(ctx, contact.ListOptions{}); len(all) != 2 {
		t.Fatalf("%d messages stored, want 2", len(all))
	}
	if n, _ := spamCount(ctx, f.store); n != 3 {
		t.Fatalf("spam count %d, want the 3 replays", n)
	}
}

// failingSave is the real store whose Save fails, as with a full disk.
type failingSave struct{ *sqlite.MessageStore }

func (failingSave) Save(context.Context, contact.Message) error { return errors.New("disk full") }

// TestSubmitStoreFailureKeepsToken: a message that could not be saved does
// not use up its token, so sending it again is not taken for a replay.
func TestSubmitStoreFailureKeepsToken(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sub := f.form()
	f.svc.Store = failingSave{f.store}
	if _, err := f.svc.Submit(ctx, sub); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Submit with a failing store = %v", err)
	}
	f.svc.Store = f.store
	if res, err := f.svc.Submit(ctx, sub); err != nil || res.Spam || res.ID == "" {
		t.Fatalf("sent again once the store works: %+v, %v; want stored", res, err)
	}
}
