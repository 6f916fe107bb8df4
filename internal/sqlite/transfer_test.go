package sqlite

import (
	"testing"

	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestTransfer(t *testing.T) {
	storetest.Transfer(t, func(t *testing.T) storetest.TransferStores {
		db := openTest(t)
		vs := newVisitStore(t, db)
		t.Cleanup(func() { vs.Close() })
		return storetest.TransferStores{Visits: vs, Messages: NewMessageStore(db), Movies: NewMovieStore(db)}
	})
}
