package dynamo

import (
	"testing"

	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestTransfer(t *testing.T) {
	storetest.Transfer(t, func(t *testing.T) storetest.TransferStores {
		db := newDB(t)
		return storetest.TransferStores{Visits: NewVisitStore(db), Messages: NewMessageStore(db), Movies: NewMovieStore(db)}
	})
}
