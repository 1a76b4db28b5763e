package frontmatter

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
)

// parseTOML parses raw (which starts at file line firstLine) into a tree. It
// walks go-toml's positioned AST rather than decoding into maps, so that
// every key and value keeps its line and column.
func parseTOML(raw []byte, firstLine int) (*Node, []*Error) {
	if errs := checkSize(raw, firstLine); errs != nil {
		return nil, errs
	}
	t := tomlBuilder{firstLine: firstLine, raw: raw, lines: []int{0}, marks: make([]int, 0, len(raw)/markStep+1)}
	chars := 0
	for i, c := range raw {
		if i%markStep == 0 {
			t.marks = append(t.marks, chars)
		}
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
		if utf8.RuneStart(c) {
			chars++
		}
	}
	t.marks = append(t.marks, chars) // for len(raw) a multiple of markStep
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
		if t.tooLarge() {
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
	raw       []byte
	lines     []int // offsets in raw where each line starts
	// marks[i] is the number of characters in raw[:i*markStep], so that
	// a column costs at most markStep steps however long its line.
	marks []int
	// keys indexes every Map's keys: a Map of many keys (an inline table
	// can hold tens of thousands on one line) would make each lookup in
	// Keys a scan.
	keys    map[mapKey]*Node
	root    *Node
	current *Node
	nodes   int
	errs    []*Error
	// explicit records tables created by a [header], so that defining the
	// same table twice is an error as the TOML spec requires.
	explicit map[*Node]bool
	// dotted records tables created by dotted keys, which the spec forbids
	// a [header] to define again.
	dotted map[*Node]bool
	// sealed records inline tables and static arrays, which the spec says
	// are complete as written: no key or [[array table]] may extend them.
	sealed map[*Node]bool
}

type mapKey struct {
	m    *Node
	name string
}

// markStep is the spacing in bytes of tomlBuilder.marks.
const markStep = 64

// pos is the file position of r. go-toml's own Shape counts columns in
// bytes and scans from the start of the input for every call; this counts
// characters, as diagnostics do, with a binary search over line starts.
func (t *tomlBuilder) pos(r unstable.Range) Pos {
	return t.offsetPos(int(r.Offset))
}

func (t *tomlBuilder) offsetPos(off int) Pos {
	off = min(max(off, 0), len(t.raw))
	i := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	return Pos{t.firstLine + i, t.charsBefore(off) - t.charsBefore(t.lines[i]) + 1}
}

// charsBefore counts the characters in raw[:off]. raw is valid UTF-8
// (SplitFile checks), where every byte but a continuation byte starts one.
func (t *tomlBuilder) charsBefore(off int) int {
	m := off / markStep
	n := t.marks[m]
	for _, c := range t.raw[m*markStep : off] {
		if utf8.RuneStart(c) {
			n++
		}
	}
	return n
}

// get is m.Get(name) through the index.
func (t *tomlBuilder) get(m *Node, name string) *Node {
	return t.keys[mapKey{m, name}]
}

// add appends a key to m and indexes it.
func (t *tomlBuilder) add(m *Node, k Key) {
	if t.keys == nil {
		t.keys = map[mapKey]*Node{}
	}
	m.Keys = append(m.Keys, k)
	t.keys[mapKey{m, k.Name}] = k.Value
}

// tooLarge reports whether the tree has outgrown maxNodes. It is checked
// as values are converted, not only between expressions, so that one huge
// inline table or array stops at the bound.
func (t *tomlBuilder) tooLarge() bool { return t.nodes > maxNodes }

func (t *tomlBuilder) posOfSlice(b []byte) (p Pos) {
	defer func() {
		if recover() != nil { // highlight not within the input
			p = Pos{t.firstLine, 1}
		}
	}()
	return t.pos(t.p.Range(b))
}

// valueAfter finds where the value of a key = value line starts, given the
// offset just after the key: go-toml records no position for arrays.
func (t *tomlBuilder) valueAfter(keyEnd int, fallback Pos) Pos {
	i := keyEnd
	skip := func() {
		for i < len(t.raw) && (t.raw[i] == ' ' || t.raw[i] == '\t') {
			i++
		}
	}
	skip()
	if i >= len(t.raw) || t.raw[i] != '=' {
		return fallback
	}
	i++
	skip()
	return t.offsetPos(i)
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

// descend walks (creating as needed) the maps named by names below m;
// dotted says the names come from a dotted key rather than a [header].
func (t *tomlBuilder) descend(m *Node, names []string, places []Pos, dotted bool) *Node {
	for i, name := range names {
		next := t.get(m, name)
		switch {
		case next == nil:
			next = &Node{Kind: Map, Pos: places[i]}
			t.add(m, Key{Name: name, Pos: places[i], Value: next})
			t.nodes++
			if dotted {
				if t.dotted == nil {
					t.dotted = map[*Node]bool{}
				}
				t.dotted[next] = true
			}
		case t.sealed[next]:
			t.errorf(places[i], "key %q is an inline value at line %d and cannot be extended", strings.Join(names[:i+1], "."), next.Pos.Line)
			return nil
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
	m := t.descend(into, names[:len(names)-1], places, true)
	if m == nil {
		return
	}
	last := names[len(names)-1]
	if prev := t.get(m, last); prev != nil {
		t.errorf(places[len(places)-1], "key %q is already set at line %d", strings.Join(names, "."), prev.Pos.Line)
		return
	}
	it := e.Key()
	var keyEnd int
	for it.Next() {
		r := it.Node().Raw
		keyEnd = int(r.Offset + r.Length)
	}
	v := t.value(e.Value(), t.valueAfter(keyEnd, places[len(places)-1]), false)
	t.add(m, Key{Name: last, Pos: places[len(places)-1], Value: v})
}

func (t *tomlBuilder) table(e *unstable.Node, array bool) {
	names, places := t.keyParts(e)
	parent := t.descend(t.root, names[:len(names)-1], places, false)
	if parent == nil {
		t.current = nil
		return
	}
	last, lastPos := names[len(names)-1], places[len(places)-1]
	existing := t.get(parent, last)
	if t.explicit == nil {
		t.explicit = map[*Node]bool{}
	}
	if array {
		if existing == nil {
			existing = &Node{Kind: List, Pos: lastPos}
			t.add(parent, Key{Name: last, Pos: lastPos, Value: existing})
		} else if existing.Kind != List || t.sealed[existing] {
			t.errorf(lastPos, "key %q is already set to %s at line %d", strings.Join(names, "."), existing.Kind, existing.Pos.Line)
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
		t.add(parent, Key{Name: last, Pos: lastPos, Value: existing})
		t.nodes++
	case existing.Kind != Map || t.explicit[existing] || t.dotted[existing] || t.sealed[existing]:
		t.errorf(lastPos, "table %q is already defined at line %d", strings.Join(names, "."), existing.Pos.Line)
		t.current = nil
		return
	}
	t.explicit[existing] = true
	t.current = existing
}

// value converts a value node. at is where an array starts, which go-toml
// does not record: the place after "=" for a key's value. An array nested
// in another (inner) is placed at its first element with a place of its
// own, found as the elements are converted (looking ahead for it at every
// level made deep nesting quadratic); an empty one takes at.
func (t *tomlBuilder) value(v *unstable.Node, at Pos, inner bool) *Node {
	t.nodes++
	if t.sealed == nil {
		t.sealed = map[*Node]bool{}
	}
	switch v.Kind {
	case unstable.Array:
		n := &Node{Kind: List, Pos: at}
		t.sealed[n] = true
		it := v.Children()
		for it.Next() && !t.tooLarge() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			item := t.value(c, n.Pos, true)
			if inner && len(n.Items) == 0 {
				n.Pos = item.Pos
			}
			n.Items = append(n.Items, item)
		}
		return n
	case unstable.InlineTable:
		n := &Node{Kind: Map, Pos: t.pos(v.Raw)}
		t.sealed[n] = true
		it := v.Children()
		for it.Next() && !t.tooLarge() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				t.keyValue(n, c)
			}
		}
		return n
	}
	p := t.pos(v.Raw)
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
