package markdown

import (
	"bufio"
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	tdhtml "github.com/tdewolff/parse/v2/html"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/gloss-ssg/gloss/internal/markdown/mdast"
)

// Part is a stretch of a body's text as a reader reads it, for the search
// index: the text before the first heading of level 2 or 3 (ID and
// Heading empty), or such a heading and the text up to the next one.
// White space is collapsed to single spaces. Code blocks are left out,
// and so are footnote numbers and back-links (links, not words), the
// sidenotes (their text is in the list of notes, which ends the body) and
// citations' bracketed numbers; inline code is kept.
type Part struct {
	ID      string // the heading's id, as the HTML writes it
	Heading string
	Text    string
}

// skippedTags are elements whose content is not text a reader searches
// for: code blocks (<pre>: listings are matched poorly by word search,
// would bloat the index with identifiers and repeat across pages) and,
// in raw HTML, anything that is not prose.
var skippedTags = map[string]bool{"pre": true, "script": true, "style": true, "template": true,
	"textarea": true, "svg": true, "math": true, "noscript": true, "iframe": true, "object": true}

// inlineTags do not separate words: "<em>data</em>base" is one word;
// every other element is a boundary ("<td>a</td><td>b</td>" is two).
var inlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true,
	"code": true, "data": true, "del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "time": true, "u": true, "var": true}

var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// plainSpan is a Part whose heading and text are ranges of the buffer.
type plainSpan struct {
	id            string
	heading, text [2]int
}

// plainText collects a body's text from its syntax tree, element by
// element as the HTML renderer writes them: each node tells it the tags
// it opens and closes and the text it writes, and raw HTML (with
// UnsafeHTML) is read by an HTML lexer into the same calls.
type plainText struct {
	buf       []byte
	spans     []plainSpan
	seg       int    // where the text being written (a heading or a part's text) starts
	space     bool   // a boundary is pending
	inHeading string // "h2" or "h3" while inside one
	skip      string // the element being skipped
	skipDepth int
	unsafe    bool
	w         *bufio.Writer // goldmark's writer writes into wbuf
	wbuf      bytes.Buffer
}

// plainParts returns the text of the rendered document doc.
func plainParts(doc ast.Node, src []byte, unsafe bool) []Part {
	// The text is rarely longer than the Markdown it comes from: sized so,
	// the buffer is made once rather than grown by doubling, which had
	// made a 10,000-page build allocate three times the text's bytes.
	t := &plainText{buf: make([]byte, 0, len(src)), spans: []plainSpan{{}}, unsafe: unsafe}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		return t.node(n, src, entering), nil
	})
	if t.inHeading != "" {
		t.spans[len(t.spans)-1].heading = t.end()
	}
	t.spans[len(t.spans)-1].text = t.end()
	all := string(t.buf) // one string; the parts are slices of it
	parts := make([]Part, len(t.spans))
	for i, sp := range t.spans {
		parts[i] = Part{ID: sp.id, Heading: all[sp.heading[0]:sp.heading[1]], Text: all[sp.text[0]:sp.text[1]]}
	}
	return parts
}

func (t *plainText) end() [2]int {
	r := [2]int{t.seg, len(t.buf)}
	t.seg, t.space = len(t.buf), false
	return r
}

// open and close are the tags an element writes; attr gives its
// attributes (class, id).
func (t *plainText) open(name string, attr func(string) string) { t.tag(name, false, attr) }
func (t *plainText) close(name string)                          { t.tag(name, true, nil) }

func (t *plainText) tag(name string, closing bool, attr func(string) string) {
	if t.skip != "" {
		if name == t.skip {
			if closing {
				t.skipDepth--
			} else {
				t.skipDepth++
			}
			if t.skipDepth == 0 {
				t.skip = ""
				t.space = true
			}
		}
		return
	}
	if !closing && (skippedTags[name] || name == "a" && isFootnoteLinkClass(attr) || name == "span" && isSkippedSpanClass(attr)) {
		if !voidTags[name] {
			t.skip, t.skipDepth = name, 1
		}
		return
	}
	switch {
	case (name == "h2" || name == "h3") && !closing && t.inHeading == "":
		t.spans[len(t.spans)-1].text = t.end()
		id := ""
		if attr != nil {
			id = attr("id")
		}
		t.spans = append(t.spans, plainSpan{id: id})
		t.inHeading = name
	case t.inHeading != "" && name == t.inHeading && closing:
		t.spans[len(t.spans)-1].heading = t.end()
		t.inHeading = ""
	case !inlineTags[name]:
		t.space = true
	}
}

