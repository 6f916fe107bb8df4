package stacktest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// testPrefix is the table prefix of the templates made by codeTemplate.
const testPrefix = "cloudresume-test-"

// codeTemplate returns a template whose tables are the code's own: those
// dynamo.CreateTables makes, as the server describes them, with the time
// to live of dynamo.TTLAttributes. Compare finds no difference in it, and
// each test below changes one thing.
func codeTemplate(t *testing.T) *Template {
	t.Helper()
	ctx := context.Background()
	client := testClient()
	prefix := awstest.Prefix(t)
	sts, err := dynamo.CreateTables(ctx, client, prefix)
	t.Cleanup(func() {
		for _, st := range sts {
			client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(st.Name)})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	ttls := dynamo.TTLAttributes()
	tm := &Template{Prefix: testPrefix}
	for _, st := range sts {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(st.Name)})
		if err != nil {
			t.Fatal(err)
		}
		d := out.Table
		suffix := strings.TrimPrefix(st.Name, prefix)
		p := TableProps{
			TableName:   testPrefix + suffix,
			KeySchema:   fromKeys(d.KeySchema),
			BillingMode: string(d.BillingModeSummary.BillingMode),
		}
		for _, a := range d.AttributeDefinitions {
			p.AttributeDefinitions = append(p.AttributeDefinitions, AttributeDefinition{aws.ToString(a.AttributeName), string(a.AttributeType)})
		}
		for _, ix := range d.LocalSecondaryIndexes {
			p.LocalSecondaryIndexes = append(p.LocalSecondaryIndexes, LocalIndex{
				IndexName: aws.ToString(ix.IndexName), KeySchema: fromKeys(ix.KeySchema),
				Projection: Projection{ProjectionType: string(ix.Projection.ProjectionType), NonKeyAttributes: ix.Projection.NonKeyAttributes},
			})
		}
		if a := ttls[suffix]; a != "" {
			p.TimeToLiveSpecification = &TTLSpec{AttributeName: a, Enabled: true}
		}
		tm.Tables = append(tm.Tables, Table{LogicalID: "Table" + suffix, Props: p})
	}
	// In logical ID order, as Parse reads them.
	slices.SortFunc(tm.Tables, func(a, b Table) int { return strings.Compare(a.LogicalID, b.LogicalID) })
	return tm
}

func fromKeys(ks []types.KeySchemaElement) []KeyElement {
	var out []KeyElement
	for _, k := range ks {
		out = append(out, KeyElement{aws.ToString(k.AttributeName), string(k.KeyType)})
	}
	return out
}

// table returns the table of tm with name suffix, to change it.
func table(t *testing.T, tm *Template, suffix string) *TableProps {
	t.Helper()
	for i := range tm.Tables {
		if tm.Tables[i].Props.TableName == tm.Prefix+suffix {
			return &tm.Tables[i].Props
		}
	}
	t.Fatalf("no table %s%s", tm.Prefix, suffix)
	return nil
}

func TestCodeTemplateMatches(t *testing.T) {
	tm := codeTemplate(t)
	if len(tm.Tables) != len(dynamo.TTLAttributes()) {
		t.Fatalf("%d tables, want one per store table", len(tm.Tables))
	}
	if err := Compare(context.Background(), testClient(), tm, awstest.Prefix(t)); err != nil {
		t.Fatalf("the code's own tables differ from the code's: %v", err)
	}
}

