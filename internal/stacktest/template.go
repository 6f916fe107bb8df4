package stacktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
)

// The CloudFormation resource types this package reads.
const (
	tableType    = "AWS::DynamoDB::Table"
	functionType = "AWS::Lambda::Function"
)

// prefixVar is the environment variable of a function that names the
// prefix of its tables.
const prefixVar = "CLOUDRESUME_TABLE_PREFIX"

// Template is what a synthesized template declares about the data: its
// DynamoDB tables and the table prefix its functions are given.
type Template struct {
	// Prefix is the CLOUDRESUME_TABLE_PREFIX of the template's functions,
	// the same for all of them; every table's name starts with it.
	Prefix string
	// Tables are the template's tables by logical ID, in ID order.
	Tables []Table
}

// Table is one AWS::DynamoDB::Table of a template.
type Table struct {
	LogicalID string
	Props     TableProps
}

// TableProps are the properties of an AWS::DynamoDB::Table that this
// package understands. A template whose tables have any other property,
// or a value that is not a literal (an intrinsic function), is refused:
// what the tests do not model could differ unseen.
type TableProps struct {
	TableName               string                `json:"TableName"`
	KeySchema               []KeyElement          `json:"KeySchema"`
	AttributeDefinitions    []AttributeDefinition `json:"AttributeDefinitions"`
	LocalSecondaryIndexes   []LocalIndex          `json:"LocalSecondaryIndexes,omitempty"`
	GlobalSecondaryIndexes  []GlobalIndex         `json:"GlobalSecondaryIndexes,omitempty"`
	BillingMode             string                `json:"BillingMode,omitempty"`
	TimeToLiveSpecification *TTLSpec              `json:"TimeToLiveSpecification,omitempty"`

	// Properties that change nothing the code reads or writes.
	PointInTimeRecoverySpecification *PITRSpec `json:"PointInTimeRecoverySpecification,omitempty"`
	DeletionProtectionEnabled        *bool     `json:"DeletionProtectionEnabled,omitempty"`
}

// KeyElement is one attribute of a key schema.
type KeyElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

// AttributeDefinition is the type of a key attribute.
type AttributeDefinition struct {
	AttributeName string `json:"AttributeName"`
	AttributeType string `json:"AttributeType"`
}

// Projection says which attributes an index holds.
type Projection struct {
	ProjectionType   string   `json:"ProjectionType,omitempty"`
	NonKeyAttributes []string `json:"NonKeyAttributes,omitempty"`
}

// LocalIndex is a local secondary index.
type LocalIndex struct {
	IndexName  string       `json:"IndexName"`
	KeySchema  []KeyElement `json:"KeySchema"`
	Projection Projection   `json:"Projection"`
}

// GlobalIndex is a global secondary index of an on-demand table.
type GlobalIndex struct {
	IndexName  string       `json:"IndexName"`
	KeySchema  []KeyElement `json:"KeySchema"`
	Projection Projection   `json:"Projection"`
}

// TTLSpec is a table's time to live.
type TTLSpec struct {
	AttributeName string `json:"AttributeName"`
	Enabled       bool   `json:"Enabled"`
}

// PITRSpec is a table's point-in-time recovery.
type PITRSpec struct {
	PointInTimeRecoveryEnabled bool `json:"PointInTimeRecoveryEnabled"`
}

// TTL returns the attribute that the table's time to live expires items
// by, or "" when it has none enabled.
func (p TableProps) TTL() string {
	if p.TimeToLiveSpecification == nil || !p.TimeToLiveSpecification.Enabled {
		return ""
	}
	return p.TimeToLiveSpecification.AttributeName
}

// resource is a CloudFormation resource. Condition is absent on purpose: a
// table that may not exist is refused.
type resource struct {
	Type                string          `json:"Type"`
	Properties          json.RawMessage `json:"Properties"`
	DeletionPolicy      string          `json:"DeletionPolicy,omitempty"`
	UpdateReplacePolicy string          `json:"UpdateReplacePolicy,omitempty"`
	DependsOn           json.RawMessage `json:"DependsOn,omitempty"`
	Metadata            json.RawMessage `json:"Metadata,omitempty"`
}

// Parse reads the tables and the table prefix of a template in JSON. It
// fails on a table property or a resource attribute it does not
// understand, and on functions that disagree on the table prefix.
func Parse(b []byte) (*Template, error) {
	var doc struct {
		Resources map[string]json.RawMessage `json:"Resources"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	ids := make([]string, 0, len(doc.Resources))
	for id := range doc.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	tmpl := &Template{}
	var errs []error
	prefixes := map[string][]string{} // prefix -> the functions that use it
	for _, id := range ids {
		var head struct{ Type string }
		if err := json.Unmarshal(doc.Resources[id], &head); err != nil {
			return nil, fmt.Errorf("parse template: resource %s: %w", id, err)
		}
		switch head.Type {
		case tableType:
			t, err := parseTable(id, doc.Resources[id])
			if err != nil {
				errs = append(errs, err)
				continue
			}
			tmpl.Tables = append(tmpl.Tables, t)
		case functionType:
			p, ok, err := functionPrefix(doc.Resources[id])
			if err != nil {
				errs = append(errs, fmt.Errorf("function %s: %w", id, err))
			} else if ok {
				prefixes[p] = append(prefixes[p], id)
			}
		}
	}
	switch len(prefixes) {
	case 0:
		errs = append(errs, fmt.Errorf("no %s of the template sets %s", functionType, prefixVar))
	case 1:
		for p := range prefixes {
			tmpl.Prefix = p
		}
	default:
		errs = append(errs, fmt.Errorf("the functions disagree on %s: %v", prefixVar, prefixes))
	}
	if len(tmpl.Tables) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("the template has no %s", tableType))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("template: %w", errors.Join(errs...))
	}
	return tmpl, nil
}

// parseTable decodes one table resource strictly: every key of it must be
// one that TableProps or resource models, with the same spelling, and must
// survive a round trip through them unchanged.
func parseTable(id string, raw json.RawMessage) (Table, error) {
	var r resource
	if err := strictDecode(raw, &r); err != nil {
		return Table{}, fmt.Errorf("table %s: resource attributes: %w", id, err)
	}
	var p TableProps
	if err := strictDecode(r.Properties, &p); err != nil {
		return Table{}, fmt.Errorf("table %s: properties: %w", id, err)
	}
	return Table{LogicalID: id, Props: p}, nil
}

// strictDecode decodes raw into v, refusing unknown fields, and checks
// that v encodes back to the same JSON value: that catches what
// encoding/json lets through (keys in another case, empty lists).
func strictDecode(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not understood (only literal values of the modelled fields are): %w", err)
	}
	back, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var want, got any
	if err := json.Unmarshal(raw, &want); err != nil {
		return err
	}
	if err := json.Unmarshal(back, &got); err != nil {
		return err
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Errorf("not understood: %s reads back as %s", compact(raw), back)
	}
	return nil
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// functionPrefix returns the table prefix in a function's environment,
// and whether it has one.
func functionPrefix(raw json.RawMessage) (string, bool, error) {
	var fn struct {
		Properties struct {
			Environment struct {
				Variables map[string]json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(raw, &fn); err != nil {
		return "", false, err
	}
	v, ok := fn.Properties.Environment.Variables[prefixVar]
	if !ok {
		return "", false, nil
	}
	var p string
	if err := json.Unmarshal(v, &p); err != nil {
		return "", false, fmt.Errorf("%s is not a literal string: %s", prefixVar, compact(v))
	}
	return p, true, nil
}
