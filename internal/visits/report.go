package visits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// The dimensions a hit is counted by, besides its day. Each is stored per
// UTC day as (day, dimension, value) with views and visitors.
const (
	DimPath     = "path"
	DimReferrer = "referrer"
	DimSource   = "utm_source"
	DimMedium   = "utm_medium"
	DimCampaign = "utm_campaign"
	DimBrowser  = "browser"
	DimOS       = "os"
	DimDevice   = "device"
	DimScreen   = "screen"
	DimCountry  = "country"
)

// Dimensions lists every dimension in the order the dashboard shows them.
var Dimensions = []string{DimPath, DimReferrer, DimSource, DimMedium, DimCampaign, DimBrowser, DimOS, DimDevice, DimScreen, DimCountry}

// Other is the value that stands for every value past a dimension's daily
// bound, and for paths the site does not have.
const Other = "(other)"

// DefaultMaxValues is how many distinct values a dimension keeps per day
// before the rest are counted as Other.
const DefaultMaxValues = 500

// Dim is one dimension's value on a hit. Values are normalised and
// bounded by the Counter before a store sees them.
type Dim struct {
	Name  string
	Value string
}

// ValueCounts are the counters of one value of a dimension over a range.
// Visitors are those whose first view of the day carried the value (for
// paths: the page they entered on), summed over the days.
type ValueCounts struct {
	Value    string `json:"value"`
	Views    int64  `json:"views"`
	Visitors int64  `json:"visitors"`
}

// Query asks for the report of the UTC days From to To, both included
// (DayLayout). Limit bounds each dimension's list; Dimension, when set,
// asks for that dimension alone.
type Query struct {
	From, To  string
	Dimension string
	Limit     int
}

// Report is what the owner sees of a range of days.
type Report struct {
	From   string                   `json:"from"`
	To     string                   `json:"to"`
	Totals Counts                   `json:"totals"` // visitors summed over days
	Days   []DayCounts              `json:"days"`   // every day of the range, zeros included, oldest first
	Dims   map[string][]ValueCounts `json:"dimensions"`
}

// Reporter reads the daily aggregates. Both stores implement it beside
// Store.
type Reporter interface {
	// Report answers q: the day series of the range, and each dimension's
	// values most viewed first (views, then value), at most q.Limit each;
	// with q.Dimension, that dimension's alone.
	Report(ctx context.Context, q Query) (Report, error)
}

// Bounds of a Query.
const (
	// MaxRangeDays bounds the days one report covers.
	MaxRangeDays = 3 * 366
	// DefaultLimit is how many values of each dimension a report lists
	// when the query does not say.
	DefaultLimit = 10
	// MaxLimit bounds the values of one dimension a report lists.
	MaxLimit = 1000
)

// Check answers the problems of q, with its Limit defaulted.
func (q Query) Check() (Query, error) {
	bad := problem.Fields{}
	from, errFrom := time.Parse(DayLayout, q.From)
	if errFrom != nil {
		bad["from"] = "must be a day, YYYY-MM-DD"
	}
	to, errTo := time.Parse(DayLayout, q.To)
	if errTo != nil {
		bad["to"] = "must be a day, YYYY-MM-DD"
	}
	if errFrom == nil && errTo == nil {
		switch {
		case to.Before(from):
			bad["to"] = "must not be before from"
		case to.Sub(from) >= MaxRangeDays*24*time.Hour:
			bad["to"] = fmt.Sprintf("must be within %d days of from", MaxRangeDays)
		}
	}
	if q.Dimension != "" && !slices.Contains(Dimensions, q.Dimension) {
		bad["dimension"] = "must be one of " + strings.Join(Dimensions, ", ")
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		bad["limit"] = fmt.Sprintf("must be between 1 and %d", MaxLimit)
	}
	if len(bad) > 0 {
		return q, bad
	}
	return q, nil
}

// Series answers every day from from to to, both UTC midnights, with its
// counters in got (by DayLayout day; zero when absent), and their sums.
func Series(from, to time.Time, got map[string]Counts) ([]DayCounts, Counts) {
	var out []DayCounts
	var total Counts
	for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
		d := t.Format(DayLayout)
		c := got[d]
		out = append(out, DayCounts{Day: d, Counts: c})
		total.Visitors += c.Visitors
		total.Views += c.Views
		total.Bots += c.Bots
	}
	return out, total
}