// Compare reports each way a table can differ from the code's.
func TestCompareFindsEveryDifference(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, tm *Template)
		want   string
	}{
		{"a sort key dropped", func(t *testing.T, tm *Template) {
			p := table(t, tm, "movies")
			p.KeySchema = p.KeySchema[:1]
			p.AttributeDefinitions = []AttributeDefinition{{"pk", "S"}}
		}, "cloudresume-test-movies: key schema: the template declares (pk HASH), the code (pk HASH, sk RANGE)"},
		{"a key attribute typed N", func(t *testing.T, tm *Template) {
			p := table(t, tm, "visits")
			p.AttributeDefinitions = []AttributeDefinition{{"pk", "S"}, {"sk", "N"}}
		}, "cloudresume-test-visits: attribute definitions"},
		{"an index missing", func(t *testing.T, tm *Template) {
			p := table(t, tm, "messages")
			p.LocalSecondaryIndexes = p.LocalSecondaryIndexes[:1]
		}, "cloudresume-test-messages: local secondary indexes"},
		{"an index projecting keys only", func(t *testing.T, tm *Template) {
			p := table(t, tm, "messages")
			p.LocalSecondaryIndexes[0].Projection = Projection{ProjectionType: "KEYS_ONLY"}
		}, "KEYS_ONLY"},
		{"a global index", func(t *testing.T, tm *Template) {
			p := table(t, tm, "movies")
			p.AttributeDefinitions = append(p.AttributeDefinitions, AttributeDefinition{"name", "S"})
			p.GlobalSecondaryIndexes = []GlobalIndex{{IndexName: "by_name", KeySchema: []KeyElement{{"name", "HASH"}}, Projection: Projection{ProjectionType: "ALL"}}}
		}, "cloudresume-test-movies: global secondary indexes: the template declares [by_name(name HASH) ALL], the code none"},
		{"a time to live the code does not use", func(t *testing.T, tm *Template) {
			p := table(t, tm, "movies")
			p.TimeToLiveSpecification = &TTLSpec{AttributeName: "expires_at", Enabled: true}
		}, "cloudresume-test-movies: time to live: the template declares expires_at, the code none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := codeTemplate(t)
			tc.change(t, tm)
			err := Compare(context.Background(), testClient(), tm, awstest.Prefix(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Compare = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// CreateTables refuses tables the stores cannot use before making any.
func TestCreateTablesRefusesWhatTheStoresCannotUse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, tm *Template)
		want   string
	}{
		{"a table missing", func(t *testing.T, tm *Template) {
			tm.Tables = tm.Tables[1:]
		}, "which the code uses"},
		{"a table the code does not know", func(t *testing.T, tm *Template) {
			extra := tm.Tables[0]
			extra.Props.TableName = testPrefix + "sessions"
			tm.Tables = append(tm.Tables, extra)
		}, `the code uses no table "sessions"`},
		{"a table outside the prefix", func(t *testing.T, tm *Template) {
			table(t, tm, "movies").TableName = "movies"
		}, `its name "movies" does not start with`},
		{"the time to live renamed", func(t *testing.T, tm *Template) {
			table(t, tm, "visits").TimeToLiveSpecification.AttributeName = "ttl"
		}, `cloudresume-test-visits: time to live on "ttl", but the stores expire its items by "expires_at"`},
		{"the time to live off", func(t *testing.T, tm *Template) {
			table(t, tm, "visits").TimeToLiveSpecification.Enabled = false
		}, "cloudresume-test-visits: no time to live"},
		{"a time to live on another attribute", func(t *testing.T, tm *Template) {
			table(t, tm, "messages").TimeToLiveSpecification = &TTLSpec{AttributeName: "created_at", Enabled: true}
		}, `cloudresume-test-messages: time to live on "created_at"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := codeTemplate(t)
			tc.change(t, tm)
			names, err := CreateTables(context.Background(), testClient(), tm, awstest.Prefix(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CreateTables = %v, want an error with %q", err, tc.want)
			}
			if len(names) != 0 {
				t.Errorf("tables %v made from a template refused", names)
			}
		})
	}
}

// templateJSON returns tm as a CloudFormation template, with one function
// given its prefix.
func templateJSON(t *testing.T, tm *Template) map[string]any {
	t.Helper()
	res := map[string]any{
		"Fn": map[string]any{"Type": functionType, "Properties": map[string]any{
			"Environment": map[string]any{"Variables": map[string]any{prefixVar: tm.Prefix}},
		}},
	}
	for _, tb := range tm.Tables {
		b, err := json.Marshal(tb.Props)
		if err != nil {
			t.Fatal(err)
		}
		var props map[string]any
		json.Unmarshal(b, &props)
		res[tb.LogicalID] = map[string]any{"Type": tableType, "Properties": props, "DeletionPolicy": "Delete"}
	}
	return map[string]any{"Resources": res}
}

func parse(t *testing.T, doc map[string]any) (*Template, error) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(b)
}

func TestParseReadsWhatItWrites(t *testing.T) {
	tm := codeTemplate(t)
	got, err := parse(t, templateJSON(t, tm))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(tm)
	b, _ := json.Marshal(got)
	if string(a) != string(b) {
		t.Fatalf("parsed\n%s\nwant\n%s", b, a)
	}
}

// Parse refuses what it does not model, so that it cannot differ unseen.
func TestParseRefusesWhatItDoesNotModel(t *testing.T) {
	props := func(doc map[string]any, id string) map[string]any {
		return doc["Resources"].(map[string]any)[id].(map[string]any)["Properties"].(map[string]any)
	}
	for _, tc := range []struct {
		name   string
		change func(doc map[string]any)
		want   string
	}{
		{"an unknown property", func(doc map[string]any) {
			props(doc, "Tablemessages")["StreamSpecification"] = map[string]any{"StreamViewType": "NEW_IMAGE"}
		}, `table Tablemessages: properties: not understood (only literal values of the modelled fields are): json: unknown field "StreamSpecification"`},
		{"an unknown field of an index", func(doc map[string]any) {
			ix := props(doc, "Tablemessages")["LocalSecondaryIndexes"].([]any)[0].(map[string]any)
			ix["ContributorInsightsSpecification"] = map[string]any{"Enabled": true}
		}, `unknown field "ContributorInsightsSpecification"`},
		{"a key spelt in another case", func(doc map[string]any) {
			p := props(doc, "Tablemovies")
			p["keySchema"] = p["KeySchema"]
			delete(p, "KeySchema")
		}, "table Tablemovies: properties: not understood"},
		{"a name made by a function", func(doc map[string]any) {
			props(doc, "Tablevisits")["TableName"] = map[string]any{"Fn::Join": []any{"", []any{"a", "b"}}}
		}, "table Tablevisits: properties: not understood"},
		{"a condition on a table", func(doc map[string]any) {
			doc["Resources"].(map[string]any)["Tablevisits"].(map[string]any)["Condition"] = "IsProd"
		}, `table Tablevisits: resource attributes: not understood (only literal values of the modelled fields are): json: unknown field "Condition"`},
		{"functions on other tables", func(doc map[string]any) {
			doc["Resources"].(map[string]any)["Other"] = map[string]any{"Type": functionType, "Properties": map[string]any{
				"Environment": map[string]any{"Variables": map[string]any{prefixVar: "other-"}},
			}}
		}, "the functions disagree on " + prefixVar},
		{"no function naming the prefix", func(doc map[string]any) {
			delete(doc["Resources"].(map[string]any), "Fn")
		}, "sets " + prefixVar},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := templateJSON(t, codeTemplate(t))
			tc.change(doc)
			_, err := parse(t, doc)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
