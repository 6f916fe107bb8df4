package dynamo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/storetest"
	"github.com/cloudresume/cloudresume/internal/visits"
)

func TestVisitStore(t *testing.T) {
	storetest.Visits(t, func(t *testing.T) visits.Store { return NewVisitStore(newDB(t)) })
}

func TestVisitReport(t *testing.T) {
	storetest.Report(t, func(t *testing.T, maxValues int) visits.Store {
		return NewVisitStoreWith(newDB(t), VisitOptions{MaxValues: maxValues})
	})
}

// getItem reads one item of the visits table, nil when absent.
func getItem(t *testing.T, db *DB, pk, sk string) item {
	t.Helper()
	return rawItem(t, db, visitsTable, pk, sk)
}

// rawItem reads one item of a table, nil when absent.
func rawItem(t *testing.T, db *DB, table, pk, sk string) item {
	t.Helper()
	out, err := db.client.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName: db.table(table), Key: key(pk, sk), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// partition answers the sort keys of partition pk of the visits table.
func partition(t *testing.T, db *DB, pk string) []string {
	t.Helper()
	var sks []string
	err := NewVisitStore(db).query(context.Background(), &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pk)},
	}, func(it item) bool { sks = append(sks, getS(it, attrSK)); return true })
	if err != nil {
		t.Fatal(err)
	}
	return sks
}

