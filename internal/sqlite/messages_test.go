package sqlite

import (
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestMessageStore(t *testing.T) {
	storetest.Messages(t, func(t *testing.T) contact.Store {
		return NewMessageStore(openTest(t))
	})
}
