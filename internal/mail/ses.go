package mail

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// SES sends notifications through Amazon SES v2 (SendEmail, simple content).
// From must be an identity verified in SES.
type SES struct {
	Client *sesv2.Client
	From   string // the site's address
	To     string // the owner's address
}

var _ contact.Notifier = (*SES)(nil)

// Check reports a configuration that cannot work, for start-up.
func (s *SES) Check() error {
	if s.Client == nil {
		return fmt.Errorf("ses client is not set")
	}
	return CheckAddresses(s.From, s.To)
}

// Notify mails m to the owner. SES's refusal of this message (it is
// rejected, or the request for it is invalid) and a message that cannot be
// composed are contact.ErrPermanent; throttling, a suspended account or an
// address not verified may pass, and are not. SES answers the last with
// MessageRejected too, in its sandbox: that one is the configuration's
// fault, not the message's, and once it is fixed every message goes.
func (s *SES) Notify(ctx context.Context, m contact.Message) error {
	if err := s.Check(); err != nil {
		return err
	}
	from, _ := parseAddress("from", s.From)
	to, _ := parseAddress("to", s.To)
	rt, err := replyTo(m)
	if err != nil {
		return contact.Permanent(err)
	}
	utf8 := aws.String("UTF-8")
	_, err = s.Client.SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(formatAddress(from)),
		Destination:      &types.Destination{ToAddresses: []string{formatAddress(to)}},
		ReplyToAddresses: []string{rt},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(subject(m)), Charset: utf8},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(textBody(m)), Charset: utf8}},
		}},
	})
	if err != nil {
		err = fmt.Errorf("ses send: %w", err)
		var rejected *types.MessageRejected
		var bad *types.BadRequestException
		unverified := errors.As(err, &rejected) && strings.Contains(rejected.ErrorMessage(), "not verified")
		if !unverified && (rejected != nil || errors.As(err, &bad)) {
			return contact.Permanent(err)
		}
		return err
	}
	return nil
}
