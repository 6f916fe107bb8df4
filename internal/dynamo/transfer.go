package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// The methods of this file read out and put back every counter and
// message, for export and import (internal/transfer). Puts replace whole
// items rather than add to counters, so that importing a file twice leaves
// the tables as importing it once.

// EachDay calls fn with the totals of every day, in day order.
func (s *VisitStore) EachDay(ctx context.Context, fn func(visits.DayCounts) error) error {
	return s.eachOf(ctx, pkDaily, func(it item) error {
		c, err := countsOf(it)
		if err != nil {
			return err
		}
		return fn(visits.DayCounts{Day: getS(it, attrSK), Counts: c})
	})
}

// EachPath calls fn with the views of every path, in path order.
func (s *VisitStore) EachPath(ctx context.Context, fn func(visits.PathViews) error) error {
	return s.eachOf(ctx, pkPaths, func(it item) error {
		n, err := getN(it, attrViews)
		if err != nil {
			return err
		}
		return fn(visits.PathViews{Path: getS(it, attrSK), Views: n})
	})
}

// eachOf calls fn for every item of partition pk until it fails.
func (s *VisitStore) eachOf(ctx context.Context, pk string, fn func(item) error) error {
	var ferr error
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pk)},
	}, func(it item) bool {
		ferr = fn(it)
		return ferr == nil
	})
	if err := errors.Join(err, ferr); err != nil {
		return fmt.Errorf("read %s items: %w", pk, err)
	}
	return nil
}

// countsItem answers the item (pk, sk) holding c.
func countsItem(pk, sk string, c visits.Counts) item {
	it := key(pk, sk)
	it[attrVisitors] = num(c.Visitors)
	it[attrViews] = num(c.Views)
	it[attrBots] = num(c.Bots)
	return it
}

// PutCounts sets the site-wide totals.
func (s *VisitStore) PutCounts(ctx context.Context, c visits.Counts) error {
	if _, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: s.db.table(visitsTable),
		Item:      countsItem(pkTotals, skTotals, c),
	}); err != nil {
		return fmt.Errorf("put totals: %w", err)
	}
	return nil
}

// PutDays sets the totals of each day given, with batch writes.
func (s *VisitStore) PutDays(ctx context.Context, days []visits.DayCounts) error {
	reqs := make([]types.WriteRequest, 0, len(days))
	for _, d := range dedupe(days, func(d visits.DayCounts) string { return d.Day }) {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: countsItem(pkDaily, d.Day, d.Counts)}})
	}
	if err := writeBatches(ctx, s.db.client, *s.db.table(visitsTable), reqs, s.db.retry); err != nil {
		return fmt.Errorf("put %d days: %w", len(reqs), err)
	}
	return nil
}

// PutPaths sets the views of each path given, with batch writes.
func (s *VisitStore) PutPaths(ctx context.Context, paths []visits.PathViews) error {
	reqs := make([]types.WriteRequest, 0, len(paths))
	for _, p := range dedupe(paths, func(p visits.PathViews) string { return p.Path }) {
		it := key(pkPaths, p.Path)
		it[attrViews] = num(p.Views)
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
	}
	if err := writeBatches(ctx, s.db.client, *s.db.table(visitsTable), reqs, s.db.retry); err != nil {
		return fmt.Errorf("put %d paths: %w", len(reqs), err)
	}
	return nil
}

// dedupe answers xs with the last of each key only: one BatchWriteItem
// refuses two items with one key.
func dedupe[T any](xs []T, key func(T) string) []T {
	last := make(map[string]int, len(xs))
	for i, x := range xs {
		last[key(x)] = i
	}
	out := make([]T, 0, len(last))
	for i, x := range xs {
		if last[key(x)] == i {
			out = append(out, x)
		}
	}
	return out
}

// EachMessage calls fn with every message, in ID order.
func (s *MessageStore) EachMessage(ctx context.Context, fn func(contact.Message) error) error {
	var ferr error
	err := query(ctx, s.db.client, &dynamodb.QueryInput{
		TableName:                 s.db.table(messagesTable),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkMessage)},
	}, func(it item) bool {
		var m contact.Message
		if m, ferr = messageOf(it); ferr == nil {
			ferr = fn(m)
		}
		return ferr == nil
	})
	if err := errors.Join(err, ferr); err != nil {
		return fmt.Errorf("read messages: %w", err)
	}
	return nil
}

// PutMessage puts m, replacing the message with its ID whole, and moves
// the inbox counters by what changed: the item it replaced, if any, comes
// back with the put.
func (s *MessageStore) PutMessage(ctx context.Context, m contact.Message) error {
	out, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:    s.db.table(messagesTable),
		Item:         messageItem(m),
		ReturnValues: types.ReturnValueAllOld,
	})
	if err != nil {
		return fmt.Errorf("put message %q: %w", m.ID, err)
	}
	unread := func(read bool) int64 {
		if read {
			return 0
		}
		return 1
	}
	deltas := map[string]int64{attrMessages: 1, attrUnread: unread(m.Read)}
	if len(out.Attributes) > 0 {
		was, _ := out.Attributes[attrRead].(*types.AttributeValueMemberBOOL)
		deltas = map[string]int64{attrUnread: unread(m.Read) - unread(was != nil && was.Value)}
	}
	if deltas[attrMessages] == 0 && deltas[attrUnread] == 0 {
		return nil
	}
	if err := s.count(ctx, deltas); err != nil {
		return fmt.Errorf("count message %q: %w", m.ID, err)
	}
	return nil
}

// PutSpamCount sets the spam counter.
func (s *MessageStore) PutSpamCount(ctx context.Context, n int64) error {
	_, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(messagesTable),
		Key:                       key(pkCounts, skInbox),
		UpdateExpression:          aws.String("SET #spam = :n"),
		ExpressionAttributeNames:  map[string]string{"#spam": attrSpam},
		ExpressionAttributeValues: item{":n": num(n)},
	})
	if err != nil {
		return fmt.Errorf("put spam count: %w", err)
	}
	return nil
}
