package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

var _ contact.Store = (*MessageStore)(nil)

// Items of the messages table:
//
//	pk    sk     attributes
//	msg     <id>   the message's fields, and the index keys below
//	counts  inbox  messages, unread, spam: counters, so totals are one read
//	token   <key>  expires_at: a contact form token used by a message, kept
//	               (and expired by the table's TTL) until the token expires
//
// Two local secondary indexes over the "msg" partition serve the reads
// that are not by ID, with consistent reads:
//
//	by_created  created = <created at> "#" <id>         List, newest first
//	by_due      due     = <next attempt> "#" <id>       Due; only pending messages have it
//
// Times in keys are UTC with milliseconds in a fixed width
// (timeLayout), so that they sort as strings in time order. A message
// leaves by_due when it stops being pending (the attribute is removed),
// so Due reads pending messages only. The local indexes limit the "msg"
// partition to 10 GB, millions of messages.
const (
	pkMessage = "msg"
	pkCounts  = "counts"
	skInbox   = "inbox"
	pkToken   = "token"

	attrEmail     = "email"
	attrBody      = "body"
	attrCreatedAt = "created_at"
	attrRead      = "read"
	attrState     = "state"
	attrAttempts  = "attempts"
	attrLastError = "last_error"
	attrNext      = "next_attempt"
	attrSentAt    = "sent_at"
	attrMessages  = "messages"
	attrUnread    = "unread"
	attrSpam      = "spam"
)

// timeLayout formats times in keys and attributes: fixed width, so string
// order is time order (for years 0001 to 9999, the zero time included).
const timeLayout = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %w", s, err)
	}
	return t, nil
}

// dueBefore answers the bound below which lie the due keys of the times
// up to and including t: '$' follows the '#' after the time.
func dueBefore(t time.Time) string { return fmtTime(t) + "$" }

// MessageStore keeps contact messages in the messages table.
type MessageStore struct {
	db *DB
}

// NewMessageStore answers a MessageStore over db.
func NewMessageStore(db *DB) *MessageStore { return &MessageStore{db: db} }

