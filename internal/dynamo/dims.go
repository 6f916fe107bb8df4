package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// Items of the dimensions, in the visits table:
//
//	pk               sk               attributes
//	dims#<YYYY-MM>   <day>#<dim>      dim, n, v#<value>, u#<value>   one day's values of a dimension
//	dimsmonth        <YYYY-MM>#<dim>  vals                            a closed month, packed (pack.go)
//	dimsmonths       <YYYY-MM>                                        a month an import put values in
//
// v# counts views and u# visitors; n counts the distinct values other than
// Other, which the conditions keep within the store's bound. A day item
// holds at most maxValues values of at most visits.MaxStoredValue bytes each, so it stays
// well under DynamoDB's 400 KB.
const (
	pkDimsPrefix = "dims#"
	attrDim      = "dim"
	attrDistinct = "n"
	viewsPrefix  = "v#"
	visitPrefix  = "u#"
)

// VisitOptions change how a VisitStore counts.
type VisitOptions struct {
	// MaxValues bounds the distinct values of a dimension a day; 0 means
	// visits.DefaultMaxValues.
	MaxValues int
}

func dimsPK(day string) string { return pkDimsPrefix + day[:7] }

// hitDims answers the dimensions of h to count: known names, once each.
func hitDims(h visits.Hit) []visits.Dim {
	if len(h.Day) != len(visits.DayLayout) {
		return nil
	}
	out := make([]visits.Dim, 0, len(h.Dims))
	for _, d := range h.Dims {
		if !slices.Contains(visits.Dimensions, d.Name) || slices.ContainsFunc(out, func(o visits.Dim) bool { return o.Name == d.Name }) {
			continue
		}
		if len(d.Value) > visits.MaxStoredValue {
			d.Value = visits.Other
		}
		out = append(out, d)
	}
	return out
}

// addDims adds the hit's view (and visitor when first) to each of its
// dimensions' day items, in parallel.
func (s *VisitStore) addDims(ctx context.Context, h visits.Hit, first bool) error {
	dims := hitDims(h)
	errs := make([]error, len(dims))
	var wg sync.WaitGroup
	for i, d := range dims {
		wg.Go(func() { errs[i] = s.addDim(ctx, h.Day, d, first) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// addDim counts one value exactly, without reading: a value the item has
// is added to under that condition (the common case, one write); a new one
// is added with n under the condition that there is room; when both fail
// (another writer added it, or the day is full) the first is tried once
// more, and past that the hit counts as Other.
func (s *VisitStore) addDim(ctx context.Context, day string, d visits.Dim, first bool) error {
	if d.Value != visits.Other {
		ok, err := s.updateDim(ctx, day, d, first, "ADD #v :one, #u :u", "attribute_exists(#v)")
		if ok || err != nil {
			return err
		}
		ok, err = s.updateDim(ctx, day, d, first, "ADD #v :one, #u :u, #n :one",
			"attribute_not_exists(#v) AND (attribute_not_exists(#n) OR #n < :max)")
		if ok || err != nil {
			return err
		}
		ok, err = s.updateDim(ctx, day, d, first, "ADD #v :one, #u :u", "attribute_exists(#v)")
		if ok || err != nil {
			return err
		}
		d.Value = visits.Other
	}
	_, err := s.updateDim(ctx, day, d, first, "ADD #v :one, #u :u", "")
	return err
}

// updateDim runs one update of the day item of d.Name; it reports false
// when cond failed.
func (s *VisitStore) updateDim(ctx context.Context, day string, d visits.Dim, first bool, expr, cond string) (bool, error) {
	u := int64(0)
	if first {
		u = 1
	}
	names := map[string]string{"#v": viewsPrefix + d.Value, "#u": visitPrefix + d.Value, "#d": attrDim}
	values := item{":one": num(1), ":u": num(u), ":dim": str(d.Name)}
	if strings.Contains(expr, "#n") || strings.Contains(cond, "#n") {
		names["#n"] = attrDistinct
	}
	if strings.Contains(cond, ":max") {
		values[":max"] = num(int64(s.maxValues))
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(visitsTable),
		Key:                       key(dimsPK(day), day+"#"+d.Name),
		UpdateExpression:          aws.String("SET #d = :dim " + expr),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}
	if cond != "" {
		in.ConditionExpression = aws.String(cond)
	}
	_, err := s.db.client.UpdateItem(ctx, in)
	switch {
	case err == nil:
		return true, nil
	case isConditionFailed(err):
		return false, nil
	}
	return false, fmt.Errorf("add to %s of %s: %w", d.Name, day, err)
}
