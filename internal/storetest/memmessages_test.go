package storetest

import (
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
)

func TestMemMessages(t *testing.T) {
	Messages(t, func(*testing.T) contact.Store { return NewMemMessages() })
}
