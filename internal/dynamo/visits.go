package dynamo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/visits"
)

var _ visits.Store = (*VisitStore)(nil)

// Items of the visits table:
//
//	pk              sk          attributes
//	totals          all         views, visitors, bots   the site-wide counters
//	daily           <day>       views, visitors, bots   one day's counters
//	paths           <path>      views                   one path's views
//	salt            <day>       salt, expires_at        the day's salt
//	visitor#<day>   <visitor>   expires_at              the visitor was counted on day
//
// Counters only ever change by an atomic ADD, never read-then-write, so
// concurrent writers from any number of processes stay exact. The totals
// item takes every hit: one item sustains about 1,000 writes a second,
// far beyond a personal site.
const (
	pkTotals = "totals"
	skTotals = "all"
	pkDaily  = "daily"
	pkPaths  = "paths"
	pkSalt   = "salt"

	attrViews    = "views"
	attrVisitors = "visitors"
	attrBots     = "bots"
	attrSalt     = "salt"
	attrExpires  = "expires_at"
)

// markerTTL is how long a visitor marker or a salt outlives its day's
// start. The TTL only cleans up after a store nobody calls Forget on
// (the site had no visit for days); correctness never depends on it.
const markerTTL = 3 * 24 * time.Hour

// finishTimeout bounds the counter updates of a hit whose marker is written.
const finishTimeout = 10 * time.Second

// maxPathItems bounds the path counters TopPaths reads. Paths come from
// clients, so there may be many; beyond this many the answer comes from
// the first ones in path order.
const maxPathItems = 10_000

// VisitStore keeps the visit counters in the visits table.
type VisitStore struct {
	db        *DB
	maxValues int // distinct values of a dimension a day
	packed    packedMonths
}

// NewVisitStore answers a VisitStore over db.
func NewVisitStore(db *DB) *VisitStore { return NewVisitStoreWith(db, VisitOptions{}) }

// NewVisitStoreWith is NewVisitStore with opts.
func NewVisitStoreWith(db *DB, opts VisitOptions) *VisitStore {
	if opts.MaxValues <= 0 {
		opts.MaxValues = visits.DefaultMaxValues
	}
	return &VisitStore{db: db, maxValues: opts.MaxValues}
}

func markerPK(day string) string { return "visitor#" + day }

// Record counts h. A human hit first writes the visitor's marker for the
// day, a put that succeeds only if the marker is absent: the hit that wins
// it adds a visitor. Then the totals, the day's and the path's counters
// and the day items of its dimensions (dims.go) are added to at once; the
// totals answer.
//
// Once under way a hit is finished even if ctx is cancelled (a visitor
// closing the page cancels its request), within finishTimeout, so that a
// marker does not stand without its visitor. Without transactions the
// writes are still separate: a failure between them leaves the counters
// apart by that hit, and a retried ADD whose first attempt was applied but
// not answered counts twice. Either costs one hit in a rare failure; the
// counters never drift under concurrency.
func (s *VisitStore) Record(ctx context.Context, h visits.Hit) (visits.Counts, error) {
	var add []string
	first := false
	if h.Bot {
		if err := ctx.Err(); err != nil {
			return visits.Counts{}, err
		}
		add = []string{attrBots}
	} else {
		var err error
		first, err = s.mark(ctx, h)
		if err != nil {
			return visits.Counts{}, err
		}
		add = []string{attrViews}
		if first {
			add = append(add, attrVisitors)
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	var (
		wg                        sync.WaitGroup
		errDaily, errPth, errDims error
	)
	wg.Go(func() { _, errDaily = s.add(ctx, pkDaily, h.Day, add, types.ReturnValueNone) })
	if !h.Bot {
		wg.Go(func() { _, errPth = s.add(ctx, pkPaths, h.Path, []string{attrViews}, types.ReturnValueNone) })
		wg.Go(func() { errDims = s.addDims(ctx, h, first) })
	}
	totals, errTotals := s.add(ctx, pkTotals, skTotals, add, types.ReturnValueAllNew)
	wg.Wait()
	if err := errors.Join(errTotals, errDaily, errPth, errDims); err != nil {
		return visits.Counts{}, err
	}
	return countsOf(totals)
}

// mark puts the visitor's marker of the day and reports whether this call
// created it.
func (s *VisitStore) mark(ctx context.Context, h visits.Hit) (bool, error) {
	it := key(markerPK(h.Day), h.VisitorID)
	it[attrExpires] = num(s.db.now().Add(markerTTL).Unix())
	_, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           s.db.table(visitsTable),
		Item:                it,
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	switch {
	case err == nil:
		return true, nil
	case isConditionFailed(err):
		return false, nil
	}
	return false, fmt.Errorf("mark visitor of %s: %w", h.Day, err)
}

// add adds one to each counter in names of the item (pk, sk), creating
// it when absent, and answers the attributes rv asks for.
func (s *VisitStore) add(ctx context.Context, pk, sk string, names []string, rv types.ReturnValue) (item, error) {
	expr := "ADD "
	attrNames := make(map[string]string, len(names))
	for i, n := range names {
		if i > 0 {
			expr += ", "
		}
		alias := fmt.Sprintf("#c%d", i)
		expr += alias + " :one"
		attrNames[alias] = n
	}
	out, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(visitsTable),
		Key:                       key(pk, sk),
		UpdateExpression:          aws.String(expr),
		ExpressionAttributeNames:  attrNames,
		ExpressionAttributeValues: item{":one": num(1)},
		ReturnValues:              rv,
	})
	if err != nil {
		return nil, fmt.Errorf("add to %s counters: %w", pk, err)
	}
	return out.Attributes, nil
}

