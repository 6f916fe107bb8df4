package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// EachDayValue calls fn with every day's value of every dimension, in
// (day, dimension, value) order, never with a scan. The months are those
// of the daily items, which every hit writes beside its dimensions (one
// query for the first day, one for the last), and those PutDayValues
// listed under pk dimsmonths; then one query per month.
func (s *VisitStore) EachDayValue(ctx context.Context, fn func(visits.DayValue) error) error {
	months, err := s.valueMonths(ctx)
	if err != nil {
		return err
	}
	for _, m := range months {
		var ferr error
		err := s.query(ctx, &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String("pk = :pk"),
			ExpressionAttributeValues: item{":pk": str(pkDimsPrefix + m)},
		}, func(it item) bool {
			ferr = eachValue(it, fn)
			return ferr == nil
		})
		if err := errors.Join(err, ferr); err != nil {
			return fmt.Errorf("read daily dimensions of %s: %w", m, err)
		}
	}
	return nil
}

// pkValueMonths lists the months (sk YYYY-MM) an import put daily values in.
const pkValueMonths = "dimsmonths"

// valueMonths answers the months that may hold day items, in order.
func (s *VisitStore) valueMonths(ctx context.Context) ([]string, error) {
	set := map[string]bool{}
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkValueMonths)},
	}, func(it item) bool {
		set[getS(it, attrSK)] = true
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("read months of daily dimensions: %w", err)
	}
	first, ok, err := s.edgeDay(ctx, true)
	if err != nil {
		return nil, err
	}
	if ok {
		last, _, err := s.edgeDay(ctx, false)
		if err != nil {
			return nil, err
		}
		from, err1 := time.Parse(visits.DayLayout, first)
		to, err2 := time.Parse(visits.DayLayout, last)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("read days: %w", err)
		}
		for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
			set[m.Format("2006-01")] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	slices.Sort(out)
	return out, nil
}

// eachValue calls fn with the values of one day item, in value order.
func eachValue(it item, fn func(visits.DayValue) error) error {
	day, _, _ := strings.Cut(getS(it, attrSK), "#")
	one := sums{}
	if err := addDayItem(it, one); err != nil {
		return err
	}
	dim := getS(it, attrDim)
	vals := make([]string, 0, len(one[dim]))
	for v := range one[dim] {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	for _, v := range vals {
		if err := fn(visits.DayValue{Day: day, Dim: dim, ValueCounts: *one[dim][v]}); err != nil {
			return err
		}
	}
	return nil
}

// edgeDay answers the first (or last) day with a daily item.
func (s *VisitStore) edgeDay(ctx context.Context, first bool) (string, bool, error) {
	out, err := s.db.client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 s.db.table(visitsTable),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkDaily)},
		ScanIndexForward:          aws.Bool(first),
		Limit:                     aws.Int32(1),
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return "", false, fmt.Errorf("read days: %w", err)
	}
	if len(out.Items) == 0 {
		return "", false, nil
	}
	return getS(out.Items[0], attrSK), true, nil
}

// PutDayValues sets the counters of each day value given: each day item
// they touch is read, changed and put back whole, with n recounted; their
// months are listed for EachDayValue, and unmarked as packed, so that they
// are packed again (by the next scheduled run or report).
func (s *VisitStore) PutDayValues(ctx context.Context, vals []visits.DayValue) error {
	byItem := map[string][]visits.DayValue{}
	var order []string
	months := map[string]bool{}
	for _, v := range vals {
		if len(v.Day) != len(visits.DayLayout) {
			return fmt.Errorf("put daily dimensions: day %q is not a day", v.Day)
		}
		k := v.Day + "#" + v.Dim
		if byItem[k] == nil {
			order = append(order, k)
		}
		byItem[k] = append(byItem[k], v)
		months[v.Day[:7]] = true
	}
	for _, k := range order {
		if err := s.putDayItem(ctx, byItem[k]); err != nil {
			return err
		}
	}
	for m := range months {
		if _, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: s.db.table(visitsTable), Item: key(pkValueMonths, m),
		}); err != nil {
			return fmt.Errorf("list month %s: %w", m, err)
		}
		if _, err := s.db.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
			TableName: s.db.table(visitsTable), Key: key(pkDimsMonth, m+"#"),
		}); err != nil {
			return fmt.Errorf("unmark %s packed: %w", m, err)
		}
		s.packed.remove(m)
	}
	return nil
}

// putDayItem sets vals, all of one day and dimension, in their item.
func (s *VisitStore) putDayItem(ctx context.Context, vals []visits.DayValue) error {
	v0 := vals[0]
	k := key(dimsPK(v0.Day), v0.Day+"#"+v0.Dim)
	out, err := s.db.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: s.db.table(visitsTable), Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("read %s of %s: %w", v0.Dim, v0.Day, err)
	}
	it := out.Item
	if it == nil {
		it = k
	}
	it[attrDim] = str(v0.Dim)
	for _, v := range vals {
		it[viewsPrefix+v.Value] = num(v.Views)
		it[visitPrefix+v.Value] = num(v.Visitors)
	}
	n := int64(0)
	for name := range it {
		if v, ok := strings.CutPrefix(name, viewsPrefix); ok && v != visits.Other {
			n++
		}
	}
	it[attrDistinct] = num(n)
	if _, err := s.db.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: s.db.table(visitsTable), Item: it}); err != nil {
		return fmt.Errorf("put %s of %s: %w", v0.Dim, v0.Day, err)
	}
	return nil
}
