package mdast

import "github.com/yuin/goldmark/ast"

// KindLangBlock is the kind of a LangBlock node.
var KindLangBlock = ast.NewNodeKind("GlossLangBlock")

// LangBlock is a fenced container that marks its blocks as written in
// another language:
//
//	::: {lang=zh-Hans}
//	> 二是……
//	:::
//
// Its children are ordinary blocks.
type LangBlock struct {
	ast.BaseBlock
	// Lang is the checked BCP 47 tag; empty when the opening fence's
	// attributes were in error, so the container is written without one.
	Lang string
	// Closed is set when a closing fence ended the container, to tell that
	// from one the end of the body (or of its parent) cut short.
	Closed bool
}

// Kind implements ast.Node.
func (n *LangBlock) Kind() ast.NodeKind { return KindLangBlock }

// Dump implements ast.Node.
func (n *LangBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.Lang}, nil)
}

// KindLangSpan is the kind of a LangSpan node.
var KindLangSpan = ast.NewNodeKind("GlossLangSpan")

// LangSpan is a phrase marked as written in another language,
// [不得要求]{lang=zh-Hans}. Its one child is the phrase's text.
type LangSpan struct {
	ast.BaseInline
	Lang string // the checked BCP 47 tag
}

// Kind implements ast.Node.
func (n *LangSpan) Kind() ast.NodeKind { return KindLangSpan }

// Dump implements ast.Node.
func (n *LangSpan) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.Lang}, nil)
}
