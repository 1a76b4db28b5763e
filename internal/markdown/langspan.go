package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/markdown/mdast"
)

// Language spans mark a phrase inside a paragraph or a heading as written
// in another language than the page's. The syntax is Pandoc's bracketed
// span, with lang as its one attribute:
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

// spanHeadingParser wraps goldmark's ATX or setext heading parser. With
// heading attributes on ("## Title {#id}"), goldmark takes any braces
// that end a heading for the heading's, so that a span ending one, "## The
// [数据]{lang=zh-Hans}", lost its lang and showed its brackets. Braces
// right after a "]" that start with lang are the span's (as Pandoc reads
// them): the wrapper gives them back to the heading's text, for the span
// parser, before the heading's ID is made.
type spanHeadingParser struct {
	parser.BlockParser
	setext bool // attributes are read in Close, not Open
}

func (p spanHeadingParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	n, st := p.BlockParser.Open(parent, reader, pc)
	if h, ok := n.(*ast.Heading); ok && !p.setext && !giveBackSpan(h, reader.Source()) {
		reportRepeated(h, reader.Source(), pc)
	}
	return n, st
}

func (p spanHeadingParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	// The setext parser reads the attributes here, the ATX one in Open.
	p.BlockParser.Close(node, reader, pc)
	h, ok := node.(*ast.Heading)
	if !ok {
		return
	}
	if p.setext {
		if giveBackSpan(h, reader.Source()) {
			// The ID is made afterwards from the whole text (ids.go).
			h.SetAttributeString("id", []byte(autoID))
			return
		}
		reportRepeated(h, reader.Source(), pc)
	}
	textAttributes(h)
	if id, _ := h.AttributeString("id"); id != nil && len(id.([]byte)) > 0 {
		pc.IDs().Put(id.([]byte))
		return
	}
	var line []byte
	if lines := h.Lines(); lines.Len() > 0 {
		last := lines.At(lines.Len() - 1)
		line = last.Value(reader.Source())
	}
	h.SetAttributeString("id", pc.IDs().Generate(line, ast.KindHeading))
}

// optAutoHeadingID is goldmark's name for parser.WithAutoHeadingID. The
// wrapper makes or reserves each heading's ID itself, in Close: goldmark's
// parsers take a hand-written id to be text, and panic on {id=5}.
const optAutoHeadingID parser.OptionName = "AutoHeadingID"

// SetOption passes goldmark's heading options (attributes) on to the
// wrapped parser, except automatic IDs, which Close makes.
func (p spanHeadingParser) SetOption(name parser.OptionName, value any) {
	if name == optAutoHeadingID {
		return
	}
	if so, ok := p.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// textAttributes makes every attribute of h text, as the link pass and
// goldmark's renderer expect. goldmark reads {id=5} as a number and
// {lang=true} as a boolean: those become the text written; null, a list
// or braces become empty text, which the link pass does not take (an
// empty id gets the automatic one, an empty lang is an error).
func textAttributes(h *ast.Heading) {
	for _, a := range h.Attributes() {
		var v []byte
		switch x := a.Value.(type) {
		case []byte:
			continue
		case string:
			v = []byte(x)
		case float64:
			v = strconv.AppendFloat(nil, x, 'f', -1, 64)
		case bool:
			v = strconv.AppendBool(nil, x)
		default:
			v = []byte{}
		}
		h.SetAttribute(a.Name, v)
	}
}

// reportRepeated reports each attribute that h's braces give more than
// once, as in "## Title {lang=en lang=fr}": goldmark keeps the last one
// without a word. Classes are exempt: goldmark joins them, as {.a .b}
// means.
func reportRepeated(h *ast.Heading, src []byte, pc parser.Context) {
	lines := h.Lines()
	if h.Attributes() == nil || lines.Len() == 0 {
		return
	}
	// goldmark cut the last line before the braces it took, and before a
	// closing sequence of #s ahead of them ("## A ## {…}"): they are the
	// first "{" after the cut.
	at := lines.At(lines.Len() - 1).Stop
	end := bytes.IndexByte(src[at:], '\n')
	if end < 0 {
		end = len(src) - at
	}
	open := bytes.IndexByte(src[at:at+end], '{')
	if open < 0 {
		return
	}
	at, end = at+open, end-open
	attrs, ok := parser.ParseAttributes(text.NewReader(src[at : at+end]))
	st, _ := pc.Get(pageKey).(*state)
	if !ok || st == nil {
		return
	}
	given := map[string]int{}
	for _, a := range attrs {
		name := string(a.Name)
		if given[name]++; given[name] == 2 { // said once for each name
			st.errorf(at, "keep one "+name+" attribute", "heading attribute %s is given twice; only the last would be kept", name)
		}
	}
}

// giveBackSpan undoes goldmark's reading of a language span's braces as
// h's attributes, reporting whether it did.
func giveBackSpan(h *ast.Heading, src []byte) bool {
	lines := h.Lines()
	if h.Attributes() == nil || lines.Len() == 0 {
		return false
	}
	last := lines.At(lines.Len() - 1)
	// goldmark cut the line at the "{" of the braces it took.
	at := last.Stop
	if at < 1 || at >= len(src) || src[at] != '{' || src[at-1] != ']' {
		return false
	}
	attrs := src[at+1:]
	if !bytes.HasPrefix(attrs[util.TrimLeftSpaceLength(attrs):], []byte("lang")) {
		return false
	}
	end := bytes.IndexByte(src[at:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += at
	}
	last.Stop = end
	lines.Set(lines.Len()-1, last.TrimRightSpace(src))
	h.RemoveAttributes()
	return true
}
