package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/markdown/mdast"
)

// Language spans mark a phrase inside a paragraph as written in another
// language than the page's. The syntax is Pandoc's bracketed span, with
// lang as its one attribute:
//
//	the speech's Chinese says "must not compel" ([不得强制要求]{lang=zh-Hans})
//
// becomes <span lang="zh-Hans">不得强制要求</span>. The phrase is plain
// text on one line, without brackets (no emphasis, links or terms inside).
// Braces that do not start with lang leave the brackets as they are, so
// "[x]{y}" stays text; once they do, an unknown attribute, a tag that is
// not well-formed BCP 47 and a missing "}" are errors at their column.

// langSpanParser parses [phrase]{lang=tag}.
type langSpanParser struct{}

func (langSpanParser) Trigger() []byte { return []byte{'['} }

func (langSpanParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	// The phrase ends at the first bracket, which must be "]" followed by
	// "{": looking no further keeps a line of many "[" linear.
	end := 1 + bytes.IndexAny(line[1:], "[]")
	if end < 1 || line[end] != ']' || end+1 >= len(line) || line[end+1] != '{' {
		return nil
	}
	phrase := line[1:end]
	if util.IsBlank(phrase) || bytes.ContainsAny(phrase, "\n\r") {
		return nil
	}
	attrs := line[end+2:]
	if !bytes.HasPrefix(attrs[util.TrimLeftSpaceLength(attrs):], []byte("lang")) {
		return nil
	}
	lang, after, at, msg, hint := readLangAttrs(line, end+1, spanSyntax)
	if msg != "" {
		if st, _ := pc.Get(pageKey).(*state); st != nil {
			st.errorf(seg.Start+at, hint, "%s", msg)
		}
		return nil
	}
	block.Advance(after)
	n := &mdast.LangSpan{Lang: lang}
	n.AppendChild(n, ast.NewTextSegment(text.NewSegment(seg.Start+1, seg.Start+end)))
	return n
}

func renderLangSpan(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</span>")
		return ast.WalkContinue, nil
	}
	// The tag is letters, digits and hyphens; escaped all the same, as
	// every attribute value is.
	_, _ = w.WriteString(`<span lang="`)
	_, _ = w.Write(util.EscapeHTML([]byte(node.(*mdast.LangSpan).Lang)))
	_, _ = w.WriteString(`">`)
	return ast.WalkContinue, nil
}
