// Package markdown owns turning one page's Markdown body into HTML: the one
// place goldmark is configured (GFM, footnotes, typographer, definition
// lists, heading IDs), chroma highlighting with a cache keyed by content,
// gloss's own AST pass that rewrites and checks links, and the body's text
// for the search index, read from the syntax tree (plain.go). It knows nothing
// of templates or of other pages: link targets are resolved through the
// Linker the caller passes in.
package markdown

import (
	"bytes"
	"html"
	"html/template"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// Options are the site's Markdown settings.
type Options struct {
	// UnsafeHTML renders raw HTML in Markdown. Off by default.
	UnsafeHTML bool
	// Highlighter renders fenced code; nil means a fresh one. Share one
	// across renders (and rebuilds) so each distinct block is highlighted
	// once.
	Highlighter *Highlighter
}

// Renderer converts Markdown with one fixed configuration. It is safe for
// concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	hl     *Highlighter
	unsafe bool
}

// New configures goldmark for gloss.
func New(opts Options) *Renderer {
	hl := opts.Highlighter
	if hl == nil {
		hl = NewHighlighter()
	}
	notes := &noteRenderer{}
	rendererOpts := []renderer.Option{
		// Priority 200 puts gloss's renderers ahead of goldmark's own (1000).
		renderer.WithNodeRenderers(
			util.Prioritized(&codeRenderer{hl: hl}, 200),
			util.Prioritized(notes, 200),
			util.Prioritized(refRenderer{}, 200),
		),
	}
	parserOpts := []parser.Option{
		parser.WithAutoHeadingID(),
		parser.WithHeadingAttribute(), // {#stable-id} after a heading
		// Tried before goldmark's own heading parsers (setext 100, ATX
		// 600), which they wrap: a language span may end a heading.
		parser.WithBlockParsers(
			util.Prioritized(spanHeadingParser{BlockParser: parser.NewSetextHeadingParser(), setext: true}, 99),
			util.Prioritized(spanHeadingParser{BlockParser: parser.NewATXHeadingParser()}, 599),
		),
		parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		// Ahead of goldmark's footnote (101) and link (200) parsers, which
		// also start at "["; the span even ahead of the task list's
		// checkbox (0), which would take "- [x]{lang=la}" for a checked box.
		parser.WithInlineParsers(util.Prioritized(termParser{}, 99), util.Prioritized(citeParser{}, 99), util.Prioritized(langSpanParser{}, -1)),
	}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	} else {
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(rawHTMLWarner{}, 101)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, // tables, strikethrough, autolinks, task lists
			extension.Typographer,
			extension.DefinitionList,
			langContainers{}, // ::: {lang=zh-Hans} … ::: (lang.go)
		),
		goldmark.WithParserOptions(append(parserOpts, footnoteParts()...)...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	notes.inner = md.Renderer()
	return &Renderer{md: md, hl: hl, unsafe: opts.UnsafeHTML}
}

// Heading is one heading of the body, for tables of contents and anchor
// checks.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Page says where a body comes from and how its links resolve.
type Page struct {
	File     string // site-relative path, for diagnostics
	BodyLine int    // file line of the body's first line
	Linker   Linker // nil leaves relative links as written
	// IDPrefix starts every ID the body writes (headings and footnotes),
	// so that several bodies can share one page. Characters other than
	// ASCII letters, digits, "-" and "_" are dropped. Heading IDs are made
	// unique within the body before the prefix is added, so a body's IDs
	// are those it has without a prefix, each with the prefix before it.
	// Links are left to the Linker: a "#fragment" it answers is written
	// as it answers it.
	IDPrefix string
	// NotesLabel, when set, is the accessible name of the body's list of
	// notes (an aria-label) in place of its heading "Notes", which it
	// still shows: a page holding several bodies gives each one's notes a
	// name of its own, so that a screen reader's list of landmarks tells
	// them apart.
	NotesLabel string
	// SourceIDs are the IDs of the entries of the page's list of sources
	// (src-ap, src-2), without IDPrefix, which the layout writes: headings
	// keep clear of them, as of the notes' IDs.
	SourceIDs []string
}

// Output is a rendered body.
type Output struct {
	// HTML is the body, never written into once made (HTMLTemplate
	// relies on it): whoever needs other bytes makes a new slice.
	HTML     []byte
	Headings []Heading
	// IDs are all element IDs the body defines (headings and footnotes,
	// with the IDPrefix), sorted, for checking #fragment links into this
	// page.
	IDs   IDList
	Links []LinkRef
	Diags diag.List
	// Text is the body's text for the search index, split at headings of
	// level 2 and 3 (Part), read from the syntax tree as it was rendered.
	Text []Part
	// Highlighted reports whether the body holds code that chroma
	// coloured (a fenced block in a language it knows), so that a layout
	// links the syntax stylesheet only on pages that need it.
	Highlighted bool
}

var pageKey = parser.NewContextKey()

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// state is what the link pass collects while one page is parsed.
type state struct {
	page  Page
	src   []byte
	lines []int // byte offsets where each line of src starts
	// last is the latest place position converted. Diagnostics come
	// mostly in source order, so counting characters on from it, rather
	// than from the line's start, keeps many on one long line linear.
	last struct{ offset, line, col int }
	out  *Output
	ids  *headingIDs
	// footnotes are the body's footnote definitions, in source order.
	footnotes []footnoteDef
	// noteByLabel finds a definition by its label, built at the first
	// reference; noteRefs are the references found, in the order parsed.
	noteByLabel map[string]*extast.Footnote
	noteRefs    []*extast.FootnoteLink
	// noteLabels are the definitions' labels, for did-you-mean hints.
	noteLabels []string
}