// Counts answers the totals.
func (s *VisitStore) Counts(ctx context.Context) (visits.Counts, error) {
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      s.db.table(visitsTable),
		Key:            key(pkTotals, skTotals),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return visits.Counts{}, fmt.Errorf("read totals: %w", err)
	}
	return countsOf(out.Item)
}

func countsOf(it item) (visits.Counts, error) {
	var c visits.Counts
	var err, e error
	c.Views, e = getN(it, attrViews)
	err = errors.Join(err, e)
	c.Visitors, e = getN(it, attrVisitors)
	err = errors.Join(err, e)
	c.Bots, e = getN(it, attrBots)
	err = errors.Join(err, e)
	if err != nil {
		return visits.Counts{}, fmt.Errorf("read totals: %w", err)
	}
	return c, nil
}

// Salt returns the day's salt, storing fresh as that salt if the day has
// none. Every execution environment asks once a day, and all but the
// first find it: the salt is read first, which then takes one request.
// Without one, fresh is stored unless another caller stored its own in
// between, and whichever won is read back.
func (s *VisitStore) Salt(ctx context.Context, day string, fresh []byte) ([]byte, error) {
	if salt, ok, err := s.readSalt(ctx, day); err != nil || ok {
		return salt, err
	}
	it := key(pkSalt, day)
	it[attrSalt] = &types.AttributeValueMemberB{Value: fresh}
	if t, err := time.Parse(visits.DayLayout, day); err == nil {
		it[attrExpires] = num(t.Add(markerTTL).Unix())
	}
	_, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           s.db.table(visitsTable),
		Item:                it,
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	if err != nil && !isConditionFailed(err) {
		return nil, fmt.Errorf("store salt of %s: %w", day, err)
	}
	salt, ok, err := s.readSalt(ctx, day)
	if err == nil && !ok {
		// Only a Forget racing this call can remove the salt just stored.
		return nil, fmt.Errorf("read salt of %s: the salt is gone", day)
	}
	return salt, err
}

// readSalt returns the salt of day and whether there is one.
func (s *VisitStore) readSalt(ctx context.Context, day string) ([]byte, bool, error) {
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      s.db.table(visitsTable),
		Key:            key(pkSalt, day),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, false, fmt.Errorf("read salt of %s: %w", day, err)
	}
	salt, ok := out.Item[attrSalt].(*types.AttributeValueMemberB)
	if !ok {
		return nil, false, nil
	}
	return salt.Value, true, nil
}

// Forget deletes the salts of the days before before. Their visitor
// markers are left to expire by TTL (expires_at): deleting them from every
// execution environment would cost a write per visitor of the day for
// nothing, since without the salt they stand for nobody.
func (s *VisitStore) Forget(ctx context.Context, before string) error {
	var days []string
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk < :before"),
		ExpressionAttributeValues: item{":pk": str(pkSalt), ":before": str(before)},
		ProjectionExpression:      aws.String("sk"),
	}, func(it item) bool {
		days = append(days, getS(it, attrSK))
		return true
	})
	if err != nil {
		return fmt.Errorf("list old salts: %w", err)
	}
	for _, day := range days {
		if _, err := s.db.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
			TableName: s.db.table(visitsTable),
			Key:       key(pkSalt, day),
		}); err != nil {
			return fmt.Errorf("delete salt of %s: %w", day, err)
		}
	}
	return nil
}

// TopPaths answers the most viewed paths, reading at most maxPathItems
// path counters.
func (s *VisitStore) TopPaths(ctx context.Context, limit int) ([]visits.PathViews, error) {
	var all []visits.PathViews
	var perr error
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkPaths)},
	}, func(it item) bool {
		n, err := getN(it, attrViews)
		if err != nil {
			perr = err
			return false
		}
		all = append(all, visits.PathViews{Path: getS(it, attrSK), Views: n})
		return len(all) < maxPathItems
	})
	if err := errors.Join(err, perr); err != nil {
		return nil, fmt.Errorf("read path views: %w", err)
	}
	slices.SortFunc(all, func(a, b visits.PathViews) int {
		return cmp.Or(cmp.Compare(b.Views, a.Views), cmp.Compare(a.Path, b.Path))
	})
	if limit >= 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// query runs in on the visits table with consistent reads and calls each
// for every item, page after page, until each answers false.
func (s *VisitStore) query(ctx context.Context, in *dynamodb.QueryInput, each func(item) bool) error {
	in.TableName = s.db.table(visitsTable)
	in.ConsistentRead = aws.Bool(true)
	return query(ctx, s.db.client, in, each)
}

// query runs in, page after page, calling each for every item until it
// answers false.
func query(ctx context.Context, c *dynamodb.Client, in *dynamodb.QueryInput, each func(item) bool) error {
	p := dynamodb.NewQueryPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, it := range out.Items {
			if !each(it) {
				return nil
			}
		}
	}
	return nil
}
