package dynamo

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

// The client retries throttling and timeouts, more times than the
// SDK's default of 3, and gives up on errors a retry cannot fix.
func TestClientRetryPolicy(t *testing.T) {
	r := NewClient(awstest.Config(endpoint)).Options().Retryer
	if r.MaxAttempts() != maxAttempts || maxAttempts <= 3 {
		t.Fatalf("MaxAttempts = %d, want %d", r.MaxAttempts(), maxAttempts)
	}
	retryable := []error{
		&types.ProvisionedThroughputExceededException{},
		&types.RequestLimitExceeded{},
		&smithy.GenericAPIError{Code: "ThrottlingException"},
		&smithy.GenericAPIError{Code: "RequestTimeout"},
	}
	for _, err := range retryable {
		if !r.IsErrorRetryable(err) {
			t.Errorf("%T %v is not retried", err, err)
		}
	}
	for _, err := range []error{&types.ConditionalCheckFailedException{}, &types.ResourceNotFoundException{}, errors.New("plain")} {
		if r.IsErrorRetryable(err) {
			t.Errorf("%T is retried", err)
		}
	}
}
