// Package mdast holds the goldmark node kinds of gloss's own Markdown
// syntax: glossary terms ([[term]]), citations ([@key]) and language
// containers (::: {lang=zh-Hans}). The parsers
// and renderers that make and write them live in package markdown; the
// nodes are here, as goldmark keeps an extension's nodes apart from its
// parsers, so that anything walking a gloss AST can name them.
package mdast

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// KindTerm is the kind of a Term node.
var KindTerm = ast.NewNodeKind("GlossTerm")

// Term is a use of a glossary term: [[term]] or [[term|shown text]].
type Term struct {
	ast.BaseInline
	// Name is the term as written, which names the glossary entry.
	Name string
	// Shown is what the reader sees: Name, or the text after the "|".
	Shown string
	// Href is the resolved glossary page; empty when it did not resolve.
	Href string
}

// Kind implements ast.Node.
func (n *Term) Kind() ast.NodeKind { return KindTerm }

// Dump implements ast.Node.
func (n *Term) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Shown": n.Shown, "Href": n.Href}, nil)
}

// KindCitation is the kind of a Citation node.
var KindCitation = ast.NewNodeKind("GlossCitation")

// Citation points at entries of the page's sources: [@key], [@key, p. 4]
// or [@a; @b].
type Citation struct {
	ast.BaseInline
	Items []CiteItem
}

// CiteItem is one key of a citation.
type CiteItem struct {
	Key     string
	Locator string // what follows the key's comma ("p. 4"), trimmed
	Href    string // "#src-key"; empty when the key did not resolve
	Label   string // what to show, the source's number
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	kv := map[string]string{}
	for i, it := range n.Items {
		kv[fmt.Sprintf("Item%d", i)] = it.Key + " " + it.Locator + " -> " + it.Href
	}
	ast.DumpHelper(n, source, level, kv, nil)
}
