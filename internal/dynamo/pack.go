package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// A closed month, one whose every day is before yesterday, takes no more
// hits: its salts are gone. The scheduled run (PackClosed), or else the
// first report that covers it whole, packs its day items into one item per
// dimension (pk dimsmonth, sk <YYYY-MM>#<dim>) and a marker (sk
// <YYYY-MM>#) written last, and reports after read those: a year is then
// one query of packed months and one or two of the edge months' day items.
const (
	pkDimsMonth = "dimsmonth"
	attrVals    = "vals"
	// maxPacked bounds the values a packed month keeps per dimension, most
	// viewed first; the rest are summed into Other. At
	// visits.MaxStoredValue bytes a value, the item stays under 300 KB.
	maxPacked = 1000
)

// packedValue is one value of a packed month, in its vals JSON.
type packedValue struct {
	V string `json:"v"`
	N int64  `json:"n"` // views
	U int64  `json:"u"` // visitors
}

// packBack is how many closed months PackClosed looks back over: a
// year's report, and the month before it.
const packBack = 13

// packedMonths remembers the months known packed, so that a warm function
// asks for each marker once. A marker is never removed.
type packedMonths struct {
	mu     sync.Mutex
	months map[string]bool
}

func (p *packedMonths) has(month string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.months[month]
}

func (p *packedMonths) add(month string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.months == nil {
		p.months = map[string]bool{}
	}
	if len(p.months) >= 4*packBack {
		clear(p.months) // bounded: a report of old months may add any month
	}
	p.months[month] = true
}

func (p *packedMonths) remove(month string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.months, month)
}

// PackClosed packs the closed months of the last packBack that are not yet
// packed, oldest first, so that no report has to: it is the periodic
// work of a deployment. It returns the months it packed; when ctx ends
// between months, it returns those packed so far and ctx's error, and the
// next run goes on from there.
func (s *VisitStore) PackClosed(ctx context.Context) ([]string, error) {
	yesterday := s.db.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	current := time.Date(yesterday.Year(), yesterday.Month(), 1, 0, 0, 0, 0, time.UTC)
	var done []string
	for i := packBack; i >= 1; i-- {
		m := current.AddDate(0, -i, 0) // closed: the month after it began by yesterday
		month := m.Format("2006-01")
		if s.packed.has(month) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return done, err
		}
		ok, err := s.isPacked(ctx, month)
		if err != nil {
			return done, err
		}
		if !ok {
			if err := s.pack(ctx, m, sums{}); err != nil {
				return done, err
			}
			done = append(done, month)
		}
		s.packed.add(month)
	}
	return done, nil
}

// isPacked reports whether month has its packed marker.
func (s *VisitStore) isPacked(ctx context.Context, month string) (bool, error) {
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: s.db.table(visitsTable), Key: key(pkDimsMonth, month+"#"),
		ProjectionExpression: aws.String("pk"), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return false, fmt.Errorf("read packed marker of %s: %w", month, err)
	}
	return out.Item != nil, nil
}

// pack sums the day items of the closed month m, writes its packed items
// and marker, and adds the sums to into. Two reports packing the same
// month write the same items.
func (s *VisitStore) pack(ctx context.Context, m time.Time, into sums) error {
	month := m.Format("2006-01")
	all := sums{}
	if err := s.readDays(ctx, m, month+"-00", month+"-99", "", all); err != nil {
		return err
	}
	for dim := range all {
		vals := all.top(dim, len(all[dim]))
		out := make([]packedValue, 0, min(len(vals), maxPacked+1))
		var other packedValue
		for i, v := range vals {
			if i < maxPacked && v.Value != visits.Other {
				out = append(out, packedValue{V: v.Value, N: v.Views, U: v.Visitors})
				continue
			}
			other.N += v.Views
			other.U += v.Visitors
		}
		if other.N > 0 || other.U > 0 {
			out = append(out, packedValue{V: visits.Other, N: other.N, U: other.U})
		}
		for _, v := range out {
			into.add(dim, v.V, v.N, v.U)
		}
		body, err := json.Marshal(out)
		if err != nil {
			return fmt.Errorf("pack %s of %s: %w", dim, month, err)
		}
		it := key(pkDimsMonth, month+"#"+dim)
		it[attrVals] = str(string(body))
		if _, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: s.db.table(visitsTable), Item: it}); err != nil {
			return fmt.Errorf("pack %s of %s: %w", dim, month, err)
		}
	}
	if _, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: s.db.table(visitsTable), Item: key(pkDimsMonth, month+"#")}); err != nil {
		return fmt.Errorf("mark %s packed: %w", month, err)
	}
	return nil
}
