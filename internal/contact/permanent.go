package contact

import "errors"

// ErrPermanent marks a delivery failure that no retry can cure: the mail
// server refused this message (an SMTP 5xx to its sender, recipient or
// content), SES rejected it. The outbox marks such a message Failed, with
// the reason; every other failure is retried.
var ErrPermanent = errors.New("permanent delivery failure")

// Permanent wraps err as a permanent failure: errors.Is(err, ErrPermanent)
// holds, and the message is err's own.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, ErrPermanent} }
