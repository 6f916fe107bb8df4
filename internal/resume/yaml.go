package resume

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxYAMLNodes bounds alias expansion, so a small file cannot expand into
// an enormous document.
const maxYAMLNodes = 100_000

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlLineOf returns the 1-based line of a yaml.v3 error. The library
// prints 1-based lines for scanner errors but 0-based ones for parser
// errors (those below), and leaves the line out when it is 0; errors
// about the bytes themselves carry no position at all (0).
func yamlLineOf(msg string, printed int, hasLine bool) int {
	if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters") {
		return 0
	}
	parser := strings.HasPrefix(msg, "did not find expected <") ||
		strings.HasPrefix(msg, "did not find expected node content") ||
		strings.HasPrefix(msg, "did not find expected key") ||
		strings.HasPrefix(msg, "did not find expected '-' indicator") ||
		strings.HasPrefix(msg, "did not find expected ','") ||
		strings.HasPrefix(msg, "found duplicate %") ||
		strings.HasPrefix(msg, "found incompatible YAML document") ||
		strings.HasPrefix(msg, "found undefined tag handle")
	switch {
	case !hasLine:
		return 1
	case parser:
		return printed + 1
	default:
		return printed
	}
}

// parseYAML reads the first YAML document in data into a node tree.
func parseYAML(data []byte) (*node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		printed, hasLine := 0, false
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			printed, _ = strconv.Atoi(m[1])
			msg, hasLine = m[2], true
		}
		line := yamlLineOf(msg, printed, hasLine)
		return nil, &syntaxError{line: line, msg: msg}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &syntaxError{line: 1, msg: "the document is empty"}
	}
	c := &yamlConverter{}
	return c.convert(doc.Content[0], 0)
}

// fieldProblem is a problem at a path, before it is given a file and line.
type fieldProblem struct {
	path, msg string
	line      int
	warn      bool
}

type yamlConverter struct {
	count int
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) (*node, error) {
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &syntaxError{line: y.Line, msg: "the document has too many values (alias expansion?)"}
	}
	if depth > maxDepth {
		return nil, &syntaxError{line: y.Line, msg: "nested too deeply"}
	}
	switch y.Kind {
	case yaml.AliasNode:
		n, err := c.convert(y.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		cp := *n
		cp.line = y.Line
		return &cp, nil
	case yaml.MappingNode:
		return c.mapping(y, depth)
	case yaml.SequenceNode:
		n := &node{kind: kindArray, line: y.Line}
		for _, item := range y.Content {
			val, err := c.convert(item, depth+1)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, val)
		}
		return n, nil
	case yaml.ScalarNode:
		return scalar(y), nil
	case yaml.DocumentNode:
		if len(y.Content) > 0 {
			return c.convert(y.Content[0], depth+1)
		}
	}
	return &node{kind: kindNull, line: y.Line}, nil
}

// mapping converts a YAML mapping. Merge keys ("<<: *base") copy the
// members of the mappings they name that the mapping does not set itself;
// of several merged mappings, the first to set a key wins, as YAML says.
func (c *yamlConverter) mapping(y *yaml.Node, depth int) (*node, error) {
	n := &node{kind: kindObject, line: y.Line}
	own := map[string]bool{}
	for i := 0; i+1 < len(y.Content); i += 2 {
		if k := y.Content[i]; k.ShortTag() != "!!merge" {
			own[k.Value] = true
		}
	}
	merged := map[string]bool{}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		if k.ShortTag() != "!!merge" {
			val.line = k.Line
			n.keys = append(n.keys, k.Value)
			n.vals = append(n.vals, val)
			continue
		}
		sources := []*node{val}
		if val.kind == kindArray {
			sources = val.vals
		}
		for _, src := range sources {
			if src.kind != kindObject {
				return nil, &syntaxError{line: k.Line, msg: "a merge key (<<) takes a mapping or a list of mappings"}
			}
			for j, key := range src.keys {
				if !own[key] && !merged[key] {
					merged[key] = true
					n.keys = append(n.keys, key)
					n.vals = append(n.vals, src.vals[j])
				}
			}
		}
	}
	return n, nil
}

// scalar resolves a plain scalar the way YAML 1.2 does; dates and other
// tags stay strings, since JSON has no type for them. Numbers and
// booleans keep their source text for string fields.
func scalar(y *yaml.Node) *node {
	n := &node{kind: kindString, text: y.Value, line: y.Line}
	switch y.ShortTag() {
	case "!!null":
		n.kind, n.text = kindNull, ""
	case "!!bool":
		var b bool
		if y.Decode(&b) == nil {
			n.kind, n.text, n.plain = kindBool, strconv.FormatBool(b), y.Value
		}
	case "!!int", "!!float":
		n.plain = y.Value
		if lit, err := yamlNumber(y); err == nil {
			n.kind, n.text = kindNumber, lit
		} else {
			n.kind, n.text, n.bad = kindNull, "", err.Error()
		}
	}
	return n
}

// yamlNumber returns a YAML number as a JSON number literal.
func yamlNumber(y *yaml.Node) (string, error) {
	var i int64
	if y.Decode(&i) == nil {
		return strconv.FormatInt(i, 10), nil
	}
	var u uint64
	if y.Decode(&u) == nil {
		return strconv.FormatUint(u, 10), nil
	}
	var f float64
	if err := y.Decode(&f); err != nil {
		return "", errors.New(strconv.Quote(y.Value) + " is not a number")
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", errors.New(y.Value + " cannot be written in JSON")
	}
	return strconv.FormatFloat(f, 'g', -1, 64), nil
}

// joinPath appends an object member name to a path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
