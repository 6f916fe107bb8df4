package stacktest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// activeTimeout bounds the wait for a new table to become ACTIVE; a local
// server makes tables at once.
const activeTimeout = 30 * time.Second

// Suffix returns the table's name without the template's prefix, the name
// the code knows it by, and whether the name has the prefix at all.
func (tm *Template) Suffix(t Table) (string, bool) {
	s, ok := strings.CutPrefix(t.Props.TableName, tm.Prefix)
	return s, ok && s != ""
}

// Check returns what makes the template's tables unusable by the stores,
// or nil: a table the code uses that the template lacks, a table the code
// does not know, a name outside the functions' prefix, and a time to live
// other than the one the stores expire items by (dynalite has no time to
// live, so no test that runs the code could see it). A time to live on a
// table whose items never expire is left to Compare: it changes nothing
// the code sees.
func (tm *Template) Check() error {
	want := dynamo.TTLAttributes()
	var errs []error
	seen := map[string]bool{}
	for _, t := range tm.Tables {
		name := t.Props.TableName
		suffix, ok := tm.Suffix(t)
		if !ok {
			errs = append(errs, fmt.Errorf("table %s: its name %q does not start with the functions' %s %q", t.LogicalID, name, prefixVar, tm.Prefix))
			continue
		}
		ttl, known := want[suffix]
		if !known {
			errs = append(errs, fmt.Errorf("table %s (%s): the code uses no table %q", t.LogicalID, name, suffix))
			continue
		}
		if seen[suffix] {
			errs = append(errs, fmt.Errorf("table %s: a second table named %s", t.LogicalID, name))
		}
		seen[suffix] = true
		got := t.Props.TTL()
		switch {
		case ttl != "" && got == "":
			errs = append(errs, fmt.Errorf("table %s: no time to live, but the stores expire its items by %q: they would pile up", name, ttl))
		case got != "" && got != ttl && ttl != "":
			errs = append(errs, fmt.Errorf("table %s: time to live on %q, but the stores expire its items by %q", name, got, ttl))
		case got != "" && ttl == "" && got != anyTTL(want):
			errs = append(errs, fmt.Errorf("table %s: time to live on %q, an attribute the stores do not expire items by", name, got))
		}
	}
	var missing []string
	for suffix := range want {
		if !seen[suffix] {
			missing = append(missing, tm.Prefix+suffix)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		errs = append(errs, fmt.Errorf("the template has no table %s, which the code uses", name))
	}
	return errors.Join(errs...)
}

// anyTTL returns the attribute the stores expire items by in some table,
// or "".
func anyTTL(ttls map[string]string) string {
	for _, a := range ttls {
		if a != "" {
			return a
		}
	}
	return ""
}

// CreateTables checks the template (Check) and creates every table it
// declares in the server of client, named with prefix instead of the
// template's, exactly as declared: key schema, attribute definitions,
// local and global secondary indexes with their projections, billing mode.
// It returns the names of the tables it created, also on error, so that
// the caller can delete them.
func CreateTables(ctx context.Context, client *dynamodb.Client, tm *Template, prefix string) ([]string, error) {
	if err := tm.Check(); err != nil {
		return nil, fmt.Errorf("the template's tables do not serve the code:\n%w", err)
	}
	var names []string
	for _, t := range tm.Tables {
		suffix, _ := tm.Suffix(t)
		in := createInput(prefix+suffix, t.Props)
		if _, err := client.CreateTable(ctx, in); err != nil {
			return names, fmt.Errorf("create table %s as the template declares %s: %w", *in.TableName, t.Props.TableName, err)
		}
		names = append(names, *in.TableName)
	}
	w := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, time.Second
	})
	for _, name := range names {
		if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, activeTimeout); err != nil {
			return names, fmt.Errorf("wait for table %s: %w", name, err)
		}
	}
	return names, nil
}

// createInput returns the CreateTable request of a table declared with p.
func createInput(name string, p TableProps) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		KeySchema:   keySchema(p.KeySchema),
		BillingMode: types.BillingMode(p.BillingMode),
	}
	for _, a := range p.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: types.ScalarAttributeType(a.AttributeType),
		})
	}
	for _, ix := range p.LocalSecondaryIndexes {
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
			IndexName: aws.String(ix.IndexName), KeySchema: keySchema(ix.KeySchema), Projection: projection(ix.Projection),
		})
	}
	for _, ix := range p.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(ix.IndexName), KeySchema: keySchema(ix.KeySchema), Projection: projection(ix.Projection),
		})
	}
	return in
}

func keySchema(ks []KeyElement) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, 0, len(ks))
	for _, k := range ks {
		out = append(out, types.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: types.KeyType(k.KeyType)})
	}
	return out
}

func projection(p Projection) *types.Projection {
	return &types.Projection{ProjectionType: types.ProjectionType(p.ProjectionType), NonKeyAttributes: p.NonKeyAttributes}
}

// DeleteTables deletes the tables named, ignoring those that are gone.
func DeleteTables(ctx context.Context, client *dynamodb.Client, names []string) {
	for _, name := range names {
		client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	}
}
