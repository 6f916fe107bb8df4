package dynamo

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

func TestCreateTablesIdempotent(t *testing.T) {
	ctx := context.Background()
	client := testClient()
	prefix := awstest.Prefix(t)
	for round, created := range []bool{true, false} {
		sts, err := CreateTables(ctx, client, prefix)
		if err != nil {
			t.Fatalf("round %d: %v", round+1, err)
		}
		if len(sts) != 3 {
			t.Fatalf("round %d: %d tables, want 3", round+1, len(sts))
		}
		for _, st := range sts {
			if st.Created != created {
				t.Errorf("round %d: %s Created = %v, want %v", round+1, st.Name, st.Created, created)
			}
			d, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(st.Name)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Table.TableStatus != types.TableStatusActive {
				t.Errorf("%s is %s, want ACTIVE", st.Name, d.Table.TableStatus)
			}
			if d.Table.BillingModeSummary == nil || d.Table.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
				t.Errorf("%s is not on demand: %+v", st.Name, d.Table.BillingModeSummary)
			}
			// dynalite has no TTL: the note says so instead of failing.
			// Visitor markers and used form tokens expire; movies do not.
			expiring := strings.HasSuffix(st.Name, visitsTable) || strings.HasSuffix(st.Name, messagesTable)
			if expiring != strings.Contains(st.TTL, "not supported") {
				t.Errorf("%s: TTL note %q", st.Name, st.TTL)
			}
		}
	}
	out, err := client.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var mine []string
	for _, n := range out.TableNames {
		if strings.HasPrefix(n, prefix) {
			mine = append(mine, n)
		}
	}
	if want := prefix + "messages " + prefix + "movies " + prefix + "visits"; strings.Join(mine, " ") != want {
		t.Fatalf("tables = %v, want %s", mine, want)
	}
}

// A table that exists with another key is reported, not used.
func TestCreateTablesRejectsForeignKey(t *testing.T) {
	ctx := context.Background()
	client := testClient()
	prefix := awstest.Prefix(t)
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(prefix + visitsTable),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = CreateTables(ctx, client, prefix)
	if err == nil || !strings.Contains(err.Error(), "its key is (id, )") {
		t.Fatalf("CreateTables over a foreign table = %v", err)
	}
}
