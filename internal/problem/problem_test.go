package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestFields(t *testing.T) {
	f := Fields{}
	if f.Err() != nil {
		t.Fatal("empty Fields must be a nil error")
	}
	f.Add("name", "is required")
	f.Add("name", "second reason is dropped")
	f.Add("email", "is not an address")
	err := fmt.Errorf("contact: %w", f.Err())
	got, ok := AsFields(err)
	if !ok || got["name"] != "is required" || len(got) != 2 {
		t.Fatalf("AsFields = %v, %v", got, ok)
	}
	if want := "invalid input: email: is not an address; name: is required"; f.Error() != want {
		t.Fatalf("Error() = %q, want %q", f.Error(), want)
	}
	if _, ok := AsFields(errors.New("plain")); ok {
		t.Fatal("plain error is not Fields")
	}
}
