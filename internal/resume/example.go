package resume

import (
	_ "embed"
	"slices"
)

//go:embed example.yaml
var exampleYAML []byte

// Example returns a complete, realistic resume in YAML for a fictional
// cloud engineer, as a starting point for a new site.
func Example() []byte { return slices.Clone(exampleYAML) }
