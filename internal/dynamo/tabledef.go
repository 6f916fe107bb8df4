package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Table is the definition of one table of the stores: what CreateTables
// creates and what `cloudresume tables --json` prints for the deployment,
// which builds its tables from it.
type Table struct {
	// Suffix follows the table prefix in the table's name.
	Suffix      string            `json:"suffix"`
	BillingMode types.BillingMode `json:"billing_mode"`
	KeySchema   []Key             `json:"key_schema"`
	// Attributes defines every attribute that a key of the table or of an
	// index names, and no other.
	Attributes    []Attribute `json:"attributes"`
	LocalIndexes  []Index     `json:"local_indexes"`
	GlobalIndexes []Index     `json:"global_indexes"`
	// TTLAttribute, when set, holds the expiry time of the items that
	// expire, in seconds since the epoch.
	TTLAttribute string `json:"ttl_attribute,omitempty"`
}

// Key is one element of a key schema.
type Key struct {
	Attribute string        `json:"attribute"`
	Type      types.KeyType `json:"type"` // HASH or RANGE
}

// Attribute is the definition of a key attribute.
type Attribute struct {
	Name string                    `json:"name"`
	Type types.ScalarAttributeType `json:"type"` // S, N or B
}

// Index is a secondary index.
type Index struct {
	Name       string     `json:"name"`
	KeySchema  []Key      `json:"key_schema"`
	Projection Projection `json:"projection"`
}

// Projection says which attributes an index holds besides the keys.
type Projection struct {
	Type             types.ProjectionType `json:"type"` // ALL, KEYS_ONLY or INCLUDE
	NonKeyAttributes []string             `json:"non_key_attributes,omitempty"`
}

// Tables returns the definitions of the tables of every store.
func Tables() []Table { return tables() }

// createInput returns the request that creates t under name.
func (t Table) createInput(name string) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: t.BillingMode,
		KeySchema:   keySchema(t.KeySchema),
	}
	for _, a := range t.Attributes {
		in.AttributeDefinitions = append(in.AttributeDefinitions,
			types.AttributeDefinition{AttributeName: aws.String(a.Name), AttributeType: a.Type})
	}
	for _, idx := range t.LocalIndexes {
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
			IndexName: aws.String(idx.Name), KeySchema: keySchema(idx.KeySchema), Projection: idx.Projection.sdk(),
		})
	}
	for _, idx := range t.GlobalIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(idx.Name), KeySchema: keySchema(idx.KeySchema), Projection: idx.Projection.sdk(),
		})
	}
	return in
}

func keySchema(keys []Key) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, len(keys))
	for i, k := range keys {
		out[i] = types.KeySchemaElement{AttributeName: aws.String(k.Attribute), KeyType: k.Type}
	}
	return out
}

func (p Projection) sdk() *types.Projection {
	return &types.Projection{ProjectionType: p.Type, NonKeyAttributes: p.NonKeyAttributes}
}
