package stacktest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// Compare creates the template's tables and the code's own
// (dynamo.CreateTables) side by side in the server of client, under
// prefix, and returns every difference between them: key schema,
// attribute definitions, billing mode, local and global secondary indexes
// with their projections, and time to live (which the server cannot show,
// so the template's is compared with dynamo.TTLAttributes). It deletes
// the tables it made.
func Compare(ctx context.Context, client *dynamodb.Client, tm *Template, prefix string) error {
	tmplPrefix, codePrefix := prefix+"template-", prefix+"code-"
	made, err := CreateTables(ctx, client, tm, tmplPrefix)
	defer DeleteTables(context.WithoutCancel(ctx), client, made)
	if err != nil {
		return err
	}
	sts, err := dynamo.CreateTables(ctx, client, codePrefix)
	var code []string
	for _, st := range sts {
		code = append(code, st.Name)
	}
	defer DeleteTables(context.WithoutCancel(ctx), client, code)
	if err != nil {
		return fmt.Errorf("create the code's tables: %w", err)
	}

	ttls := dynamo.TTLAttributes()
	var errs []error
	for _, t := range tm.Tables {
		suffix, _ := tm.Suffix(t)
		got, err := describe(ctx, client, tmplPrefix+suffix)
		if err != nil {
			return err
		}
		want, err := describe(ctx, client, codePrefix+suffix)
		if err != nil {
			return err
		}
		got = append(got, aspect{"time to live", orNone(t.Props.TTL())})
		want = append(want, aspect{"time to live", orNone(ttls[suffix])})
		for i := range want {
			if got[i] != want[i] {
				errs = append(errs, fmt.Errorf("table %s: %s: the template declares %s, the code %s", t.Props.TableName, want[i].name, got[i].value, want[i].value))
			}
		}
	}
	return errors.Join(errs...)
}

// aspect is one described property of a table, in a comparable form.
type aspect struct{ name, value string }

// describe returns what the server says of table name, aspect by aspect,
// in the same order for every table.
func describe(ctx context.Context, client *dynamodb.Client, name string) ([]aspect, error) {
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("describe table %s: %w", name, err)
	}
	d := out.Table
	var attrs []string
	for _, a := range d.AttributeDefinitions {
		attrs = append(attrs, aws.ToString(a.AttributeName)+":"+string(a.AttributeType))
	}
	sort.Strings(attrs)
	billing := "none"
	if d.BillingModeSummary != nil {
		billing = string(d.BillingModeSummary.BillingMode)
	}
	var lsis, gsis []string
	for _, ix := range d.LocalSecondaryIndexes {
		lsis = append(lsis, index(ix.IndexName, ix.KeySchema, ix.Projection))
	}
	for _, ix := range d.GlobalSecondaryIndexes {
		gsis = append(gsis, index(ix.IndexName, ix.KeySchema, ix.Projection))
	}
	sort.Strings(lsis)
	sort.Strings(gsis)
	return []aspect{
		{"key schema", keys(d.KeySchema)},
		{"attribute definitions", list(attrs)},
		{"billing mode", billing},
		{"local secondary indexes", list(lsis)},
		{"global secondary indexes", list(gsis)},
	}, nil
}

// index describes an index: name(keys) projection [non-key attributes].
func index(name *string, ks []types.KeySchemaElement, p *types.Projection) string {
	s := aws.ToString(name) + keys(ks)
	if p != nil {
		s += " " + string(p.ProjectionType)
		if len(p.NonKeyAttributes) > 0 {
			s += " " + list(slices.Sorted(slices.Values(p.NonKeyAttributes)))
		}
	}
	return s
}

func keys(ks []types.KeySchemaElement) string {
	var parts []string
	for _, k := range ks {
		parts = append(parts, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return "[" + strings.Join(xs, "; ") + "]"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
