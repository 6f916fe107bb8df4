// Package stacktest runs the code on what the deployment declares: it
// reads the CloudFormation template that the CDK app in deploy/
// synthesizes (see awstest.Template) and makes its DynamoDB tables, as
// declared, in a local server. A template that declares tables the stores
// cannot use, or that says things this package does not model, is a test
// failure.
package stacktest

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

// Stage obtains the template of one stage once, on first use, for every
// test of a process: the CDK build takes most of a minute.
type Stage struct {
	Name string // dev, staging or prod

	once sync.Once
	tmpl *Template
	err  error
}

// Template returns the stage's template, failing t when it cannot be
// obtained.
func (s *Stage) Template(t testing.TB) *Template {
	t.Helper()
	s.once.Do(func() {
		var b []byte
		if b, s.err = awstest.Template(s.Name); s.err == nil {
			s.tmpl, s.err = Parse(b)
		}
	})
	if s.err != nil {
		t.Fatalf("the %s stage's template: %v", s.Name, s.err)
	}
	return s.tmpl
}

// Tables creates the template's tables for t in the server of client,
// under a prefix of t's own (awstest.Prefix), deletes them when t ends and
// returns the prefix.
func Tables(t testing.TB, client *dynamodb.Client, tm *Template) string {
	t.Helper()
	prefix := awstest.Prefix(t)
	names, err := CreateTables(context.Background(), client, tm, prefix)
	t.Cleanup(func() { DeleteTables(context.Background(), client, names) })
	if err != nil {
		t.Fatal(err)
	}
	return prefix
}