func counter(t *testing.T, it item, name string) int64 {
	t.Helper()
	n, err := getN(it, name)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Every Record answers the totals of one atomic update: under 32 writers
// the views they answer are exactly 1..N, each once, and the day and path
// counters agree with the totals.
func TestRecordExactFrom32Goroutines(t *testing.T) {
	db := newDB(t)
	s := NewVisitStore(db)
	ctx := context.Background()
	const workers, each, people = 32, 12, 5
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[int64]int{}
		bots int64
	)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				n := w*each + i
				h := visits.Hit{Path: "/p" + strconv.Itoa(n%3), VisitorID: fmt.Sprint("v", n%people), Day: "2026-04-01"}
				if n%8 == 0 {
					h.Bot = true
				}
				c, err := s.Record(ctx, h)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if h.Bot {
					bots++
				} else {
					seen[c.Views]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	views := int64(workers*each) - bots
	for v := int64(1); v <= views; v++ {
		if seen[v] != 1 {
			t.Fatalf("views %d was answered %d times; answers must be 1..%d once each", v, seen[v], views)
		}
	}
	want := visits.Counts{Visitors: people, Views: views, Bots: bots}
	if got, err := s.Counts(ctx); err != nil || got != want {
		t.Fatalf("Counts = %+v, %v; want %+v", got, err, want)
	}
	day := getItem(t, db, pkDaily, "2026-04-01")
	if counter(t, day, attrViews) != views || counter(t, day, attrVisitors) != people || counter(t, day, attrBots) != bots {
		t.Fatalf("daily item = %v, want %+v", day, want)
	}
	var pathSum int64
	for _, p := range []string{"/p0", "/p1", "/p2"} {
		pathSum += counter(t, getItem(t, db, pkPaths, p), attrViews)
	}
	if pathSum != views {
		t.Fatalf("path counters add up to %d, want %d", pathSum, views)
	}
	if got := partition(t, db, markerPK("2026-04-01")); len(got) != people {
		t.Fatalf("%d markers, want %d", len(got), people)
	}
}

// The marker put is conditional: only the first hit of a visitor on a day
// creates it, and it carries an expiry three days on.
func TestMarkerIsConditional(t *testing.T) {
	db := newDB(t)
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return now }
	s := NewVisitStore(db)
	ctx := context.Background()
	h := visits.Hit{Path: "/", VisitorID: "abc", Day: "2026-06-01"}
	for i, want := range []bool{true, false, false} {
		first, err := s.mark(ctx, h)
		if err != nil || first != want {
			t.Fatalf("mark #%d = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if first, _ := s.mark(ctx, visits.Hit{Path: "/", VisitorID: "abc", Day: "2026-06-02"}); !first {
		t.Fatal("the same visitor on another day must be new")
	}
	m := getItem(t, db, markerPK("2026-06-01"), "abc")
	if exp := counter(t, m, attrExpires); exp != now.Add(72*time.Hour).Unix() {
		t.Fatalf("expires_at = %d, want %d", exp, now.Add(72*time.Hour).Unix())
	}
	if getItem(t, db, pkSalt, "2026-06-01") != nil {
		t.Fatal("a marker must not write a salt")
	}
}

// Forget deletes the old salts and keeps the days that are not old yet.
// The old days' markers are left to their TTL, which each carries.
func TestForgetDeletesOldSalts(t *testing.T) {
	db := newDB(t)
	s := NewVisitStore(db)
	ctx := context.Background()
	days := []string{"2026-07-01", "2026-07-02", "2026-07-03"}
	for i, day := range days {
		if _, err := s.Salt(ctx, day, []byte("salt-"+day)); err != nil {
			t.Fatal(err)
		}
		for v := range 3 + i {
			if _, err := s.mark(ctx, visits.Hit{Path: "/", VisitorID: fmt.Sprint("v", v), Day: day}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Forget(ctx, "2026-07-03"); err != nil {
		t.Fatal(err)
	}
	for _, day := range days[:2] {
		if getItem(t, db, pkSalt, day) != nil {
			t.Fatalf("salt of %s left", day)
		}
		for _, sk := range partition(t, db, markerPK(day)) {
			if counter(t, getItem(t, db, markerPK(day), sk), attrExpires) == 0 {
				t.Fatalf("marker %s of %s left with no expiry", sk, day)
			}
		}
	}
	if got := partition(t, db, pkSalt); len(got) != 1 || got[0] != days[2] {
		t.Fatalf("salts left = %v, want [%s]", got, days[2])
	}
}

func TestTopPathsLimitAndOrder(t *testing.T) {
	s := NewVisitStore(newDB(t))
	ctx := context.Background()
	for path, n := range map[string]int{"/a": 2, "/b": 5, "/c": 2, "/d": 1} {
		for i := range n {
			if _, err := s.Record(ctx, visits.Hit{Path: path, VisitorID: strconv.Itoa(i), Day: "2026-01-01"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	top, err := s.TopPaths(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[{/b 5} {/a 2} {/c 2}]"; fmt.Sprint(top) != want {
		t.Fatalf("TopPaths(3) = %v, want %s", top, want)
	}
	if empty, err := NewVisitStore(newDB(t)).TopPaths(ctx, 10); err != nil || len(empty) != 0 {
		t.Fatalf("TopPaths on an empty table = %v, %v", empty, err)
	}
}

// A cancelled context stops a call at once, and a deadline stops one that
// hangs on a server that never answers, retries included.
func TestContextHonoured(t *testing.T) {
	s := NewVisitStore(newDB(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := s.Record(ctx, visits.Hit{Path: "/", VisitorID: "a", Day: "2026-01-01"})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("Record with a cancelled context = %v after %s, want context.Canceled at once", err, time.Since(start))
	}

	// A server that accepts connections and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	hung := NewVisitStore(New(NewClient(awstest.Config("http://"+ln.Addr().String())), "x-"))
	dctx, dcancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer dcancel()
	start = time.Now()
	_, err = hung.Counts(dctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
		t.Fatalf("Counts against a hung server = %v after %s, want the deadline", err, time.Since(start))
	}
}

// opsClient records the operations of the requests it sends.
type opsClient struct {
	mu  sync.Mutex
	ops []string
	c   *http.Client
}

func (c *opsClient) Do(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.ops = append(c.ops, strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810."))
	c.mu.Unlock()
	return c.c.Do(r)
}

// take returns the operations recorded since the last call.
func (c *opsClient) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ops := c.ops
	c.ops = nil
	return ops
}

// TestSaltRequests checks that a day's salt, once stored, is found in one
// request: every cold start of a function asks for it before its first
// visit is counted.
func TestSaltRequests(t *testing.T) {
	db := newDB(t)
	rec := &opsClient{c: &http.Client{}}
	s := NewVisitStore(New(NewClient(awstest.Config(endpoint), func(o *dynamodb.Options) { o.HTTPClient = rec }), db.prefix))
	ctx := context.Background()
	first, err := s.Salt(ctx, "2026-03-01", []byte("fresh-one"))
	if err != nil {
		t.Fatal(err)
	}
	if ops := rec.take(); !slices.Equal(ops, []string{"GetItem", "PutItem", "GetItem"}) {
		t.Errorf("a new day's salt took %v, want GetItem PutItem GetItem", ops)
	}
	again, err := s.Salt(ctx, "2026-03-01", []byte("fresh-two"))
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != "fresh-one" || string(again) != "fresh-one" {
		t.Errorf("salts %q then %q, want the first one both times", first, again)
	}
	if ops := rec.take(); !slices.Equal(ops, []string{"GetItem"}) {
		t.Errorf("a stored salt took %v, want one GetItem", ops)
	}
}

// A closed month is packed by the first report that covers it, and read
// packed after: the answers agree, and day items written after it was
// packed (which a closed month never gets from hits) no longer count.
func TestReportPacksClosedMonths(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	db.now = func() time.Time { return time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC) }
	s := NewVisitStore(db)
	for i := range 5 {
		h := visits.Hit{Path: "/", VisitorID: fmt.Sprint(i), Day: fmt.Sprintf("2026-02-%02d", i+1), Dims: []visits.Dim{{Name: visits.DimPath, Value: "/"}}}
		if _, err := s.Record(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	q := visits.Query{From: "2026-02-01", To: "2026-03-31", Dimension: visits.DimPath}
	first, err := s.Report(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if getItem(t, db, pkDimsMonth, "2026-02#") == nil || getItem(t, db, pkDimsMonth, "2026-03#") != nil {
		t.Fatal("want February packed and March, still open, not")
	}
	if _, err := s.Record(ctx, visits.Hit{Path: "/", VisitorID: "late", Day: "2026-02-10", Dims: []visits.Dim{{Name: visits.DimPath, Value: "/"}}}); err != nil {
		t.Fatal(err)
	}
	again, err := s.Report(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(first.Dims) != fmt.Sprint(again.Dims) || fmt.Sprint(first.Dims) != "map[path:[{/ 5 5}]]" {
		t.Fatalf("reports = %v then %v, want the packed month both times", first.Dims, again.Dims)
	}
}