// Save puts m unless a message with its ID exists.
func (s *MessageStore) Save(ctx context.Context, m contact.Message) error {
	_, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           s.db.table(messagesTable),
		Item:                messageItem(m),
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	if isConditionFailed(err) {
		return fmt.Errorf("message %q: %w", m.ID, problem.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("save message %q: %w", m.ID, err)
	}
	// A second write: the local servers have no transactions. Only a
	// failure between the two writes leaves the counters one short.
	unread := int64(1)
	if m.Read {
		unread = 0
	}
	if err := s.count(ctx, map[string]int64{attrMessages: 1, attrUnread: unread}); err != nil {
		return fmt.Errorf("count message %q: %w", m.ID, err)
	}
	return nil
}

// messageItem returns the item that holds m.
func messageItem(m contact.Message) item {
	it := key(pkMessage, m.ID)
	it[attrCreated] = str(fmtTime(m.CreatedAt) + "#" + m.ID)
	it[attrCreatedAt] = str(fmtTime(m.CreatedAt))
	it[attrRead] = &types.AttributeValueMemberBOOL{Value: m.Read}
	// Empty strings are left out rather than stored empty.
	for name, v := range map[string]string{attrName: m.Name, attrEmail: m.Email, attrBody: m.Body} {
		if v != "" {
			it[name] = str(v)
		}
	}
	set, _ := deliveryAttrs(m.ID, m.Delivery)
	for name, v := range set {
		it[name] = v
	}
	return it
}

// count adds deltas to the inbox counters.
func (s *MessageStore) count(ctx context.Context, deltas map[string]int64) error {
	expr, names, values := "ADD ", map[string]string{}, item{}
	i := 0
	for name, d := range deltas {
		if i > 0 {
			expr += ", "
		}
		alias := fmt.Sprintf("c%d", i)
		expr += "#" + alias + " :" + alias
		names["#"+alias], values[":"+alias] = name, num(d)
		i++
	}
	_, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(messagesTable),
		Key:                       key(pkCounts, skInbox),
		UpdateExpression:          aws.String(expr),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	return err
}

// deliveryAttrs answers the attributes that hold d, and the names of
// those that d leaves empty.
func deliveryAttrs(id string, d contact.Delivery) (set item, remove []string) {
	set = item{
		attrState:    str(string(d.State)),
		attrAttempts: num(int64(d.Attempts)),
		attrNext:     str(fmtTime(d.NextAttempt)),
	}
	if d.LastError != "" {
		set[attrLastError] = str(d.LastError)
	} else {
		remove = append(remove, attrLastError)
	}
	if !d.SentAt.IsZero() {
		set[attrSentAt] = str(fmtTime(d.SentAt))
	} else {
		remove = append(remove, attrSentAt)
	}
	if d.State == contact.Pending {
		set[attrDue] = str(fmtTime(d.NextAttempt) + "#" + id)
	} else {
		remove = append(remove, attrDue)
	}
	return set, remove
}

// Get answers one message.
func (s *MessageStore) Get(ctx context.Context, id string) (contact.Message, error) {
	if id == "" {
		return contact.Message{}, contact.NotFound(id)
	}
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      s.db.table(messagesTable),
		Key:            key(pkMessage, id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return contact.Message{}, fmt.Errorf("get message %q: %w", id, err)
	}
	if out.Item == nil {
		return contact.Message{}, contact.NotFound(id)
	}
	return messageOf(out.Item)
}

func messageOf(it item) (contact.Message, error) {
	m := contact.Message{
		ID:    getS(it, attrSK),
		Name:  getS(it, attrName),
		Email: getS(it, attrEmail),
		Body:  getS(it, attrBody),
		Read:  getBool(it, attrRead),
		Delivery: contact.Delivery{
			State:     contact.State(getS(it, attrState)),
			LastError: getS(it, attrLastError),
		},
	}
	attempts, err := getN(it, attrAttempts)
	m.Delivery.Attempts = int(attempts)
	errs := []error{err}
	for name, dst := range map[string]*time.Time{
		attrCreatedAt: &m.CreatedAt, attrNext: &m.Delivery.NextAttempt, attrSentAt: &m.Delivery.SentAt,
	} {
		var err error
		*dst, err = parseTime(getS(it, name))
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return contact.Message{}, fmt.Errorf("message %q: %w", m.ID, err)
	}
	return m, nil
}

// List answers messages newest first from the by_created index, which
// bounds the creation time; unread only and the state filter on the way,
// so they read the other messages too.
func (s *MessageStore) List(ctx context.Context, opts contact.ListOptions) ([]contact.Message, error) {
	in := &dynamodb.QueryInput{
		TableName:                 s.db.table(messagesTable),
		IndexName:                 aws.String(indexCreated),
		ConsistentRead:            aws.Bool(true),
		ScanIndexForward:          aws.Bool(false),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkMessage)},
	}
	if !opts.Before.IsZero() {
		// created is <time>#<id>: below <time> lie those created before it.
		in.KeyConditionExpression = aws.String("pk = :pk AND #created < :before")
		in.ExpressionAttributeNames = map[string]string{"#created": attrCreated}
		in.ExpressionAttributeValues[":before"] = str(fmtTime(opts.Before))
	}
	var filters []string
	if opts.UnreadOnly {
		filters = append(filters, "#read = :false")
		in.ExpressionAttributeValues[":false"] = &types.AttributeValueMemberBOOL{Value: false}
	}
	if opts.State != "" {
		filters = append(filters, "#state = :state")
		in.ExpressionAttributeValues[":state"] = str(string(opts.State))
	}
	if len(filters) > 0 {
		in.FilterExpression = aws.String(strings.Join(filters, " AND "))
		if in.ExpressionAttributeNames == nil {
			in.ExpressionAttributeNames = map[string]string{}
		}
		if opts.UnreadOnly {
			in.ExpressionAttributeNames["#read"] = attrRead
		}
		if opts.State != "" {
			in.ExpressionAttributeNames["#state"] = attrState
		}
	} else if opts.Limit > 0 {
		in.Limit = aws.Int32(int32(min(opts.Limit, 1000)))
	}
	out, err := s.queryMessages(ctx, in, opts.Limit)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	return out, nil
}

