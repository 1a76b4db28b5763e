package frontmatter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner) errors. For these, yaml.v3 prints the 0-based line of the error's
// mark where it prints 1-based lines for scanner errors (see
// go-yaml/yaml#205), so their line needs one added. The package offers no
// way but the message to tell the two kinds apart.
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// parseYAML parses raw (which starts at file line firstLine) into a tree.
func parseYAML(raw []byte, firstLine int) (*Node, []*Error) {
	if errs := checkSize(raw, firstLine); errs != nil {
		return nil, errs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		msg := err.Error()
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			msg = msg[len(m[0]):]
			if m[1] != "" {
				line, _ = strconv.Atoi(m[1])
				if yamlParserProblems[msg] {
					line++
				}
			}
		}
		return nil, []*Error{{Line: firstLine + line - 1, Col: 1, Msg: "invalid YAML: " + msg}}
	}
	if doc.Kind == 0 { // empty front matter
		return &Node{Kind: Map, Pos: Pos{firstLine, 1}}, nil
	}
	c := yamlConverter{firstLine: firstLine}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []*Error{{Line: firstLine + root.Line - 1, Col: root.Column,
			Msg: "front matter must be a mapping of keys to values"}}
	}
	n := c.convert(root, 0)
	return n, c.errs
}

type yamlConverter struct {
	firstLine int
	nodes     int
	errs      []*Error
}

func (c *yamlConverter) pos(n *yaml.Node) Pos {
	return Pos{c.firstLine + n.Line - 1, n.Column}
}

// convert copies a yaml.Node into a Node, following aliases but counting
// every node produced, so an alias bomb stops at maxNodes.
func (c *yamlConverter) convert(y *yaml.Node, depth int) *Node {
	c.nodes++
	if c.nodes > maxNodes || depth > 100 {
		if c.nodes == maxNodes+1 || depth == 101 {
			c.errs = append(c.errs, &Error{Line: c.pos(y).Line, Col: c.pos(y).Col,
				Msg: "front matter is too large or too deeply nested (aliases expand too far)"})
		}
		return &Node{Kind: Null, Tag: TagNull, Pos: c.pos(y)}
	}
	switch y.Kind {
	case yaml.AliasNode:
		n := c.convert(y.Alias, depth+1)
		cp := *n
		cp.Pos = c.pos(y)
		return &cp
	case yaml.MappingNode:
		n := &Node{Kind: Map, Pos: c.pos(y)}
		seen := map[string]Pos{}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.errs = append(c.errs, &Error{Line: c.pos(k).Line, Col: c.pos(k).Col, Msg: "keys must be plain names"})
				continue
			}
			if k.Tag == "!!merge" {
				c.errs = append(c.errs, &Error{Line: c.pos(k).Line, Col: c.pos(k).Col, Msg: "YAML merge keys (<<) are not supported in front matter"})
				continue
			}
			if prev, dup := seen[k.Value]; dup {
				c.errs = append(c.errs, &Error{Line: c.pos(k).Line, Col: c.pos(k).Col,
					Msg: fmt.Sprintf("key %q is already set at line %d", k.Value, prev.Line)})
				continue
			}
			seen[k.Value] = c.pos(k)
			n.Keys = append(n.Keys, Key{Name: k.Value, Pos: c.pos(k), Value: c.convert(v, depth+1)})
		}
		return n
	case yaml.SequenceNode:
		n := &Node{Kind: List, Pos: c.pos(y)}
		for _, item := range y.Content {
			n.Items = append(n.Items, c.convert(item, depth+1))
		}
		return n
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Kind: Null, Tag: TagNull, Pos: c.pos(y)}
		}
		return c.convert(y.Content[0], depth+1)
	}
	n := &Node{Kind: Scalar, Value: y.Value, Pos: c.pos(y)}
	switch strings.TrimPrefix(y.ShortTag(), "!!") {
	case "int":
		n.Tag = TagInt
	case "float":
		n.Tag = TagFloat
	case "bool":
		n.Tag = TagBool
	case "timestamp":
		n.Tag = TagDate
	case "null":
		n.Kind, n.Tag = Null, TagNull
	}
	return n
}
