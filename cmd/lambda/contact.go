package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/mail"
	"github.com/cloudresume/cloudresume/internal/ratelimit"
)

// deliveryTimeout bounds the attempt to notify the owner made in the
// invocation that stored a message: the visitor waits for it, and a
// failure only leaves the message for the scheduled drain.
const deliveryTimeout = 3 * time.Second

// drainMargin is kept free before the invocation's deadline when draining,
// so that the last attempt is recorded before Lambda stops the function.
const drainMargin = 2 * time.Second

// contactFeature is the contact form on Lambda. There is no background
// loop between invocations: a stored message is delivered within the
// invocation that stored it, and what is still pending (mail was down) by
// the scheduled event (EventBridge, every few minutes).
type contactFeature struct {
	service *contact.Service
	outbox  *contact.Outbox // nil when nobody is notified
	log     *slog.Logger
}

// newContact answers the contact feature, or nil when it is off (no
// CLOUDRESUME_CONTACT_SECRET): tokens signed with a secret of one
// execution environment would be refused by the others, so a random one
// will not do here.
func newContact(cfg config, awsCfg aws.Config, messages contact.Store, log *slog.Logger) (*contactFeature, error) {
	if cfg.contactSecret == "" {
		return nil, nil
	}
	fe := &contactFeature{
		service: &contact.Service{
			// The Save of a message marks the invocation, which then tries
			// to deliver it (see afterSave).
			Store:  markingStore{messages},
			Tokens: &contact.Tokens{Secret: []byte(cfg.contactSecret)},
			// Per execution environment, so several environments allow
			// more; it still bounds what one client gets from one of them.
			Limiter: &ratelimit.Limiter{},
		},
		log: log,
	}
	if cfg.notify != "ses" {
		return fe, nil
	}
	n := &mail.SES{
		Client: sesv2.NewFromConfig(awsCfg, func(o *sesv2.Options) {
			if cfg.sesEndpoint != "" {
				o.BaseEndpoint = aws.String(cfg.sesEndpoint)
			}
		}),
		From: cfg.mailFrom,
		To:   cfg.mailTo,
	}
	if err := n.Check(); err != nil {
		return nil, &configError{problems: []string{fmt.Sprintf("CLOUDRESUME_NOTIFY=ses: %v", err)}}
	}
	fe.outbox = &contact.Outbox{Store: messages, Notifier: n, Logger: log, Timeout: deliveryTimeout}
	return fe, nil
}

// afterSave tries to deliver what is due, within deliveryTimeout. It is
// called once the request that stored a message has its answer, which
// does not depend on the outcome.
func (fe *contactFeature) afterSave(ctx context.Context) {
	if fe == nil || fe.outbox == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deliveryTimeout)
	defer cancel()
	sent, err := fe.outbox.RunOnce(ctx)
	if err != nil {
		fe.log.WarnContext(ctx, "contact: delivery left for the scheduled drain", "err", err)
		return
	}
	fe.log.InfoContext(ctx, "contact: delivered", "sent", sent)
}

// drain delivers every pending message that is due, answering how many
// were sent.
func (fe *contactFeature) drain(ctx context.Context) (int, error) {
	if fe == nil || fe.outbox == nil {
		return 0, nil
	}
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-drainMargin))
		defer cancel()
	}
	sent, err := fe.outbox.RunOnce(ctx)
	if err != nil {
		return sent, fmt.Errorf("drain outbox: %w", err)
	}
	return sent, nil
}

// savedKey marks the context of an invocation whose request may store a
// message.
type savedKey struct{}

// trackSaves answers ctx marked so that a message stored under it sets
// the flag answered.
func trackSaves(ctx context.Context) (context.Context, *atomic.Bool) {
	saved := &atomic.Bool{}
	return context.WithValue(ctx, savedKey{}, saved), saved
}

// markingStore is a message store that flags the invocation of each
// message it saves.
type markingStore struct{ contact.Store }

func (s markingStore) Save(ctx context.Context, m contact.Message) error {
	if err := s.Store.Save(ctx, m); err != nil {
		return err
	}
	if saved, ok := ctx.Value(savedKey{}).(*atomic.Bool); ok {
		saved.Store(true)
	}
	return nil
}