// Due answers up to limit pending messages whose next attempt has come,
// the most overdue first, from the by_due index.
func (s *MessageStore) Due(ctx context.Context, now time.Time, limit int) ([]contact.Message, error) {
	in := &dynamodb.QueryInput{
		TableName:                 s.db.table(messagesTable),
		IndexName:                 aws.String(indexDue),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk AND #due < :before"),
		ExpressionAttributeNames:  map[string]string{"#due": attrDue},
		ExpressionAttributeValues: item{":pk": str(pkMessage), ":before": str(dueBefore(now))},
	}
	if limit > 0 {
		in.Limit = aws.Int32(int32(min(limit, 1000)))
	}
	out, err := s.queryMessages(ctx, in, limit)
	if err != nil {
		return nil, fmt.Errorf("due messages: %w", err)
	}
	return out, nil
}

// queryMessages runs in and answers up to limit messages (all when
// limit <= 0).
func (s *MessageStore) queryMessages(ctx context.Context, in *dynamodb.QueryInput, limit int) ([]contact.Message, error) {
	out := []contact.Message{}
	var perr error
	err := query(ctx, s.db.client, in, func(it item) bool {
		m, err := messageOf(it)
		if err != nil {
			perr = err
			return false
		}
		out = append(out, m)
		return limit <= 0 || len(out) < limit
	})
	if err := errors.Join(err, perr); err != nil {
		return nil, err
	}
	return out, nil
}

// MarkRead marks a message read. Only the update that changes the flag
// takes one off the unread counter: DynamoDB applies updates of an item
// one at a time, so two at once cannot both see it unread.
func (s *MessageStore) MarkRead(ctx context.Context, id string) error {
	if id == "" {
		return contact.NotFound(id)
	}
	out, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(messagesTable),
		Key:                       key(pkMessage, id),
		UpdateExpression:          aws.String("SET #read = :true"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeNames:  map[string]string{"#read": attrRead},
		ExpressionAttributeValues: item{":true": &types.AttributeValueMemberBOOL{Value: true}},
		ReturnValues:              types.ReturnValueUpdatedOld,
	})
	if isConditionFailed(err) {
		return contact.NotFound(id)
	}
	if err != nil {
		return fmt.Errorf("mark message %q read: %w", id, err)
	}
	if was, ok := out.Attributes[attrRead].(*types.AttributeValueMemberBOOL); ok && !was.Value {
		if err := s.count(ctx, map[string]int64{attrUnread: -1}); err != nil {
			return fmt.Errorf("count message %q read: %w", id, err)
		}
	}
	return nil
}

// Claim moves the next attempt of a due pending message to until, with a
// conditional update: of two outboxes claiming at once, one wins.
func (s *MessageStore) Claim(ctx context.Context, id string, now, until time.Time) (bool, error) {
	if id == "" {
		return false, nil
	}
	_, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:        s.db.table(messagesTable),
		Key:              key(pkMessage, id),
		UpdateExpression: aws.String("SET #next = :next, #due = :due"),
		// Only pending messages have a due key, so the first test is also
		// that the message exists and is pending.
		ConditionExpression:      aws.String("#due < :before AND #state = :pending"),
		ExpressionAttributeNames: map[string]string{"#next": attrNext, "#due": attrDue, "#state": attrState},
		ExpressionAttributeValues: item{
			":next":    str(fmtTime(until)),
			":due":     str(fmtTime(until) + "#" + id),
			":before":  str(dueBefore(now)),
			":pending": str(string(contact.Pending)),
		},
	})
	switch {
	case err == nil:
		return true, nil
	case isConditionFailed(err):
		return false, nil
	}
	return false, fmt.Errorf("claim message %q: %w", id, err)
}

// SetDelivery replaces the delivery state of a message.
func (s *MessageStore) SetDelivery(ctx context.Context, id string, d contact.Delivery) error {
	set, remove := deliveryAttrs(id, d)
	names := map[string]string{}
	values := item{}
	expr := "SET "
	i := 0
	for name, v := range set {
		if i > 0 {
			expr += ", "
		}
		alias := fmt.Sprintf("a%d", i)
		expr += "#" + alias + " = :" + alias
		names["#"+alias], values[":"+alias] = name, v
		i++
	}
	for j, name := range remove {
		if j == 0 {
			expr += " REMOVE "
		} else {
			expr += ", "
		}
		alias := fmt.Sprintf("#r%d", j)
		expr += alias
		names[alias] = name
	}
	return s.update(ctx, id, expr, names, values)
}

