package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/markdown/mdast"
)

// Language containers mark blocks written in another language than the
// page's, so that browsers, screen readers and hyphenation pick the right
// rules for them. The syntax is Pandoc's fenced div, with lang as its one
// attribute:
//
//	::: {lang=zh-Hans}
//	> 二是……
//	:::
//
// becomes <div lang="zh-Hans"> around the blocks inside, which are parsed
// as any others. Containers nest. The opening fence is three or more
// colons, then the attributes in braces (a bare ":::" line opens nothing,
// so it stays text); the closing fence is a line of three or more colons
// alone. An unknown attribute, a tag that is not well-formed BCP 47 and a
// container the body ends inside are errors at their line.

const langHint = `write a BCP 47 tag such as ::: {lang=zh-Hans}, {lang=en} or {lang=pt-BR}`

const spanHint = `write a BCP 47 tag such as [数据]{lang=zh-Hans}, {lang=en} or {lang=pt-BR}`

// maxLangDepth is how deep containers may nest. Each line inside is
// checked against every container open around it, so unbounded nesting,
// which costs the author a few bytes a level, would make a page's
// rendering time grow with the square of its length.
const maxLangDepth = 16

// langContainers is the goldmark extension for language containers.
type langContainers struct{}

func (langContainers) Extend(m goldmark.Markdown) {
	// Ahead of the definition list's ": description" parser (102), which
	// also starts at ":".
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(langParser{}, 90)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(langRenderer{}, 200)))
}

type langParser struct{}

func (langParser) Trigger() []byte { return []byte{':'} }

// colons counts the colons line[pos:] starts with.
func colons(line []byte, pos int) int {
	n := 0
	for pos+n < len(line) && line[pos+n] == ':' {
		n++
	}
	return n
}

// isClosingFence reports whether line is ":::" (or more colons) alone,
// indented less than a code block.
func isClosingFence(line []byte, reader text.Reader) bool {
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w > 3 {
		return false
	}
	n := colons(line, pos)
	return n >= 3 && util.IsBlank(line[pos+n:])
}

func (langParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || line[pos] != ':' {
		return nil, parser.NoChildren
	}
	n := colons(line, pos)
	if n < 3 {
		return nil, parser.NoChildren
	}
	attrs := pos + n + util.TrimLeftSpaceLength(line[pos+n:])
	if attrs >= len(line) || line[attrs] != '{' {
		return nil, parser.NoChildren
	}
	node := &mdast.LangBlock{}
	st, _ := pc.Get(pageKey).(*state)
	// Offsets in the source, for diagnostics: a line read inside a
	// container (a blockquote, a list item) starts at seg.Start, less any
	// tab expansion.
	at := func(i int) int { return max(seg.Start-seg.Padding+i, seg.Start) }
	depth := 0
	for p := parent; p != nil; p = p.Parent() {
		if p.Kind() == mdast.KindLangBlock {
			depth++
		}
	}
	if depth >= maxLangDepth {
		if st != nil {
			st.errorf(at(pos), "close some of the containers around it first",
				"::: containers nest more than %d deep", maxLangDepth)
		}
		return nil, parser.NoChildren
	}
	lang, errAt, msg, hint := parseLangAttrs(line, attrs)
	if msg == "" {
		node.Lang = lang
	} else if st != nil {
		st.errorf(at(errAt), hint, "%s", msg)
	}
	reader.AdvanceToEOL()
	return node, parser.HasChildren
}

// attrSyntax names, in diagnostics, the syntax whose attributes are
// read: a ::: container's or a [text]{...} span's.
type attrSyntax struct {
	noun    string // "container"
	example string // how its one attribute is written
	hint    string // for a tag that is missing or not well-formed
}

var (
	containerSyntax = attrSyntax{"container", "::: {lang=zh-Hans}", langHint}
	spanSyntax      = attrSyntax{"span", "[数据]{lang=zh-Hans}", spanHint}
)

