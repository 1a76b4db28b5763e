package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// rawHTMLWarner warns where safe mode drops raw HTML: the reader sees
// nothing, the page's source only "<!-- raw HTML omitted -->", so the
// author must hear of it at the place they wrote it. One warning per block
// (a paragraph with <b>…</b> holds two raw tags); HTML comments are not
// content, and dropping them loses nothing.
type rawHTMLWarner struct{}

const (
	rawHTMLWarning = "raw HTML left out: the page shows nothing in its place"
	rawHTMLHint    = "write it in Markdown; if you trust every author of the site, set unsafe_html: true under site: in content/_index.md"
)

func (rawHTMLWarner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(pageKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	st.src = src
	warned := map[ast.Node]bool{} // blocks already warned about
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			lines := n.Lines()
			if lines.Len() == 0 {
				return ast.WalkSkipChildren, nil
			}
			var block []byte
			for i := range lines.Len() {
				seg := lines.At(i)
				block = append(block, seg.Value(src)...)
			}
			if n.HasClosure() {
				block = append(block, n.ClosureLine.Value(src)...)
			}
			if !onlyComments(block) {
				st.warnHint(lines.At(0).Start, rawHTMLHint, rawHTMLWarning)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			block := n.Parent()
			for block != nil && block.Type() != ast.TypeBlock {
				block = block.Parent()
			}
			if n.Segments.Len() == 0 || warned[block] {
				return ast.WalkContinue, nil
			}
			seg := n.Segments.At(0)
			if bytes.HasPrefix(src[seg.Start:], []byte("<!--")) {
				return ast.WalkContinue, nil
			}
			warned[block] = true
			st.warnHint(seg.Start, rawHTMLHint, rawHTMLWarning)
		}
		return ast.WalkContinue, nil
	})
}

func (st *state) warnHint(offset int, hint, format string, args ...any) {
	st.warnf(offset, format, args...)
	st.out.Diags[len(st.out.Diags)-1].Hint = hint
}

// onlyComments reports whether b is HTML comments and white space alone
// ("<!-- --><script>" is not).
func onlyComments(b []byte) bool {
	for {
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			return true
		}
		if !bytes.HasPrefix(b, []byte("<!--")) {
			return false
		}
		end := bytes.Index(b[4:], []byte("-->"))
		if end < 0 {
			return false
		}
		b = b[4+end+3:]
	}
}
