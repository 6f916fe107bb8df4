package dynamo

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/visits"
)

// sums are the counters per dimension and value.
type sums map[string]map[string]*visits.ValueCounts

func (m sums) add(dim, value string, views, visitors int64) {
	if m[dim] == nil {
		m[dim] = map[string]*visits.ValueCounts{}
	}
	v := m[dim][value]
	if v == nil {
		v = &visits.ValueCounts{Value: value}
		m[dim][value] = v
	}
	v.Views += views
	v.Visitors += visitors
}

// top answers the values of dim most viewed first, then by value, at most limit.
func (m sums) top(dim string, limit int) []visits.ValueCounts {
	out := make([]visits.ValueCounts, 0, len(m[dim]))
	for _, v := range m[dim] {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b visits.ValueCounts) int {
		return cmp.Or(cmp.Compare(b.Views, a.Views), strings.Compare(a.Value, b.Value))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Report answers the daily aggregates of q: the day series from the daily
// items, whole closed months from their packed items (packing them the
// first time), and the other days from their day items.
func (s *VisitStore) Report(ctx context.Context, q visits.Query) (visits.Report, error) {
	q, err := q.Check()
	if err != nil {
		return visits.Report{}, err
	}
	from, _ := time.Parse(visits.DayLayout, q.From)
	to, _ := time.Parse(visits.DayLayout, q.To)
	r := visits.Report{From: q.From, To: q.To, Dims: map[string][]visits.ValueCounts{}}
	if r.Days, r.Totals, err = s.daySeries(ctx, q.From, q.To); err != nil {
		return visits.Report{}, err
	}
	yesterday := s.db.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	var closed []time.Time // whole months of the range that are closed, in order
	all := sums{}
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		next := m.AddDate(0, 1, 0)
		if !m.Before(from) && next.AddDate(0, 0, -1).Before(to.AddDate(0, 0, 1)) && !next.After(yesterday) {
			closed = append(closed, m)
			continue
		}
		lo, hi := maxTime(m, from), minTime(next.AddDate(0, 0, -1), to)
		if err := s.readDays(ctx, m, day(lo), day(hi), q.Dimension, all); err != nil {
			return visits.Report{}, err
		}
	}
	if err := s.readPacked(ctx, closed, all); err != nil {
		return visits.Report{}, err
	}
	for _, d := range visits.Dimensions {
		if q.Dimension == "" || q.Dimension == d {
			r.Dims[d] = all.top(d, q.Limit)
		}
	}
	return r, nil
}

func day(t time.Time) string { return t.Format(visits.DayLayout) }

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// daySeries answers every day from..to with its counts, and their sums.
func (s *VisitStore) daySeries(ctx context.Context, from, to string) ([]visits.DayCounts, visits.Counts, error) {
	got := map[string]visits.Counts{}
	var perr error
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :from AND :to"),
		ExpressionAttributeValues: item{":pk": str(pkDaily), ":from": str(from), ":to": str(to)},
	}, func(it item) bool {
		c, err := countsOf(it)
		if err != nil {
			perr = err
			return false
		}
		got[getS(it, attrSK)] = c
		return true
	})
	if err := errors.Join(err, perr); err != nil {
		return nil, visits.Counts{}, fmt.Errorf("read days: %w", err)
	}
	start, _ := time.Parse(visits.DayLayout, from)
	end, _ := time.Parse(visits.DayLayout, to)
	out, total := visits.Series(start, end, got)
	return out, total, nil
}

// readDays adds the day items of month m from lo to hi (days), of dim
// alone when set, to into.
func (s *VisitStore) readDays(ctx context.Context, m time.Time, lo, hi, dim string, into sums) error {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :lo AND :hi"),
		ExpressionAttributeValues: item{":pk": str(pkDimsPrefix + m.Format("2006-01")), ":lo": str(lo + "#"), ":hi": str(hi + "#~")},
	}
	if dim != "" {
		in.FilterExpression = aws.String("#d = :d")
		in.ExpressionAttributeNames = map[string]string{"#d": attrDim}
		in.ExpressionAttributeValues[":d"] = str(dim)
	}
	var perr error
	err := s.query(ctx, in, func(it item) bool {
		perr = addDayItem(it, into)
		return perr == nil
	})
	if err := errors.Join(err, perr); err != nil {
		return fmt.Errorf("read dimensions of %s: %w", m.Format("2006-01"), err)
	}
	return nil
}

// addDayItem adds the values of one day item to into.
func addDayItem(it item, into sums) error {
	dim := getS(it, attrDim)
	for name := range it {
		v, ok := strings.CutPrefix(name, viewsPrefix)
		if !ok {
			continue
		}
		views, err := getN(it, name)
		if err != nil {
			return err
		}
		visitors, err := getN(it, visitPrefix+v)
		if err != nil {
			return err
		}
		into.add(dim, v, views, visitors)
	}
	return nil
}

// readPacked adds the packed items of the closed months to into, packing
// those that are not yet.
func (s *VisitStore) readPacked(ctx context.Context, months []time.Time, into sums) error {
	if len(months) == 0 {
		return nil
	}
	packed := map[string]bool{}
	got := sums{}
	var perr error
	err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("pk = :pk AND sk BETWEEN :lo AND :hi"),
		ExpressionAttributeValues: item{":pk": str(pkDimsMonth),
			":lo": str(months[0].Format("2006-01") + "#"), ":hi": str(months[len(months)-1].Format("2006-01") + "#~")},
	}, func(it item) bool {
		month, dim, _ := strings.Cut(getS(it, attrSK), "#")
		if dim == "" {
			packed[month] = true
			return true
		}
		var vals []packedValue
		if err := json.Unmarshal([]byte(getS(it, attrVals)), &vals); err != nil {
			perr = fmt.Errorf("packed %s of %s: %w", dim, month, err)
			return false
		}
		for _, v := range vals {
			got.add(month+"#"+dim, v.V, v.N, v.U)
		}
		return true
	})
	if err := errors.Join(err, perr); err != nil {
		return fmt.Errorf("read packed months: %w", err)
	}
	for _, m := range months {
		month := m.Format("2006-01")
		if !packed[month] {
			if err := s.pack(ctx, m, into); err != nil {
				return err
			}
			s.packed.add(month)
			continue
		}
		for key, vals := range got {
			mon, dim, _ := strings.Cut(key, "#")
			if mon != month {
				continue
			}
			for _, v := range vals {
				into.add(dim, v.Value, v.Views, v.Visitors)
			}
		}
	}
	return nil
}
