package main

import (
	"context"
	"errors"
)

func (sf *storeFlags) openDynamo(ctx context.Context) (*stores, error) {
	return nil, &exitError{code: 2, err: errors.New("--store dynamodb is not built into this binary")}
}