func isFootnoteLinkClass(attr func(string) string) bool {
	if attr == nil {
		return false
	}
	c := attr("class")
	return strings.Contains(c, "footnote-ref") || strings.Contains(c, "footnote-backref")
}

func isSkippedSpanClass(attr func(string) string) bool {
	if attr == nil {
		return false
	}
	c := attr("class")
	return c == "sidenote" || c == "cite"
}

func class(c string) func(string) string {
	return func(name string) string {
		if name == "class" {
			return c
		}
		return ""
	}
}

// text adds text as the HTML writes it, character references decoded.
func (t *plainText) text(s []byte) {
	if t.skip != "" {
		return
	}
	if bytes.IndexByte(s, '&') >= 0 {
		s = []byte(html.UnescapeString(string(s)))
	}
	t.appendText(s)
}

// written adds text as the renderer's writer escapes it (backslash
// escapes, references and NULs resolved): the writer is goldmark's own,
// so the text is the HTML's. Escaping only <, >, & and " (RawWrite on
// text with no NUL, Write on text with no NUL, backslash or &) is undone
// by decoding, so such text is added as it is.
func (t *plainText) written(s []byte, raw bool) {
	if t.skip != "" {
		return
	}
	if bytes.IndexByte(s, 0) < 0 && (raw || bytes.IndexByte(s, '\\') < 0 && bytes.IndexByte(s, '&') < 0) {
		t.appendText(s)
		return
	}
	if t.w == nil {
		t.w = bufio.NewWriterSize(&t.wbuf, 256)
	}
	t.wbuf.Reset()
	if raw {
		gmhtml.DefaultWriter.RawWrite(t.w, s)
	} else {
		gmhtml.DefaultWriter.Write(t.w, s)
	}
	_ = t.w.Flush()
	t.text(t.wbuf.Bytes())
}

// appendText appends s with its white space collapsed to single spaces,
// none at the start of the text that began at seg.
func (t *plainText) appendText(s []byte) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				t.space = true
				i++
				continue
			}
			if t.space && len(t.buf) > t.seg {
				t.buf = append(t.buf, ' ')
			}
			t.space = false
			// The run of printable ASCII up to the next space or
			// other byte goes in one append.
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf {
				j++
			}
			t.buf = append(t.buf, s[i:j]...)
			i = j
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if isTextSpace(r) {
			t.space = true
		} else {
			if t.space && len(t.buf) > t.seg {
				t.buf = append(t.buf, ' ')
			}
			t.space = false
			if r == utf8.RuneError && size == 1 {
				t.buf = append(t.buf, "\uFFFD"...)
			} else {
				t.buf = append(t.buf, s[i:i+size]...)
			}
		}
		i += size
	}
}

func isTextSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2028', '\u2029', '\u3000':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

// rawHTML reads raw HTML written as it is (UnsafeHTML), tag by tag.
func (t *plainText) rawHTML(b []byte) {
	// Capped, so that parse's NUL sentinel goes to a copy, never into
	// bytes another goroutine may be reading.
	l := tdhtml.NewLexer(parse.NewInputBytes(b[:len(b):len(b)]))
	var name string
	var attrs map[string]string
	attr := func(k string) string { return attrs[k] }
	for {
		tt, data := l.Next()
		switch tt {
		case tdhtml.ErrorToken:
			return
		case tdhtml.StartTagToken:
			name, attrs = strings.ToLower(string(l.Text())), map[string]string{}
		case tdhtml.AttributeToken:
			v := l.AttrVal()
			if len(v) > 1 && (v[0] == '"' || v[0] == '\'') {
				v = v[1 : len(v)-1]
			}
			attrs[strings.ToLower(string(l.AttrKey()))] = html.UnescapeString(string(v))
		case tdhtml.StartTagCloseToken, tdhtml.StartTagVoidToken:
			t.open(name, attr)
		case tdhtml.EndTagToken:
			t.close(strings.ToLower(string(l.Text())))
		case tdhtml.TextToken:
			t.text(data)
		case tdhtml.SVGToken, tdhtml.MathToken: // a whole element, skipped
			t.tag("svg", false, nil)
			t.tag("svg", true, nil)
		}
	}
}

