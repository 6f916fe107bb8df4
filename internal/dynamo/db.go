// Package dynamo is the AWS store: every Store of the domain packages over
// DynamoDB tables. Each table has the same generic key, a string partition
// key pk and a string sort key sk, and the items of one kind share a
// partition or a prefix of it; each store's file describes its items.
//
// Transactions are not used, so that the store also runs on the local
// DynamoDB-compatible servers that lack them: every operation that must be
// exact is a single atomic item update or a conditional write.
package dynamo

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Retry policy of the client: throttling and transient errors are retried
// by the SDK with exponential backoff and jitter.
const (
	maxAttempts = 8
	maxBackoff  = 2 * time.Second
)

// Key attribute names, the same in every table.
const (
	attrPK = "pk"
	attrSK = "sk"
)

// Table name suffixes; the full name is the prefix followed by one of these.
const (
	visitsTable   = "visits"
	moviesTable   = "movies"
	messagesTable = "messages"
)

// DB is a set of tables whose names share a prefix.
type DB struct {
	client *dynamodb.Client
	prefix string
	retry  retryPolicy // of unprocessed batch items
	now    func() time.Time
}

// NewClient answers a DynamoDB client for cfg that retries throttling and
// transient errors up to maxAttempts times. The retry quota of the standard
// retryer is off: on-demand tables throttle in bursts, and giving up early
// under a burst fails requests that a few more attempts would have served.
// cfg.BaseEndpoint, when set, points it at a local server.
func NewClient(cfg aws.Config, optFns ...func(*dynamodb.Options)) *dynamodb.Client {
	opts := append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = maxAttempts
			so.MaxBackoff = maxBackoff
			so.RateLimiter = ratelimit.None
		})
	}}, optFns...)
	return dynamodb.NewFromConfig(cfg, opts...)
}

// New answers the tables named prefix+"visits", prefix+"movies" and
// prefix+"messages" through client. They must exist (CreateTables).
func New(client *dynamodb.Client, prefix string) *DB {
	return &DB{client: client, prefix: prefix, retry: defaultRetry(), now: time.Now}
}

// Stores is every store over one set of tables.
type Stores struct {
	Visits   *VisitStore
	Movies   *MovieStore
	Messages *MessageStore
}

// Open answers every store over the tables named with prefix, through a
// client made by NewClient from cfg.
func Open(cfg aws.Config, prefix string) Stores {
	db := New(NewClient(cfg), prefix)
	return Stores{
		Visits:   NewVisitStore(db),
		Movies:   NewMovieStore(db),
		Messages: NewMessageStore(db),
	}
}

// table answers the full name of the table with suffix name.
func (db *DB) table(name string) *string { return aws.String(db.prefix + name) }

// key answers the primary key (pk, sk).
func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(pk), attrSK: str(sk)}
}

// str answers a string attribute value.
func str(s string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: s} }

// isConditionFailed reports whether err is a failed ConditionExpression.
func isConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}
