package resume

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a partial date as JSON Resume writes it: "2020", "2020-03" or
// "2020-03-14". The empty Date means "not given" (an end date left out is
// the present). It is kept as written so the original document round-trips.
type Date string

// Precision of a Date.
const (
	precisionNone = iota
	precisionYear
	precisionMonth
	precisionDay
)

// ParseDate checks s and returns it as a Date.
func ParseDate(s string) (Date, error) {
	d := Date(s)
	if _, _, _, _, ok := d.parts(); !ok {
		return "", fmt.Errorf("%q is not a date", s)
	}
	return d, nil
}

// IsZero reports whether d is not given.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether d is empty or a real partial date: a four-digit
// year, a month 01-12 and a day that exists in that month.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, _, _, _, ok := d.parts()
	return ok
}

// parts splits d into year, month, day and how many of them are given.
func (d Date) parts() (year, month, day, precision int, ok bool) {
	s := string(d)
	num := func(from, to int) (int, bool) {
		for i := from; i < to; i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(s[from:to])
		return n, err == nil
	}
	switch {
	case len(s) == 4:
		precision = precisionYear
	case len(s) == 7 && s[4] == '-':
		precision = precisionMonth
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		precision = precisionDay
	default:
		return 0, 0, 0, 0, false
	}
	if year, ok = num(0, 4); !ok || year < 1 {
		return 0, 0, 0, 0, false
	}
	if precision >= precisionMonth {
		if month, ok = num(5, 7); !ok || month < 1 || month > 12 {
			return 0, 0, 0, 0, false
		}
	}
	if precision == precisionDay {
		last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if day, ok = num(8, 10); !ok || day < 1 || day > last {
			return 0, 0, 0, 0, false
		}
	}
	return year, month, day, precision, true
}

// Before reports whether d lies before e at the precision both share, so
// "2020" is not before "2020-05" but "2019-12" is before "2020".
// Invalid or empty dates are never before anything.
func (d Date) Before(e Date) bool {
	y1, m1, d1, p1, ok1 := d.parts()
	y2, m2, d2, p2, ok2 := e.parts()
	if !ok1 || !ok2 {
		return false
	}
	a, b := [3]int{y1, m1, d1}, [3]int{y2, m2, d2}
	for i := 0; i < min(p1, p2); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Format renders d for people: "2020", "Mar 2020" or "Mar 14, 2020".
// An invalid date is returned as written.
func (d Date) Format() string {
	y, m, day, p, ok := d.parts()
	if !ok {
		return string(d)
	}
	switch p {
	case precisionYear:
		return strconv.Itoa(y)
	case precisionMonth:
		return time.Month(m).String()[:3] + " " + strconv.Itoa(y)
	default:
		return fmt.Sprintf("%s %d, %d", time.Month(m).String()[:3], day, y)
	}
}

// String returns d as written.
func (d Date) String() string { return string(d) }

// Short renders d for a resume: "2020" or "Mar 2020". The day is left
// out, as resumes do; Format keeps it. An invalid date is returned as
// written.
func (d Date) Short() string {
	y, m, _, p, ok := d.parts()
	switch {
	case !ok:
		return string(d)
	case p == precisionYear:
		return strconv.Itoa(y)
	default:
		return time.Month(m).String()[:3] + " " + strconv.Itoa(y)
	}
}

// Present is how an ongoing period ends.
const Present = "Present"

// Period is the time an entry of a resume covers, as renderers show it.
// Start and End stay as written, for machines (an HTML <time datetime>
// takes "2021", "2021-04" and "2021-04-12" alike).
type Period struct {
	Start, End Date
	StartText  string // "Apr 2021"; "" when there is no start
	EndText    string // "Mar 2023", or Present when it goes on; "" when there is no end and no start
	Text       string // "Apr 2021 – Present", "2016 – 2018", or "Nov 2023" for one date
}

// Single reports whether the period is one date (an award's, or a job
// that started and ended in the same month), shown once.
func (p Period) Single() bool { return p.Start != "" && p.StartText == p.EndText }

// Ongoing reports whether the period started and has no end.
func (p Period) Ongoing() bool { return p.Start != "" && p.End == "" }

// IsZero reports whether the period has no date at all.
func (p Period) IsZero() bool { return p.Start == "" && p.End == "" }

// NewPeriod returns the period from start to end: an empty end after a
// start is the present.
func NewPeriod(start, end Date) Period {
	p := Period{Start: start, End: end, StartText: start.Short(), EndText: end.Short()}
	switch {
	case start == "" && end == "":
	case start == "":
		p.Text = p.EndText
	case end == "":
		p.EndText = Present
		p.Text = p.StartText + " – " + Present
	case p.StartText == p.EndText:
		p.Text = p.StartText
	default:
		p.Text = p.StartText + " – " + p.EndText
	}
	return p
}

// OnDate returns the period of a single date, such as an award's.
func OnDate(d Date) Period {
	if d == "" {
		return Period{}
	}
	s := d.Short()
	return Period{Start: d, End: d, StartText: s, EndText: s, Text: s}
}
