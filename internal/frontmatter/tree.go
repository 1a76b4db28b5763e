package frontmatter

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// Kind is the shape of a Node.
type Kind int

const (
	Null Kind = iota
	Scalar
	Map
	List
)

func (k Kind) String() string {
	return [...]string{"nothing", "a value", "a mapping", "a list"}[k]
}

// Tag says what a scalar was written as, so that decoding can tell the
// number 2 from the text "2" and the date 2020-09-08 from a string.
type Tag int

const (
	TagString Tag = iota
	TagInt
	TagFloat
	TagBool
	TagDate
	TagNull
)

// Pos is a place in a content file, 1-based.
type Pos struct{ Line, Col int }

// Node is one value of a front matter tree, with the place it was written.
// Both YAML and TOML parse into Nodes, so decoding, strictness and positions
// are one code path whatever the syntax.
type Node struct {
	Kind  Kind
	Tag   Tag
	Value string // scalar text (strings unquoted, numbers as written)
	Keys  []Key  // Map entries in source order
	Items []*Node
	Pos   Pos
}

// Key is one entry of a Map.
type Key struct {
	Name  string
	Pos   Pos
	Value *Node
}

// Get returns the value of key name in a Map node, or nil.
func (n *Node) Get(name string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, k := range n.Keys {
		if k.Name == name {
			return k.Value
		}
	}
	return nil
}

// Origin finds the text value of the tree that s is, as decoded (the
// free-form params hold a text value's Value itself): its place, and its
// path below n ("gather[1]"). It compares where the strings' bytes are,
// not what they say, so that text which merely reads the same (a layout's
// own "article") is not taken for what the author wrote.
func (n *Node) Origin(s string) (pos Pos, path string, ok bool) {
	if n == nil || s == "" {
		return Pos{}, "", false
	}
	switch n.Kind {
	case Scalar:
		if n.Tag == TagString && len(n.Value) == len(s) && unsafe.StringData(n.Value) == unsafe.StringData(s) {
			return n.Pos, "", true
		}
	case Map:
		for _, k := range n.Keys {
			if pos, path, ok := k.Value.Origin(s); ok {
				return pos, k.Name + dotted(path), true
			}
		}
	case List:
		for i, item := range n.Items {
			if pos, path, ok := item.Origin(s); ok {
				return pos, "[" + strconv.Itoa(i) + "]" + dotted(path), true
			}
		}
	}
	return Pos{}, "", false
}

// dotted is the path below a key or list item as it follows it: ".key"
// or "[i]".
func dotted(path string) string {
	if path == "" || path[0] == '[' {
		return path
	}
	return "." + path
}

// maxNodes bounds the size of a front matter tree. Real front matter has a
// few dozen nodes; the bound stops YAML alias bombs from expanding into
// millions of nodes while still allowing very large hand-written blocks.
const maxNodes = 100_000

// maxBytes bounds the size of a front matter block, checked before it is
// parsed: the parsers build a whole expression (a TOML inline table, a
// YAML document) before the tree is counted against maxNodes. Real front
// matter is a few kilobytes; a long list of sources, a few hundred.
const maxBytes = 1 << 20

// checkSize reports front matter over maxBytes, at the opening fence.
func checkSize(raw []byte, firstLine int) []*Error {
	if len(raw) <= maxBytes {
		return nil
	}
	return []*Error{{Line: firstLine - 1, Col: 1,
		Msg:  fmt.Sprintf("front matter is too large (%d KB, over the %d KB limit)", (len(raw)+1023)/1024, maxBytes/1024),
		Hint: "front matter is for a page's metadata; long text belongs in the body"}}
}

// checkControls reports each key and text of the tree that holds a
// control character other than a tab or a line break. Neither syntax
// lets one be typed, but both write one from an escape ("\0", "\e",
// "\u0007"), which a title would then carry into every page that shows
// it, and a terminal that prints it would obey.
func checkControls(n *Node) []*Error {
	var errs []*Error
	var walk func(n *Node)
	walk = func(n *Node) {
		if n == nil {
			return
		}
		if r, ok := control(n.Value); ok && n.Kind == Scalar {
			errs = append(errs, &Error{Line: n.Pos.Line, Col: n.Pos.Col,
				Msg: fmt.Sprintf("text holds the control character %U", r), Hint: "remove the escape that writes it"})
		}
		for _, k := range n.Keys {
			if r, ok := control(k.Name); ok {
				errs = append(errs, &Error{Line: k.Pos.Line, Col: k.Pos.Col,
					Msg: fmt.Sprintf("key holds the control character %U", r), Hint: "remove the escape that writes it"})
			}
			walk(k.Value)
		}
		for _, item := range n.Items {
			walk(item)
		}
	}
	walk(n)
	return errs
}

// control returns the first control character of s but a tab, a line
// feed or a carriage return.
func control(s string) (rune, bool) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f)
	})
	if i < 0 {
		return 0, false
	}
	for _, r := range s[i:] {
		return r, true
	}
	return 0, false
}
