package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/sqlite"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func TestAdminStatsRange(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	now := time.Now().UTC()
	today := now.Format(visits.DayLayout)
	cfg.Now = func() time.Time { return now }
	vs, err := sqlite.NewVisitStore(ctx, testDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vs.Close() })
	// Hits with their dimensions, as the counter makes them.
	for i, path := range []string{"/", "/", "/movies"} {
		h := visits.Hit{Path: path, VisitorID: fmt.Sprint("v", i), Day: today, Dims: []visits.Dim{{Name: visits.DimPath, Value: path}, {Name: visits.DimBrowser, Value: "Firefox"}}}
		if _, err := vs.Record(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Visits = visits.NewCounter(vs)
	h := NewServer(cfg)
	auth := []string{"Authorization", "Bearer s3cret-admin-token"}

	var st StatsResponse
	decode(t, do(t, h, "GET", "/api/admin/stats", "", auth...), &st)
	from, to := LastDays(now, DefaultStatsDays)
	if st.Report.From != from || st.Report.To != to || len(st.Report.Days) != DefaultStatsDays {
		t.Fatalf("default range %s..%s with %d days, want %s..%s", st.Report.From, st.Report.To, len(st.Report.Days), from, to)
	}
	if last := st.Report.Days[len(st.Report.Days)-1]; last.Day != to || last.Views != 3 || last.Visitors != 3 {
		t.Fatalf("today = %+v", last)
	}
	if st.Report.Totals.Views != 3 || st.Visits.Views != 3 || len(st.Report.Dims[visits.DimBrowser]) != 1 {
		t.Fatalf("totals: report %+v, all time %+v", st.Report, st.Visits)
	}

	st = StatsResponse{}
	decode(t, do(t, h, "GET", "/api/admin/stats?from="+today+"&to="+today+"&dimension=path&limit=1", "", auth...), &st)
	if len(st.Report.Days) != 1 || len(st.Report.Dims["path"]) != 1 || st.Report.Dims["path"][0] != (visits.ValueCounts{Value: "/", Views: 2, Visitors: 2}) {
		t.Fatalf("one day, paths only, the first: %+v", st.Report)
	}
	if len(st.Report.Dims[visits.DimBrowser]) != 0 {
		t.Fatalf("dimension=path lists browsers: %+v", st.Report.Dims)
	}

	for q, field := range map[string]string{
		"from=yesterday&to=" + today:        "from",
		"from=" + today:                     "to",
		"from=2026-02-01&to=2026-01-01":     "to",
		"from=2020-01-01&to=2026-01-01":     "to",
		"dimension=ip":                      "dimension",
		"limit=0":                           "limit",
		"limit=1001":                        "limit",
		"limit=" + strings.Repeat("9", 40):  "limit",
		"from=" + strings.Repeat("2", 5000): "from",
	} {
		rec := do(t, h, "GET", "/api/admin/stats?"+q, "", auth...)
		var e struct {
			Problems map[string]string `json:"problems"`
		}
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%.60s: %d, want 400", q, rec.Code)
			continue
		}
		decode(t, rec, &e)
		if e.Problems[field] == "" {
			t.Errorf("%.60s: problems %v, want one of %s", q, e.Problems, field)
		}
	}
	if rec := do(t, h, "GET", "/api/admin/stats?from="+today+"&to="+today, ""); rec.Code != http.StatusUnauthorized {
		t.Fatalf("without the token: %d", rec.Code)
	}
}

func TestBadge(t *testing.T) {
	cfg := testConfig(t)
	if rec := do(t, NewServer(cfg), "GET", "/api/badge.svg", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("badge off: %d, want 404", rec.Code)
	}
	cfg.Badge = true
	h := NewServer(cfg)
	do(t, h, "POST", "/api/visits", `{"path":"/"}`)
	do(t, h, "POST", "/api/visits", `{"path":"/movies"}`)
	for metric, want := range map[string]string{"": "visitors: 1", "visitors": "visitors: 1", "views": "views: 2"} {
		rec := do(t, h, "GET", "/api/badge.svg?metric="+metric, "")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("%s: %d %q", metric, rec.Code, rec.Header().Get("Content-Type"))
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=60" {
			t.Errorf("%s: Cache-Control %q", metric, cc)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: security headers %v", metric, rec.Header())
		}
		if !strings.Contains(rec.Body.String(), `aria-label="`+want+`"`) {
			t.Errorf("%s: %s, want %q", metric, rec.Body, want)
		}
	}
	if rec := do(t, h, "GET", "/api/badge.svg?metric=bots", ""); rec.Code != http.StatusBadRequest {
		t.Fatalf("bad metric: %d", rec.Code)
	}
}

func TestAdminRetryAndUndelivered(t *testing.T) {
	ctx := context.Background()
	e := newContactEnv(t)
	at := e.clock.Now()
	for id, d := range map[string]contact.Delivery{
		"failed": {State: contact.Failed, Attempts: 10, LastError: "550 mailbox unavailable"},
		"old":    {State: contact.Pending, NextAttempt: at},
		"sent":   {State: contact.Sent, Attempts: 1, SentAt: at},
	} {
		created := at
		if id == "old" {
			created = at.Add(-2 * contact.LongPending)
		}
		if err := e.store.Save(ctx, contact.Message{ID: id, Name: "Ada", Email: "ada@example.com", Body: "Hi", CreatedAt: created, Delivery: d}); err != nil {
			t.Fatal(err)
		}
	}
	auth := []string{"Authorization", "Bearer s3cret-admin-token"}
	var st StatsResponse
	decode(t, do(t, e.h, "GET", "/api/admin/stats", "", auth...), &st)
	if st.Undelivered == nil || len(st.Undelivered.Failed) != 1 || st.Undelivered.Failed[0].ID != "failed" ||
		len(st.Undelivered.LongPending) != 1 || st.Undelivered.LongPending[0].ID != "old" {
		t.Fatalf("undelivered = %+v", st.Undelivered)
	}

	if rec := do(t, e.h, "POST", "/api/admin/messages/failed/retry", ""); rec.Code != http.StatusUnauthorized {
		t.Fatalf("retry without the token: %d", rec.Code)
	}
	if rec := do(t, e.h, "POST", "/api/admin/messages/failed/retry", "", auth...); rec.Code != http.StatusNoContent {
		t.Fatalf("retry: %d %s", rec.Code, rec.Body)
	}
	m, err := e.store.Get(ctx, "failed")
	if err != nil || m.Delivery.State != contact.Pending {
		t.Fatalf("after retry: %+v, %v", m.Delivery, err)
	}
	for id, want := range map[string]int{"sent": http.StatusConflict, "nope": http.StatusNotFound} {
		if rec := do(t, e.h, "POST", "/api/admin/messages/"+id+"/retry", "", auth...); rec.Code != want {
			t.Errorf("retry %s: %d, want %d", id, rec.Code, want)
		}
	}
}
