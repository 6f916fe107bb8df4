package dynamo

import (
	"slices"
	"testing"
)

// CloudFormation and DynamoDB refuse an attribute definition that no key
// uses, and a key on an undefined attribute.
func TestTableAttributesAreTheKeyAttributes(t *testing.T) {
	for _, tb := range Tables() {
		var used []string
		for _, k := range tb.KeySchema {
			used = append(used, k.Attribute)
		}
		for _, idx := range slices.Concat(tb.LocalIndexes, tb.GlobalIndexes) {
			for _, k := range idx.KeySchema {
				used = append(used, k.Attribute)
			}
		}
		slices.Sort(used)
		used = slices.Compact(used)
		var defined []string
		for _, a := range tb.Attributes {
			defined = append(defined, a.Name)
		}
		slices.Sort(defined)
		if !slices.Equal(used, defined) {
			t.Errorf("%s: keys use %v, attributes define %v", tb.Suffix, used, defined)
		}
	}
}

// The queries of the message store name these indexes.
func TestMessagesTableHasTheIndexesItsQueriesUse(t *testing.T) {
	i := slices.IndexFunc(Tables(), func(tb Table) bool { return tb.Suffix == messagesTable })
	if i < 0 {
		t.Fatal("no messages table")
	}
	var names []string
	for _, idx := range Tables()[i].LocalIndexes {
		names = append(names, idx.Name)
		if idx.KeySchema[0].Attribute != attrPK {
			t.Errorf("%s: a local index shares the table's partition key", idx.Name)
		}
	}
	if !slices.Equal(names, []string{indexCreated, indexDue}) {
		t.Errorf("local indexes %v", names)
	}
}
