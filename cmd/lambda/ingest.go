package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudresume/cloudresume/internal/movies"
)

// loggedProblems bounds the rejected rows written to the log; the report
// holds them all (up to movies.DefaultMaxProblems).
const loggedProblems = 20

// ingester imports the movie CSV files uploaded to S3.
type ingester struct {
	s3     func(context.Context) (*s3.Client, error) // made on the first upload
	movies movies.Store
	log    *slog.Logger
	// reports is where the report of an upload is written, in the same
	// bucket: <reports><key>.json (CLOUDRESUME_REPORTS_PREFIX, by default
	// reports/). Reports are not .csv, so they never trigger an import
	// themselves.
	reports string
}

// importReport is the report object of one upload.
type importReport struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	movies.Summary
}

// importResult is what the function answers for one record.
type importResult struct {
	Key      string `json:"key"`
	Skipped  string `json:"skipped,omitempty"`
	Read     int    `json:"read"`
	Stored   int    `json:"stored"`
	Rejected int    `json:"rejected"`
	Report   string `json:"report,omitempty"`
}

// handle imports every .csv object of an S3 event. A record that fails
// does not stop the others; the event then fails as a whole, and since
// imports are idempotent a retry of all of it is harmless.
func (in *ingester) handle(ctx context.Context, payload []byte) ([]byte, error) {
	var ev events.S3Event
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, fmt.Errorf("decode S3 event: %w", err)
	}
	results := make([]importResult, 0, len(ev.Records))
	var errs []error
	for _, rec := range ev.Records {
		res, err := in.record(ctx, rec)
		if err != nil {
			in.log.ErrorContext(ctx, "import failed", "bucket", rec.S3.Bucket.Name, "key", rec.S3.Object.URLDecodedKey, "err", err)
			errs = append(errs, err)
			continue
		}
		results = append(results, res)
	}
	switch len(errs) {
	case 0:
	case 1:
		return nil, errs[0]
	default:
		return nil, errors.Join(errs...)
	}
	return json.Marshal(map[string]any{"imports": results})
}

// record imports the object of one record, streaming it from S3 into the
// store, and writes its report.
func (in *ingester) record(ctx context.Context, rec events.S3EventRecord) (importResult, error) {
	bucket := rec.S3.Bucket.Name
	// Keys arrive URL-encoded, with '+' for a space.
	key, err := url.QueryUnescape(rec.S3.Object.Key)
	if err != nil {
		return importResult{}, fmt.Errorf("object key %q: %w", rec.S3.Object.Key, err)
	}
	res := importResult{Key: key}
	log := in.log.With("bucket", bucket, "key", key)
	switch {
	case !strings.HasPrefix(rec.EventName, "ObjectCreated:"):
		res.Skipped = "not an ObjectCreated event: " + rec.EventName
	case !strings.EqualFold(path.Ext(key), ".csv"):
		res.Skipped = "not a .csv object"
	}
	if res.Skipped != "" {
		log.InfoContext(ctx, "skipped", "why", res.Skipped)
		return res, nil
	}

	get := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if v := rec.S3.Object.VersionID; v != "" {
		get.VersionId = aws.String(v) // the very version that was uploaded
	}
	client, err := in.s3(ctx)
	if err != nil {
		return res, fmt.Errorf("s3 client: %w", err)
	}
	obj, err := client.GetObject(ctx, get)
	if err != nil {
		return res, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer obj.Body.Close()
	sum, err := movies.Import(ctx, in.movies, obj.Body, movies.ImportOptions{})
	res.Read, res.Stored, res.Rejected = sum.Read, sum.Stored, sum.Rejected
	if err != nil {
		return res, fmt.Errorf("import s3://%s/%s after %d rows: %w", bucket, key, sum.Read, err)
	}

	res.Report = in.reports + key + ".json"
	body, err := json.MarshalIndent(importReport{Bucket: bucket, Key: key, Summary: sum}, "", "  ")
	if err != nil {
		return res, fmt.Errorf("encode report: %w", err)
	}
	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(bucket),
		Key:         aws.String(res.Report),
		Body:        bytes.NewReader(body),
		ContentType: aws.String("application/json"),
	})
	if err != nil {
		return res, fmt.Errorf("put report s3://%s/%s: %w", bucket, res.Report, err)
	}
	log.InfoContext(ctx, "imported", "read", sum.Read, "stored", sum.Stored, "rejected", sum.Rejected, "report", res.Report)
	for i, p := range sum.Problems {
		if i == loggedProblems {
			log.WarnContext(ctx, "more rejected rows in the report", "count", sum.Rejected-loggedProblems)
			break
		}
		log.WarnContext(ctx, "rejected row", "line", p.Line, "reason", p.Reason, "movie_id", p.MovieID)
	}
	return res, nil
}
