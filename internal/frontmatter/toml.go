package frontmatter

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// parseTOML parses raw (which starts at file line firstLine) into a tree. It
// walks go-toml's positioned AST rather than decoding into maps, so that
// every key and value keeps its line and column.
func parseTOML(raw []byte, firstLine int) (*Node, []*Error) {
	t := tomlBuilder{firstLine: firstLine}
	t.root = &Node{Kind: Map, Pos: Pos{firstLine, 1}}
	t.current = t.root
	t.p.Reset(raw)
	for t.p.NextExpression() {
		e := t.p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			t.keyValue(t.current, e)
		case unstable.Table:
			t.table(e, false)
		case unstable.ArrayTable:
			t.table(e, true)
		}
		if t.nodes > maxNodes {
			return nil, []*Error{{Line: firstLine, Col: 1, Msg: "front matter is too large"}}
		}
	}
	if err := t.p.Error(); err != nil {
		var perr *unstable.ParserError
		pos := Pos{firstLine, 1}
		msg := err.Error()
		if errors.As(err, &perr) {
			msg = perr.Message
			if perr.Highlight != nil {
				pos = t.posOfSlice(perr.Highlight)
			}
		}
		return nil, []*Error{{Line: pos.Line, Col: pos.Col, Msg: "invalid TOML: " + msg}}
	}
	return t.root, t.errs
}

type tomlBuilder struct {
	p         unstable.Parser
	firstLine int
	root      *Node
	current   *Node
	nodes     int
	errs      []*Error
	// explicit records tables created by a [header], so that defining the
	// same table twice is an error as the TOML spec requires.
	explicit map[*Node]bool
}

func (t *tomlBuilder) pos(r unstable.Range) Pos {
	s := t.p.Shape(r).Start
	return Pos{t.firstLine + s.Line - 1, s.Column}
}

func (t *tomlBuilder) posOfSlice(b []byte) (p Pos) {
	defer func() {
		if recover() != nil { // highlight not within the input
			p = Pos{t.firstLine, 1}
		}
	}()
	return t.pos(t.p.Range(b))
}

func (t *tomlBuilder) errorf(p Pos, format string, args ...any) {
	t.errs = append(t.errs, &Error{Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)})
}

// keyParts returns the dotted key of a KeyValue, Table or ArrayTable.
func (t *tomlBuilder) keyParts(e *unstable.Node) (names []string, places []Pos) {
	it := e.Key()
	for it.Next() {
		k := it.Node()
		names = append(names, string(k.Data))
		places = append(places, t.pos(k.Raw))
	}
	return names, places
}

// descend walks (creating as needed) the maps named by names below m.
func (t *tomlBuilder) descend(m *Node, names []string, places []Pos) *Node {
	for i, name := range names {
		next := m.Get(name)
		switch {
		case next == nil:
			next = &Node{Kind: Map, Pos: places[i]}
			m.Keys = append(m.Keys, Key{Name: name, Pos: places[i], Value: next})
			t.nodes++
		case next.Kind == List && len(next.Items) > 0 && next.Items[len(next.Items)-1].Kind == Map:
			next = next.Items[len(next.Items)-1] // the latest [[array table]]
		case next.Kind != Map:
			t.errorf(places[i], "key %q is already set to %s", strings.Join(names[:i+1], "."), next.Kind)
			return nil
		}
		m = next
	}
	return m
}

func (t *tomlBuilder) keyValue(into *Node, e *unstable.Node) {
	if into == nil {
		return
	}
	names, places := t.keyParts(e)
	m := t.descend(into, names[:len(names)-1], places)
	if m == nil {
		return
	}
	last := names[len(names)-1]
	if prev := m.Get(last); prev != nil {
		t.errorf(places[len(places)-1], "key %q is already set at line %d", strings.Join(names, "."), prev.Pos.Line)
		return
	}
	v := t.value(e.Value())
	m.Keys = append(m.Keys, Key{Name: last, Pos: places[len(places)-1], Value: v})
}

func (t *tomlBuilder) table(e *unstable.Node, array bool) {
	names, places := t.keyParts(e)
	parent := t.descend(t.root, names[:len(names)-1], places)
	if parent == nil {
		t.current = nil
		return
	}
	last, lastPos := names[len(names)-1], places[len(places)-1]
	existing := parent.Get(last)
	if t.explicit == nil {
		t.explicit = map[*Node]bool{}
	}
	if array {
		if existing == nil {
			existing = &Node{Kind: List, Pos: lastPos}
			parent.Keys = append(parent.Keys, Key{Name: last, Pos: lastPos, Value: existing})
		} else if existing.Kind != List {
			t.errorf(lastPos, "key %q is already set to %s", strings.Join(names, "."), existing.Kind)
			t.current = nil
			return
		}
		item := &Node{Kind: Map, Pos: lastPos}
		existing.Items = append(existing.Items, item)
		t.nodes++
		t.current = item
		return
	}
	switch {
	case existing == nil:
		existing = &Node{Kind: Map, Pos: lastPos}
		parent.Keys = append(parent.Keys, Key{Name: last, Pos: lastPos, Value: existing})
		t.nodes++
	case existing.Kind != Map || t.explicit[existing]:
		t.errorf(lastPos, "table %q is already defined at line %d", strings.Join(names, "."), existing.Pos.Line)
		t.current = nil
		return
	}
	t.explicit[existing] = true
	t.current = existing
}

func (t *tomlBuilder) value(v *unstable.Node) *Node {
	t.nodes++
	p := t.pos(v.Raw)
	switch v.Kind {
	case unstable.Array:
		n := &Node{Kind: List, Pos: p}
		it := v.Children()
		for it.Next() {
			n.Items = append(n.Items, t.value(it.Node()))
		}
		return n
	case unstable.InlineTable:
		n := &Node{Kind: Map, Pos: p}
		it := v.Children()
		for it.Next() {
			t.keyValue(n, it.Node())
		}
		return n
	}
	n := &Node{Kind: Scalar, Value: string(v.Data), Pos: p}
	switch v.Kind {
	case unstable.Integer:
		n.Tag = TagInt
		n.Value = strings.ReplaceAll(n.Value, "_", "")
	case unstable.Float:
		n.Tag = TagFloat
		n.Value = strings.ReplaceAll(n.Value, "_", "")
	case unstable.Bool:
		n.Tag = TagBool
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		n.Tag = TagDate
	case unstable.LocalTime:
		n.Tag = TagString
	}
	return n
}
