package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// activeTimeout bounds the wait for a new table to become ACTIVE.
const activeTimeout = 5 * time.Minute

// Local secondary indexes of the messages table. They are local, not
// global, because only local indexes offer consistent reads: a message
// saved is listed at once.
const (
	indexCreated = "by_created" // sort key attrCreated: messages newest first
	indexDue     = "by_due"     // sort key attrDue: pending messages by next attempt
	attrCreated  = "created"
	attrDue      = "due"
)

// tables returns the definitions of the tables every store needs.
func tables() []Table {
	key := []Key{{Attribute: attrPK, Type: types.KeyTypeHash}, {Attribute: attrSK, Type: types.KeyTypeRange}}
	attrs := []Attribute{{Name: attrPK, Type: types.ScalarAttributeTypeS}, {Name: attrSK, Type: types.ScalarAttributeTypeS}}
	// lsi is a local secondary index on the string attribute sortKey,
	// every attribute projected.
	lsi := func(name, sortKey string) Index {
		return Index{
			Name:       name,
			KeySchema:  []Key{{Attribute: attrPK, Type: types.KeyTypeHash}, {Attribute: sortKey, Type: types.KeyTypeRange}},
			Projection: Projection{Type: types.ProjectionTypeAll},
		}
	}
	table := func(suffix string) Table {
		return Table{Suffix: suffix, BillingMode: types.BillingModePayPerRequest, KeySchema: key,
			Attributes: attrs, LocalIndexes: []Index{}, GlobalIndexes: []Index{}}
	}
	visits := table(visitsTable)
	visits.TTLAttribute = attrExpires // first-visit markers and salts expire
	messages := table(messagesTable)
	messages.Attributes = append(slices.Clone(attrs),
		Attribute{Name: attrCreated, Type: types.ScalarAttributeTypeS},
		Attribute{Name: attrDue, Type: types.ScalarAttributeTypeS})
	messages.LocalIndexes = []Index{lsi(indexCreated, attrCreated), lsi(indexDue, attrDue)}
	messages.TTLAttribute = attrExpires // the records of used form tokens expire with the tokens
	return []Table{visits, table(moviesTable), messages}
}

// TableStatus says what CreateTables did with one table.
type TableStatus struct {
	Name    string
	Created bool   // false: the table existed already
	TTL     string // what became of its expires_at TTL; "" for a table without one
}

// CreateTables creates the tables of the stores named with prefix, on
// demand (pay per request), waits until they are ACTIVE and turns on the
// TTL of expires_at where items use it. Tables that exist are left as they
// are, so it can run at every deployment. A server without TTL support (a
// local one) is noted in the status, not an error: nothing depends on
// expiry.
func CreateTables(ctx context.Context, client *dynamodb.Client, prefix string) ([]TableStatus, error) {
	var out []TableStatus
	for _, spec := range tables() {
		st, err := createTable(ctx, client, prefix+spec.Suffix, spec)
		if err != nil {
			return out, err
		}
		out = append(out, st)
	}
	return out, nil
}

func createTable(ctx context.Context, client *dynamodb.Client, name string, spec Table) (TableStatus, error) {
	st := TableStatus{Name: name}
	in := spec.createInput(name)
	_, err := client.CreateTable(ctx, in)
	var inUse *types.ResourceInUseException
	switch {
	case err == nil:
		st.Created = true
	case errors.As(err, &inUse):
	default:
		return st, fmt.Errorf("create table %s: %w", name, err)
	}
	desc, err := waitActive(ctx, client, name)
	if err != nil {
		return st, err
	}
	if err := checkTable(desc, spec); err != nil {
		return st, fmt.Errorf("table %s: %w", name, err)
	}
	if spec.TTLAttribute != "" {
		if st.TTL, err = enableTTL(ctx, client, name, spec.TTLAttribute); err != nil {
			return st, err
		}
	}
	return st, nil
}

// waitActive polls the table until it is ACTIVE, from every 50 ms (a
// local server creates tables at once) to every 5 s (DynamoDB takes
// seconds).
func waitActive(ctx context.Context, client *dynamodb.Client, name string) (*types.TableDescription, error) {
	ctx, cancel := context.WithTimeout(ctx, activeTimeout)
	defer cancel()
	delay := 50 * time.Millisecond
	for {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		var notFound *types.ResourceNotFoundException
		switch {
		case err == nil && out.Table.TableStatus == types.TableStatusActive:
			return out.Table, nil
		case err != nil && !errors.As(err, &notFound): // not found: not visible yet
			return nil, fmt.Errorf("wait for table %s: %w", name, err)
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("wait for table %s to be active: %w", name, ctx.Err())
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// checkTable reports a table, found existing, whose keys the stores cannot use.
func checkTable(t *types.TableDescription, spec Table) error {
	keys := map[types.KeyType]string{}
	for _, k := range t.KeySchema {
		keys[k.KeyType] = aws.ToString(k.AttributeName)
	}
	if keys[types.KeyTypeHash] != attrPK || keys[types.KeyTypeRange] != attrSK {
		return fmt.Errorf("its key is (%s, %s), want (%s, %s)", keys[types.KeyTypeHash], keys[types.KeyTypeRange], attrPK, attrSK)
	}
	have := map[string]bool{}
	for _, idx := range t.LocalSecondaryIndexes {
		have[aws.ToString(idx.IndexName)] = true
	}
	for _, idx := range spec.LocalIndexes {
		if !have[idx.Name] {
			return fmt.Errorf("it lacks the local secondary index %s, which can only be added by creating the table anew", idx.Name)
		}
	}
	have = map[string]bool{}
	for _, idx := range t.GlobalSecondaryIndexes {
		have[aws.ToString(idx.IndexName)] = true
	}
	for _, idx := range spec.GlobalIndexes {
		if !have[idx.Name] {
			return fmt.Errorf("it lacks the global secondary index %s (add it with UpdateTable)", idx.Name)
		}
	}
	return nil
}

// enableTTL turns on the expiry of items by their attribute attr and
// returns what it found or did.
func enableTTL(ctx context.Context, client *dynamodb.Client, name, attr string) (string, error) {
	d, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil && !unsupported(err) {
		return "", fmt.Errorf("describe TTL of %s: %w", name, err)
	}
	if err == nil && d.TimeToLiveDescription != nil {
		switch d.TimeToLiveDescription.TimeToLiveStatus {
		case types.TimeToLiveStatusEnabled, types.TimeToLiveStatusEnabling:
			return "TTL on " + aws.ToString(d.TimeToLiveDescription.AttributeName) + " already enabled", nil
		}
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attr),
			Enabled:       aws.Bool(true),
		},
	})
	switch {
	case err == nil:
		return "TTL on " + attr + " enabled", nil
	case unsupported(err):
		return "TTL not supported by this server: items do not expire", nil
	}
	return "", fmt.Errorf("enable TTL on %s: %w", name, err)
}

// unsupported reports whether the server does not know the operation, as
// local DynamoDB servers answer for TTL.
func unsupported(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "UnknownOperationException"
}