// update applies expr to an existing message.
func (s *MessageStore) update(ctx context.Context, id, expr string, names map[string]string, values item) error {
	if id == "" {
		return contact.NotFound(id)
	}
	_, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(messagesTable),
		Key:                       key(pkMessage, id),
		UpdateExpression:          aws.String(expr),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	if isConditionFailed(err) {
		return contact.NotFound(id)
	}
	if err != nil {
		return fmt.Errorf("update message %q: %w", id, err)
	}
	return nil
}

// Retry makes a failed message pending again, due at now, with a
// conditional update.
func (s *MessageStore) Retry(ctx context.Context, id string, now time.Time) error {
	if id == "" {
		return contact.NotFound(id)
	}
	_, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                s.db.table(messagesTable),
		Key:                      key(pkMessage, id),
		UpdateExpression:         aws.String("SET #state = :pending, #next = :next, #due = :due"),
		ConditionExpression:      aws.String("#state = :failed"),
		ExpressionAttributeNames: map[string]string{"#state": attrState, "#next": attrNext, "#due": attrDue},
		ExpressionAttributeValues: item{
			":pending": str(string(contact.Pending)),
			":failed":  str(string(contact.Failed)),
			":next":    str(fmtTime(now)),
			":due":     str(fmtTime(now) + "#" + id),
		},
	})
	if err == nil {
		return nil
	}
	if !isConditionFailed(err) {
		return fmt.Errorf("retry message %q: %w", id, err)
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("message %q is %s, not failed: %w", id, m.Delivery.State, problem.ErrConflict)
}

// RetryFailed makes every failed message pending again, one conditional
// update each; a message that stopped being failed meanwhile is skipped.
func (s *MessageStore) RetryFailed(ctx context.Context, now time.Time) (int, error) {
	failed, err := s.List(ctx, contact.ListOptions{State: contact.Failed})
	if err != nil {
		return 0, fmt.Errorf("retry failed messages: %w", err)
	}
	n := 0
	for _, m := range failed {
		err := s.Retry(ctx, m.ID, now)
		switch {
		case err == nil:
			n++
		case errors.Is(err, problem.ErrConflict) || errors.Is(err, problem.ErrNotFound):
		default:
			return n, fmt.Errorf("retry failed messages: %w", err)
		}
	}
	return n, nil
}

// UseToken puts the record of a used form token unless one exists that
// has not expired at now; the TTL deletes it some time after it expires.
func (s *MessageStore) UseToken(ctx context.Context, tokenKey string, now, expires time.Time) (bool, error) {
	it := key(pkToken, tokenKey)
	it[attrExpires] = num(expires.Unix())
	_, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: s.db.table(messagesTable),
		Item:      it,
		// The TTL deletes an item up to days after it expires: one that
		// has expired counts as gone.
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR #exp <= :now"),
		ExpressionAttributeNames:  map[string]string{"#exp": attrExpires},
		ExpressionAttributeValues: item{":now": num(now.Unix())},
	})
	switch {
	case err == nil:
		return true, nil
	case isConditionFailed(err):
		return false, nil
	}
	return false, fmt.Errorf("use form token: %w", err)
}

// ReleaseToken deletes the record of a used form token.
func (s *MessageStore) ReleaseToken(ctx context.Context, tokenKey string) error {
	_, err := s.db.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: s.db.table(messagesTable),
		Key:       key(pkToken, tokenKey),
	})
	if err != nil {
		return fmt.Errorf("release form token: %w", err)
	}
	return nil
}

// AddSpam adds one to the spam counter.
func (s *MessageStore) AddSpam(ctx context.Context) error {
	if err := s.count(ctx, map[string]int64{attrSpam: 1}); err != nil {
		return fmt.Errorf("count spam: %w", err)
	}
	return nil
}

// Counts returns the inbox counters, in one consistent read.
func (s *MessageStore) Counts(ctx context.Context) (contact.Counts, error) {
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      s.db.table(messagesTable),
		Key:            key(pkCounts, skInbox),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return contact.Counts{}, fmt.Errorf("read inbox counts: %w", err)
	}
	var c contact.Counts
	for name, p := range map[string]*int64{attrMessages: &c.Total, attrUnread: &c.Unread, attrSpam: &c.Spam} {
		if *p, err = getN(out.Item, name); err != nil {
			return contact.Counts{}, fmt.Errorf("read inbox counts: %w", err)
		}
	}
	return c, nil
}
