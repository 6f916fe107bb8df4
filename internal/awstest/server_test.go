package awstest

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestDynaliteServesAndStops(t *testing.T) {
	s, err := StartDynalite()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx := context.Background()
	c := dynamodb.NewFromConfig(Config(s.Endpoint))
	name := Prefix(t) + "t"
	_, err = c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil || len(out.TableNames) != 1 || out.TableNames[0] != name {
		t.Fatalf("ListTables = %v, %v", out, err)
	}

	s.Stop()
	host := strings.TrimPrefix(s.Endpoint, "http://")
	if c, err := net.DialTimeout("tcp", host, time.Second); err == nil {
		c.Close()
		t.Fatalf("dynalite still listens on %s after Stop", host)
	}
}

func TestS3rverStoresObjects(t *testing.T) {
	dir := t.TempDir()
	s, err := StartS3rver(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx := context.Background()
	c := s3.NewFromConfig(Config(s.Endpoint), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("uploads")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String("uploads"), Key: aws.String("movies.csv"), Body: strings.NewReader("movie_id,name\n"),
	}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("uploads"), Key: aws.String("movies.csv")})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	if b, _ := io.ReadAll(got.Body); string(b) != "movie_id,name\n" {
		t.Fatalf("object = %q", b)
	}
	// The objects live in the directory given.
	if entries, _ := os.ReadDir(filepath.Join(dir, "uploads")); len(entries) == 0 {
		t.Fatalf("nothing under %s", dir)
	}
}

func TestHelpersStopAtCleanup(t *testing.T) {
	var endpoints []string
	t.Run("inner", func(t *testing.T) {
		endpoints = append(endpoints, Dynalite(t), S3rver(t))
	})
	for _, e := range endpoints {
		u, err := url.Parse(e)
		if err != nil || u.Hostname() != "127.0.0.1" {
			t.Fatalf("endpoint %q is not on 127.0.0.1", e)
		}
		if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
			c.Close()
			t.Fatalf("%s still listens after the test ended", e)
		}
	}
}

func TestRepoRootSkipsNestedModules(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if moduleOf(filepath.Join(root, "go.mod")) != modulePath || !exists(filepath.Join(root, "testenv", "package-lock.json")) {
		t.Fatalf("RepoRoot = %s", root)
	}
	// From inside testenv, whose go.mod is another module, the root is the same.
	t.Chdir(filepath.Join(root, "testenv"))
	if again, err := RepoRoot(); err != nil || again != root {
		t.Fatalf("RepoRoot from testenv = %s, %v; want %s", again, err, root)
	}
	t.Chdir(t.TempDir())
	if _, err := RepoRoot(); err == nil {
		t.Fatal("RepoRoot outside the repository must fail")
	}
}

func TestPrefixIsUniqueAndValid(t *testing.T) {
	a, b := Prefix(t), Prefix(t)
	if a == b {
		t.Fatalf("two prefixes are both %q", a)
	}
	name := a + "messages"
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.-", r)) {
			t.Fatalf("table name %q has %q", name, r)
		}
	}
	if len(name) > 255 {
		t.Fatalf("table name of %d characters", len(name))
	}
}