// Render converts one page body. Lines end at LF, CRLF or a lone CR, as
// CommonMark has it.
func (r *Renderer) Render(src []byte, page Page) *Output {
	src = loneCRToLF(src)
	out := &Output{}
	page.IDPrefix = IDSafe(page.IDPrefix)
	ids := newHeadingIDs()
	for _, id := range page.SourceIDs {
		ids.take(id, "a source in the page's list")
	}
	st := &state{page: page, src: src, out: out, ids: ids}
	pc := parser.NewContext(parser.WithIDs(ids))
	pc.Set(pageKey, st)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	// Headings were named without the prefix (ids keeps them unique);
	// note IDs carry it already.
	var noteIDs []string
	noteIDsOf(doc, func(id string) { noteIDs = append(noteIDs, id) })
	out.Highlighted = r.highlighted(doc, src)
	out.Text = plainParts(doc, src, r.unsafe)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := r.md.Renderer().Render(buf, src, doc); err != nil {
		out.Diags = append(out.Diags, diag.Errorf(page.File, page.BodyLine, 1, "rendering Markdown: %v", err))
	}
	// A copy of exactly the rendered size: the dev server keeps every
	// body, and a grown buffer's spare capacity would double that.
	out.HTML = bytes.Clone(buf.Bytes())
	bufPool.Put(buf)
	out.IDs = ids.all(page.IDPrefix, noteIDs)
	return out
}

// highlighted reports whether doc has a fenced block that the code
// renderer colours. Code is a block, so inline nodes are not visited.
func (r *Renderer) highlighted(doc ast.Node, src []byte) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if f, ok := n.(*ast.FencedCodeBlock); ok && r.hl.highlights(fenceLanguage(f, src)) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// IDSafe keeps the characters of s that need no escaping in an ID, a
// URL fragment or a CSS selector: the rule for Page.IDPrefix, which a
// caller that writes links to a prefixed body's IDs applies too.
func IDSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (isASCIILetter(byte(r)) || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return r
		}
		return -1
	}, s)
}

// position converts a byte offset in the body to a file line and column
// (columns count characters).
func (st *state) position(offset int) (line, col int) {
	if st.lines == nil {
		st.lines = []int{0}
		for i, c := range st.src {
			if c == '\n' {
				st.lines = append(st.lines, i+1)
			}
		}
	}
	offset = min(max(offset, 0), len(st.src))
	i := sort.Search(len(st.lines), func(i int) bool { return st.lines[i] > offset }) - 1
	from, col := st.lines[i], 1
	// Counting on from the last place gives the same column only if that
	// place starts a character (a byte that is not a UTF-8 continuation
	// byte is never inside a longer sequence, valid or not).
	if l := st.last; l.col > 0 && l.line == i && l.offset <= offset && (l.offset == len(st.src) || utf8.RuneStart(st.src[l.offset])) {
		from, col = l.offset, l.col
	}
	col += utf8.RuneCount(st.src[from:offset])
	st.last.offset, st.last.line, st.last.col = offset, i, col
	return st.page.BodyLine + i, col
}

func (st *state) errorf(offset int, hint, format string, args ...any) {
	line, col := st.position(offset)
	st.out.Diags = append(st.out.Diags, diag.Errorf(st.page.File, line, col, format, args...).WithHint(hint))
}

func (st *state) warnf(offset int, format string, args ...any) {
	line, col := st.position(offset)
	st.out.Diags = append(st.out.Diags, diag.Warnf(st.page.File, line, col, format, args...))
}

// nodeText concatenates the text under n, as a reader sees it.
func nodeText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			v := t.Segment.Value(src)
			if !t.IsRaw() { // as goldmark renders it: escapes and references resolved
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if t.IsCode() { // HTML such as the typographer's &rsquo;
				b.WriteString(html.UnescapeString(string(t.Value)))
			} else {
				b.Write(t.Value)
			}
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if tx, ok := g.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// HTMLTemplate returns the rendered body as trusted HTML for layouts: the
// one place gloss marks a string as safe, because goldmark escaped it.
// The string shares HTML's bytes, which are never written into once made:
// a copy per page and variant was 160 MB of garbage at 10,000 pages.
func (o *Output) HTMLTemplate() template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(o.HTML), len(o.HTML))) //nolint:gosec // goldmark output
}

// loneCRToLF returns src with every CR that does not start a CRLF pair
// turned into an LF, because goldmark ends lines only at LF. Offsets are
// unchanged, so diagnostics found in the result are places in src. src
// itself is never modified; it is returned as it is when it holds no lone
// CR (as bodies from the frontmatter package, which does the same, never
// do).
func loneCRToLF(src []byte) []byte {
	var out []byte
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 == len(src) || src[i+1] != '\n' {
			if out == nil {
				out = bytes.Clone(src)
			}
			out[i] = '\n'
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if out == nil {
		return src
	}
	return out
}