// node tells the collector what n writes.
func (t *plainText) node(n ast.Node, src []byte, entering bool) ast.WalkStatus {
	tagged := func(name string, attr func(string) string) ast.WalkStatus {
		if entering {
			t.open(name, attr)
		} else {
			t.close(name)
		}
		return ast.WalkContinue
	}
	switch n := n.(type) {
	case *ast.Document:
		return ast.WalkContinue
	case *ast.Text:
		if !entering {
			return ast.WalkContinue
		}
		t.written(n.Segment.Value(src), n.IsRaw())
		if !n.IsRaw() {
			if n.HardLineBreak() {
				t.open("br", nil)
			} else if n.SoftLineBreak() {
				t.text([]byte{'\n'})
			}
		}
		return ast.WalkContinue
	case *ast.String:
		if entering {
			if n.IsCode() {
				t.text(n.Value)
			} else {
				t.written(n.Value, n.IsRaw())
			}
		}
		return ast.WalkContinue
	case *ast.CodeSpan:
		if !entering {
			t.close("code")
			return ast.WalkContinue
		}
		t.open("code", nil)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if tx, ok := c.(*ast.Text); ok {
				v := tx.Segment.Value(src)
				if bytes.HasSuffix(v, []byte("\n")) {
					v = append(v[:len(v)-1:len(v)-1], ' ')
				}
				t.written(v, true)
			}
		}
		return ast.WalkSkipChildren
	case *ast.AutoLink:
		if entering {
			t.open("a", nil)
			t.written(n.Label(src), true)
			t.close("a")
		}
		return ast.WalkContinue
	case *ast.Image:
		if entering {
			t.open("img", nil)
		}
		return ast.WalkSkipChildren
	case *ast.RawHTML:
		if entering && t.unsafe {
			var b []byte // one tag or comment, which may span lines
			for i := range n.Segments.Len() {
				seg := n.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			t.rawHTML(b)
		}
		return ast.WalkSkipChildren
	case *ast.HTMLBlock:
		if entering && t.unsafe {
			var b []byte
			for i := range n.Lines().Len() {
				line := n.Lines().At(i)
				b = append(b, line.Value(src)...)
			}
			if n.HasClosure() {
				closure := n.ClosureLine
				b = append(b, closure.Value(src)...)
			}
			t.rawHTML(b)
		}
		return ast.WalkContinue
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		if entering {
			t.open("pre", nil)
			t.close("pre")
		}
		return ast.WalkSkipChildren
	case *ast.Heading:
		name := "h" + string(rune('0'+n.Level))
		var attr func(string) string
		if entering {
			attr = func(k string) string {
				if v, ok := n.AttributeString(k); ok {
					if b, ok := v.([]byte); ok {
						return string(b)
					}
				}
				return ""
			}
		}
		return tagged(name, attr)
	case *ast.ThematicBreak:
		if entering {
			t.open("hr", nil)
		}
		return ast.WalkContinue
	case *ast.Emphasis:
		if n.Level == 2 {
			return tagged("strong", nil)
		}
		return tagged("em", nil)
	case *ast.Link:
		return tagged("a", nil)
	case *extast.Strikethrough:
		return tagged("del", nil)
	case *extast.TaskCheckBox:
		if entering {
			t.open("input", nil)
			t.text([]byte{' '})
		}
		return ast.WalkContinue
	case *extast.FootnoteLink:
		// The number is a link, skipped (a skipped element ends in a
		// boundary, as a note's number separates words); a sidenote
		// repeats the note's text, which the list of notes holds.
		if entering {
			t.open("sup", nil)
			t.open("a", class("footnote-ref"))
			t.close("a")
			t.close("sup")
			if ns := notesOf(n); n.RefIndex == 0 && ns.byIndex[n.Index] != nil && ns.sidenote[n.Index] {
				t.open("span", class("sidenote"))
				t.close("span")
			}
		}
		return ast.WalkSkipChildren
	case *extast.FootnoteBacklink:
		if entering {
			t.text([]byte("\u00a0")) // &#160; before the link, skipped
			t.open("a", class("footnote-backref"))
			t.close("a")
		}
		return ast.WalkSkipChildren
	case *extast.Footnote:
		return tagged("li", nil)
	case *extast.FootnoteList:
		if entering {
			t.open("section", nil)
			t.open("h2", func(k string) string {
				if k == "id" {
					return notesOf(n).ids.title()
				}
				return ""
			})
			t.text([]byte("Notes"))
			t.close("h2")
			t.open("ol", nil)
		} else {
			t.close("ol")
			t.close("section")
		}
		return ast.WalkContinue
	case *mdast.Term:
		if entering {
			t.open("span", nil)
			t.text([]byte(html.EscapeString(n.Shown)))
			t.close("span")
		}
		return ast.WalkContinue
	case *mdast.Citation:
		if entering { // <span class="cite">, skipped
			t.open("span", class("cite"))
			t.close("span")
		}
		return ast.WalkSkipChildren
	}
	// Any other node: a block is an element that separates words; an
	// inline one writes its children's text.
	if n.Type() == ast.TypeBlock {
		return tagged("div", nil)
	}
	return ast.WalkContinue
}
