package contact

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Outbox notifies the owner of stored messages. Messages are saved as
// Pending first; the outbox sends the due ones and records every attempt on
// the message itself. A transient failure (mail down, a timeout, a 4xx) is
// retried for ever, with exponential backoff capped at MaxDelay, so nothing
// is lost however long mail is down; only a permanent failure (ErrPermanent:
// the server refused this message) marks it Failed, with the reason, for
// the owner to see and retry by hand. Delivery is at least once: a crash
// between sending and recording may send a message again after Lease.
type Outbox struct {
	Store    Store
	Notifier Notifier
	Now      func() time.Time // nil: time.Now
	Logger   *slog.Logger     // nil: discard

	BaseDelay time.Duration // first retry delay, doubled per attempt; 0: 30 s
	MaxDelay  time.Duration // cap on the retry delay; 0: 1 h
	Timeout   time.Duration // bound on one attempt; 0: 1 min
	Lease     time.Duration // how long a claimed message is reserved for one attempt; 0: 2 × Timeout
	BatchSize int           // messages fetched per query; 0: 20

	once sync.Once
	kick chan struct{}
	mu   sync.Mutex // one RunOnce at a time in this process
}

// LongPending is how long a message may wait for its notification before
// it is reported as long pending, and its failures logged as errors.
const LongPending = time.Hour

// Kick asks a running Run loop to look for due messages now. It never blocks.
func (o *Outbox) Kick() {
	select {
	case o.kicks() <- struct{}{}:
	default:
	}
}

// Kicked reports whether Kick was called since the last Run round or
// Kicked call, and clears the call: a process with no Run loop (a Lambda
// function) delivers what a request stored once the request is answered.
func (o *Outbox) Kicked() bool {
	select {
	case <-o.kicks():
		return true
	default:
		return false
	}
}

func (o *Outbox) kicks() chan struct{} {
	o.once.Do(func() { o.kick = make(chan struct{}, 1) })
	return o.kick
}

// Run sends due messages every interval and whenever kicked, until ctx ends.
// Errors are logged; callers drain with RunOnce after Run returns.
func (o *Outbox) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := o.RunOnce(ctx); err != nil && ctx.Err() == nil {
			o.logger().Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-o.kicks():
		}
	}
}

// RunOnce sends every message due now and returns how many were sent.
// Delivery failures are recorded on the messages and logged; the error
// reports only a store failure.
func (o *Outbox) RunOnce(ctx context.Context) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	batch := o.BatchSize
	if batch <= 0 {
		batch = 20
	}
	sent := 0
	// Each attempted message is claimed (its NextAttempt moves past now), so
	// every round sees new ones; the bound only guards against a store that
	// ignores claims.
	for round := 0; round < 1000; round++ {
		now := o.now()
		due, err := o.Store.Due(ctx, now, batch)
		if err != nil {
			return sent, err
		}
		for _, m := range due {
			ok, err := o.attempt(ctx, m, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(due) < batch {
			break
		}
	}
	return sent, nil
}

// attempt claims m and tries to notify once, recording the outcome.
func (o *Outbox) attempt(ctx context.Context, m Message, now time.Time) (bool, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	lease := o.Lease
	if lease <= 0 {
		lease = 2 * timeout
	}
	claimed, err := o.Store.Claim(ctx, m.ID, now, now.Add(lease))
	if err != nil || !claimed {
		return false, err
	}

	sendCtx, cancel := context.WithTimeout(ctx, timeout)
	sendErr := o.Notifier.Notify(sendCtx, m)
	cancel()

	d := m.Delivery
	d.Attempts++
	done := o.now()
	switch {
	case sendErr == nil:
		d.State, d.SentAt, d.NextAttempt, d.LastError = Sent, done, time.Time{}, ""
	case errors.Is(sendErr, ErrPermanent):
		d.State, d.NextAttempt, d.LastError = Failed, time.Time{}, sendErr.Error()
	default:
		d.NextAttempt, d.LastError = done.Add(o.backoff(d.Attempts)), sendErr.Error()
	}
	// Record the attempt even when ctx was cancelled meanwhile (shutdown):
	// the mail may have gone out.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := o.Store.SetDelivery(recCtx, m.ID, d); err != nil {
		return false, err
	}
	log := o.logger().With("message", m.ID, "attempts", d.Attempts)
	switch {
	case d.State == Sent:
		log.Info("owner notified")
	case d.State == Failed:
		log.Error("notification refused for good; the message is kept as failed until retried", "err", sendErr)
	case done.Sub(m.CreatedAt) >= LongPending:
		log.Error("owner still not notified; will retry", "err", sendErr,
			"pending_for", done.Sub(m.CreatedAt).Round(time.Second).String(), "next_attempt", d.NextAttempt)
	default:
		log.Warn("notification failed; will retry", "err", sendErr, "next_attempt", d.NextAttempt)
	}
	return sendErr == nil, nil
}

// backoff is the delay after the given number of failed attempts:
// BaseDelay, doubling each time, capped at MaxDelay.
func (o *Outbox) backoff(attempts int) time.Duration {
	base, maxDelay := o.BaseDelay, o.MaxDelay
	if base <= 0 {
		base = 30 * time.Second
	}
	if maxDelay <= 0 {
		maxDelay = time.Hour
	}
	d := base
	for i := 1; i < attempts && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

func (o *Outbox) now() time.Time {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	return now().UTC()
}

func (o *Outbox) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}
