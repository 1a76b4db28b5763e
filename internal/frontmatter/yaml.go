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
		col, hint := 1, ""
		if strings.Contains(msg, "tab character") {
			line, col = indentTab(raw, line)
		}
		if l, c := openQuote(raw); l > 0 && msg == "found unexpected end of stream" {
			line, col, hint = l, c, "this quote is never closed"
		} else if l > 0 && l < line {
			// A quoted value may span lines, so YAML reads on to the next
			// quote and fails further down, where nothing is wrong.
			hint = fmt.Sprintf("the quote opened on line %d, column %d, is not closed on its line", firstLine+l-1, c)
		}
		return nil, []*Error{{Line: firstLine + line - 1, Col: col, Msg: "invalid YAML: " + msg, Hint: hint}}
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

// plainTags are the tags a value may carry: YAML's core schema, whose
// values front matter holds anyway (as in "weight: !!int 3"), and "!",
// which marks text.
var plainTags = map[string]bool{
	"!": true, "!!str": true, "!!int": true, "!!float": true, "!!bool": true,
	"!!null": true, "!!timestamp": true, "!!map": true, "!!seq": true,
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
	c.checkTag(y)
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
			c.checkTag(k)
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

// checkTag reports a tag other than plainTags: a value tagged !!binary,
// !!set or !custom would be read as the text after the tag ("aGVsbG8="
// for a title), not as what the tag asks for.
func (c *yamlConverter) checkTag(y *yaml.Node) {
	if y.Style&yaml.TaggedStyle != 0 && !plainTags[y.ShortTag()] {
		c.errs = append(c.errs, &Error{Line: c.pos(y).Line, Col: c.pos(y).Col,
			Msg: fmt.Sprintf("YAML tag %s is not supported in front matter", y.Tag), Hint: "write the value without it"})
	}
}

// indentTab finds the tab a "tab character that violates indentation"
// error is about: yaml.v3 places that error at the start of the value the
// tab interrupts, often the line before, so the first line from line on
// (1-based, within raw) with a tab in its indentation is the one to show.
// It returns line and column 1 when no such line exists.
func indentTab(raw []byte, line int) (int, int) {
	for i, l := range strings.Split(string(raw), "\n") {
		if i+1 < line {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if j := strings.IndexByte(indent, '\t'); j >= 0 {
			return i + 1, j + 1
		}
	}
	return line, 1
}

// openQuote finds the quoted value a "found unexpected end of stream"
// error is about: yaml.v3 reports it at the end of the front matter, which
// says nothing of where the quote opened. It returns the line and column
// (1-based, within raw) of the first value that opens a quote its line
// does not close, or 0, 0.
func openQuote(raw []byte) (int, int) {
	for i, l := range strings.Split(string(raw), "\n") {
		v := strings.TrimLeft(l, " \t")
		v = strings.TrimLeft(strings.TrimPrefix(v, "-"), " \t")
		if k, rest, ok := strings.Cut(v, ": "); ok && !strings.ContainsAny(k, "\"'") {
			v = strings.TrimLeft(rest, " \t")
		}
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		if !closes(v[1:], v[0]) {
			return i + 1, len(l) - len(v) + 1
		}
	}
	return 0, 0
}

// closes reports whether s (after an opening quote q) closes it: an
// escaped double quote, or a doubled single quote, does not.
func closes(s string, q byte) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return true
		}
	}
	return false
}