// parseLangAttrs reads a ::: container's "{lang=tag}" starting at
// line[open] (the "{"), and what may follow it on the line: spaces and
// more colons. It returns the tag, or an error message with where in
// line it is and a hint.
func parseLangAttrs(line []byte, open int) (lang string, at int, msg, hint string) {
	lang, end, at, msg, hint := readLangAttrs(line, open, containerSyntax)
	if msg != "" {
		return "", at, msg, hint
	}
	rest := bytes.TrimLeft(line[end:], " \t")
	rest = bytes.TrimLeft(rest, ":")
	if !util.IsBlank(rest) {
		return "", len(line) - len(rest), "text after a container's attributes", "put the text on the next line"
	}
	return lang, 0, "", ""
}

// readLangAttrs reads "{lang=tag}" starting at line[open] (the "{"): the
// one attribute both syntaxes take. It returns the tag and the index just
// after the "}", or an error message with where in line it is and a hint.
func readLangAttrs(line []byte, open int, syn attrSyntax) (lang string, end, at int, msg, hint string) {
	i := open + 1
	seen := false
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) || line[i] == '\n' || line[i] == '\r' {
			return "", 0, open, syn.noun + " attributes have no closing }", syn.hint
		}
		if line[i] == '}' {
			break
		}
		start := i
		for i < len(line) && strings.IndexByte(" \t\r\n=}", line[i]) < 0 {
			i++
		}
		key := string(line[start:i])
		if key != "lang" {
			return "", 0, start, fmt.Sprintf("%s attribute %q is not supported", syn.noun, key),
				"the one attribute a " + syn.noun + " takes is lang, as in " + syn.example
		}
		if i >= len(line) || line[i] != '=' {
			return "", 0, start, "lang has no value", syn.hint
		}
		i++
		var value string
		if i < len(line) && (line[i] == '"' || line[i] == '\'') {
			q := line[i]
			end := bytes.IndexByte(line[i+1:], q)
			if end < 0 {
				return "", 0, i, "lang value has no closing quote", syn.hint
			}
			value = string(line[i+1 : i+1+end])
			i += end + 2
		} else {
			for i < len(line) && strings.IndexByte(" \t\r\n}", line[i]) < 0 {
				i++
			}
			value = string(line[start+len("lang=") : i])
		}
		if seen {
			return "", 0, start, "lang is given twice", "keep one lang attribute"
		}
		seen = true
		if !frontmatter.WellFormedLang(value) {
			return "", 0, start + len("lang="), fmt.Sprintf("%q is not a well-formed language tag", value), syn.hint
		}
		lang = value
	}
	if !seen {
		return "", 0, open, syn.noun + " has no lang attribute", syn.hint
	}
	return lang, i + 1, 0, "", ""
}

func (langParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if !isClosingFence(line, reader) {
		return parser.Continue | parser.HasChildren
	}
	// The fence belongs to the innermost container open, and is text in
	// a fenced code block: a block opened inside this one that is either
	// gets the line. (Open blocks nest, innermost last; the look stops at
	// the first container, so it is short.)
	blocks := pc.OpenedBlocks()
	for i := len(blocks) - 1; i >= 0 && blocks[i].Node != node; i-- {
		switch blocks[i].Node.Kind() {
		case mdast.KindLangBlock, ast.KindFencedCodeBlock:
			return parser.Continue | parser.HasChildren
		}
	}
	node.(*mdast.LangBlock).Closed = true
	reader.AdvanceToEOL()
	return parser.Close
}

func (langParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if node.(*mdast.LangBlock).Closed {
		return
	}
	if st, _ := pc.Get(pageKey).(*state); st != nil {
		st.errorf(node.Pos(), `end it with a line of three colons, ":::"`, "::: container is never closed")
	}
}

func (langParser) CanInterruptParagraph() bool { return true }

func (langParser) CanAcceptIndentedLine() bool { return false }

type langRenderer struct{}

func (langRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindLangBlock, renderLang)
	reg.Register(mdast.KindLangSpan, renderLangSpan)
}

func renderLang(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	n := node.(*mdast.LangBlock)
	if n.Lang == "" {
		_, _ = w.WriteString("<div>\n")
		return ast.WalkContinue, nil
	}
	// The tag is letters, digits and hyphens; escaped all the same, as
	// every attribute value is.
	_, _ = w.WriteString(`<div lang="`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.Lang)))
	_, _ = w.WriteString("\">\n")
	return ast.WalkContinue, nil
}
