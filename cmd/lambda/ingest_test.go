package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// uploadKey is the key that testdata/s3-put-movies.json names, URL-encoded
// there as S3 sends it.
const uploadKey = "uploads/my movies(2).csv"

// moviesCSV has three good rows and three bad ones (lines 4, 5 and 7).
const moviesCSV = `movie_id,name,country_of_origin,release_date
tt0111161,The Shawshank Redemption,USA,1994-09-23
tt0068646,The Godfather,USA,1972-03-24
,No Identifier,USA,2000-01-01
tt0050083,12 Angry Men,USA,1957-13-01
tt0110912,"Pulp Fiction, the movie",USA,1994-10-14
tt0110912,Pulp Fiction again,USA,1994-10-14
`

// newBucket creates a bucket of t's own in the shared s3rver.
func newBucket(t *testing.T) string {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	name := "uploads-" + hex.EncodeToString(b[:])
	if _, err := s3Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	return name
}

func putObject(t *testing.T, bucket, key, body string) {
	t.Helper()
	_, err := s3Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body),
	})
	if err != nil {
		t.Fatal(err)
	}
}

// getObject answers an object's body, or "" and false when there is none.
func getObject(t *testing.T, bucket, key string) (string, bool) {
	t.Helper()
	out, err := s3Client().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// s3Event answers the S3 event testdata/name for bucket instead of the
// recorded one.
func s3Event(t *testing.T, name, bucket string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(event(t, name), &m); err != nil {
		t.Fatal(err)
	}
	b := m["Records"].([]any)[0].(map[string]any)["s3"].(map[string]any)["bucket"].(map[string]any)
	b["name"] = bucket
	b["arn"] = "arn:aws:s3:::" + bucket
	out, _ := json.Marshal(m)
	return out
}

// checkImported checks the movies of moviesCSV in env's tables and the
// report of the upload in bucket.
func checkImported(t *testing.T, env map[string]string, bucket string) {
	t.Helper()
	ctx := context.Background()
	st := stores(env).Movies
	for id, name := range map[string]string{
		"tt0111161": "The Shawshank Redemption",
		"tt0068646": "The Godfather",
		"tt0110912": "Pulp Fiction, the movie",
	} {
		m, err := st.Get(ctx, id)
		if err != nil || m.Info == nil || m.Info.Name != name {
			t.Errorf("movie %s: %+v, %v; want %q", id, m.Info, err, name)
		}
	}
	if _, err := st.Get(ctx, "tt0050083"); !errors.Is(err, problem.ErrNotFound) {
		t.Errorf("the row with a bad date was stored: %v", err)
	}

	body, ok := getObject(t, bucket, "reports/"+uploadKey+".json")
	if !ok {
		t.Fatalf("no report object reports/%s.json", uploadKey)
	}
	var rep struct {
		Bucket, Key            string
		Read, Stored, Rejected int
		Problems               []movies.Rejected
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("report %s: %v", body, err)
	}
	if rep.Bucket != bucket || rep.Key != uploadKey || rep.Read != 6 || rep.Stored != 3 || rep.Rejected != 3 {
		t.Errorf("report %+v, want 6 read, 3 stored, 3 rejected of %s", rep, uploadKey)
	}
	var lines []int
	for _, p := range rep.Problems {
		lines = append(lines, p.Line)
		if p.Reason == "" {
			t.Errorf("rejected row without a reason: %+v", p)
		}
	}
	if len(lines) != 3 || lines[0] != 4 || lines[1] != 5 || lines[2] != 7 {
		t.Errorf("rejected lines %v, want [4 5 7]", lines)
	}
}

func TestS3Ingest(t *testing.T) {
	env := deployment(t)
	h, logs := newTestHandler(t, env)
	bucket := newBucket(t)
	putObject(t, bucket, uploadKey, moviesCSV)

	ctx := context.Background()
	out, err := h.Invoke(ctx, s3Event(t, "s3-put-movies.json", bucket))
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, logs)
	}
	var res struct{ Imports []importResult }
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	want := importResult{Key: uploadKey, Read: 6, Stored: 3, Rejected: 3, Report: "reports/" + uploadKey + ".json"}
	if len(res.Imports) != 1 || res.Imports[0] != want {
		t.Errorf("answer %s, want one import %+v", out, want)
	}
	checkImported(t, env, bucket)
	rejected := 0
	for _, l := range logLines(t, logs.String()) {
		if l["msg"] == "rejected row" {
			rejected++
		}
	}
	if rejected != 3 {
		t.Errorf("%d rejected rows logged, want 3:\n%s", rejected, logs)
	}
}

func TestS3IngestSkipsOtherFiles(t *testing.T) {
	h, logs := newTestHandler(t, deployment(t))
	bucket := newBucket(t)
	putObject(t, bucket, "uploads/read me.txt", "not movies\n")
	out, err := h.Invoke(context.Background(), s3Event(t, "s3-put-notes.json", bucket))
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, logs)
	}
	if !strings.Contains(string(out), `"skipped":"not a .csv object"`) {
		t.Errorf("answer %s, want the object skipped", out)
	}
	if _, ok := getObject(t, bucket, "reports/uploads/read me.txt.json"); ok {
		t.Error("a report was written for a skipped object")
	}
}

func TestS3IngestMissingObject(t *testing.T) {
	h, _ := newTestHandler(t, deployment(t))
	bucket := newBucket(t) // empty: the object is gone
	_, err := h.Invoke(context.Background(), s3Event(t, "s3-put-movies.json", bucket))
	if err == nil || !strings.Contains(err.Error(), uploadKey) {
		t.Fatalf("err %v, want an error naming %s", err, uploadKey)
	}
}

func TestS3IngestReportsPrefix(t *testing.T) {
	env := deployment(t)
	env["CLOUDRESUME_REPORTS_PREFIX"] = "ingest-reports/"
	h, logs := newTestHandler(t, env)
	bucket := newBucket(t)
	putObject(t, bucket, uploadKey, moviesCSV)
	out, err := h.Invoke(context.Background(), s3Event(t, "s3-put-movies.json", bucket))
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, logs)
	}
	if !strings.Contains(string(out), `"report":"ingest-reports/`+uploadKey+`.json"`) {
		t.Errorf("answer %s, want the report under ingest-reports/", out)
	}
	if _, ok := getObject(t, bucket, "ingest-reports/"+uploadKey+".json"); !ok {
		t.Error("no report under CLOUDRESUME_REPORTS_PREFIX")
	}
	if _, ok := getObject(t, bucket, "reports/"+uploadKey+".json"); ok {
		t.Error("a report under the default prefix too")
	}
}
