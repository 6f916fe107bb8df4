package contact_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

// newStore answers an empty message store over a real SQLite database in
// the test's directory. Only this external test package imports the
// adapter; the contact package itself stays free of it.
func newStore(t *testing.T) *sqlite.MessageStore {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "contact.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlite.NewMessageStore(db)
}

// save stores m or fails the test.
func save(t *testing.T, s contact.Store, m contact.Message) {
	t.Helper()
	if err := s.Save(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}
