package markdown

import (
	"bytes"
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// Footnotes are goldmark's ([^label] and [^label]: text), parsed by its
// own parsers, but gloss writes them itself, as sidenotes: each note's
// text is written twice, once inline right after its first reference
// (<span class="sidenote">, which the theme floats into the margin on wide
// screens and opens and closes on narrow ones) and once in the numbered
// list at the end of the body, which is what a reader without CSS or
// JavaScript, a printer and a link from elsewhere get. A note whose text
// is more than paragraphs (a list, a code block) cannot sit inside a
// paragraph, so it has no sidenote and is read from the list only.
//
// Every ID a note writes starts with the page's IDPrefix, so that bodies
// gathered on one page (a print-all page) keep their notes apart.

// noteIDs are the IDs of the notes of one body.
type noteIDs struct{ prefix string }

func (n noteIDs) note(i int) string     { return n.prefix + "fn-" + strconv.Itoa(i) }
func (n noteIDs) sidenote(i int) string { return n.prefix + "sn-" + strconv.Itoa(i) }
func (n noteIDs) title() string         { return n.prefix + "fn-title" }

// ref is the ID of the k-th reference (from 0) to note i.
func (n noteIDs) ref(i, k int) string {
	id := n.prefix + "fnref-" + strconv.Itoa(i)
	if k > 0 {
		id += "-" + strconv.Itoa(k+1)
	}
	return id
}

// notesKey is the document meta entry that carries a body's notes from the
// parser to the renderer, which sees only the document.
const notesKey = "gloss.notes"

// notes is what the renderer needs to know of a body's footnotes.
type notes struct {
	ids      noteIDs
	label    string // Page.NotesLabel
	byIndex  map[int]*extast.Footnote
	sidenote map[int]bool // notes whose text can be written inline
	inside   int          // > 0 while a sidenote's text is being written
}

func notesOf(n ast.Node) *notes {
	if doc := n.OwnerDocument(); doc != nil {
		if v, ok := doc.Meta()[notesKey].(*notes); ok {
			return v
		}
	}
	return &notes{byIndex: map[int]*extast.Footnote{}, sidenote: map[int]bool{}}
}

// footnoteDef is a footnote definition as parsed, kept to find those that
// no reference uses.
type footnoteDef struct {
	note   *extast.Footnote
	offset int
}

// footnoteDefs wraps goldmark's footnote block parser to record every
// definition: goldmark drops unreferenced ones without a word.
type footnoteDefs struct{ parser.BlockParser }

func (f footnoteDefs) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	_, seg := reader.PeekLine()
	n, s := f.BlockParser.Open(parent, reader, pc)
	if fn, ok := n.(*extast.Footnote); ok {
		if st, _ := pc.Get(pageKey).(*state); st != nil {
			st.footnotes = append(st.footnotes, footnoteDef{note: fn, offset: seg.Start + seg.Padding})
		}
	}
	return n, s
}

// undefinedNote runs after goldmark's footnote parser, so it sees
// "[^label]" only when no definition has that label: an error, since the
// reader would get the literal brackets.
type undefinedNote struct{}

func (undefinedNote) Trigger() []byte { return []byte{'['} }

func (undefinedNote) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '^' {
		return nil
	}
	// A label holds no space or "[" and ends at "]": looking no further
	// than the first of them keeps a line of many "[^" linear.
	end := 2 + bytes.IndexAny(line[2:], " \t[]")
	if end < 3 || line[end] != ']' {
		return nil
	}
	if st, _ := pc.Get(pageKey).(*state); st != nil {
		labels := make([]string, 0, len(st.footnotes))
		for _, d := range st.footnotes {
			labels = append(labels, string(d.note.Ref))
		}
		label := string(line[2:end])
		st.errorf(seg.Start, diag.DidYouMean(label, labels), "footnote [^%s] has no definition", label)
	}
	return nil
}

// notesTransformer runs after goldmark's footnote transformer has numbered
// the notes and dropped the unreferenced ones: it warns about those, and
// hands the renderer the notes by number.
type notesTransformer struct{}

func (notesTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(pageKey).(*state)
	ns := &notes{byIndex: map[int]*extast.Footnote{}, sidenote: map[int]bool{}}
	if st != nil {
		ns.ids.prefix = st.page.IDPrefix
		ns.label = st.page.NotesLabel
		for _, d := range st.footnotes {
			if d.note.Index < 0 {
				line, col := st.position(d.offset)
				st.out.Diags = append(st.out.Diags, diag.Warnf(st.page.File, line, col,
					"footnote [^%s] is never referenced", d.note.Ref).WithHint("remove it, or cite it with [^"+string(d.note.Ref)+"]"))
			}
		}
	}
	for c := doc.LastChild(); c != nil; c = c.PreviousSibling() {
		list, ok := c.(*extast.FootnoteList)
		if !ok {
			continue
		}
		for f := list.FirstChild(); f != nil; f = f.NextSibling() {
			fn, ok := f.(*extast.Footnote)
			if !ok {
				continue
			}
			ns.byIndex[fn.Index] = fn
			ns.sidenote[fn.Index] = inlineable(fn)
		}
		break
	}
	doc.AddMeta(notesKey, ns)
}

// inlineable reports whether a note is paragraphs only, which can be
// written as spans inside the paragraph that references it.
func inlineable(fn *extast.Footnote) bool {
	if fn.ChildCount() == 0 {
		return false
	}
	for c := fn.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() != ast.KindParagraph && c.Kind() != ast.KindTextBlock {
			return false
		}
	}
	return true
}

// noteIDsOf lists the IDs a body's notes define, for anchor checks.
func noteIDsOf(doc ast.Node, put func(string)) {
	ns := notesOf(doc)
	if len(ns.byIndex) == 0 {
		return
	}
	put(ns.ids.title())
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *extast.Footnote:
			put(ns.ids.note(n.Index))
			if ns.sidenote[n.Index] {
				put(ns.ids.sidenote(n.Index))
			}
		case *extast.FootnoteLink:
			put(ns.ids.ref(n.Index, n.RefIndex))
		}
		return ast.WalkContinue, nil
	})
}

// footnoteParts are goldmark's footnote parsers and transformer with
// gloss's checks around them; goldmark's footnote renderer is not used.
func footnoteParts() []parser.Option {
	return []parser.Option{
		parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(
			util.Prioritized(extension.NewFootnoteParser(), 101),
			util.Prioritized(undefinedNote{}, 102),
		),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewFootnoteASTTransformer(), 999),
			util.Prioritized(notesTransformer{}, 1000),
		),
	}
}

// noteRenderer writes footnote references with their sidenotes, and the
// list of notes. It renders a sidenote's paragraphs through the whole
// renderer (inner), set once goldmark is configured.
type noteRenderer struct {
	inner renderer.Renderer
}

func (r *noteRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteLink, r.renderLink)
	reg.Register(extast.KindFootnoteBacklink, r.renderBacklink)
	reg.Register(extast.KindFootnote, r.renderNote)
	reg.Register(extast.KindFootnoteList, r.renderList)
}

func (r *noteRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*extast.FootnoteLink)
	ns := notesOf(n)
	num := strconv.Itoa(n.Index)
	if ns.inside > 0 { // a note citing a note: the number only, no second ID
		_, _ = w.WriteString(`<sup class="footnote">` + num + `</sup>`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<sup class="footnote"><a id="` + ns.ids.ref(n.Index, n.RefIndex) + `" href="#` + ns.ids.note(n.Index) +
		`" class="footnote-ref" role="doc-noteref" aria-label="Note ` + num + `">` + num + `</a></sup>`)
	fn := ns.byIndex[n.Index]
	if n.RefIndex != 0 || fn == nil || !ns.sidenote[n.Index] {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<span class="sidenote" id="` + ns.ids.sidenote(n.Index) + `" role="note">` +
		`<span class="sidenote-number">` + num + `</span> `)
	ns.inside++
	for p := fn.FirstChild(); p != nil; p = p.NextSibling() {
		_, _ = w.WriteString(`<span class="sidenote-p">`)
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() == extast.KindFootnoteBacklink {
				continue
			}
			if err := r.inner.Render(w, src, c); err != nil {
				ns.inside--
				return ast.WalkStop, err
			}
		}
		_, _ = w.WriteString(`</span>`)
	}
	ns.inside--
	_, _ = w.WriteString(`</span>`)
	return ast.WalkContinue, nil
}

func (r *noteRenderer) renderBacklink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*extast.FootnoteBacklink)
	ns := notesOf(n)
	label := "Back to reference " + strconv.Itoa(n.Index)
	if n.RefCount > 1 {
		label += ", use " + strconv.Itoa(n.RefIndex+1)
	}
	_, _ = w.WriteString(`&#160;<a href="#` + ns.ids.ref(n.Index, n.RefIndex) +
		`" class="footnote-backref" role="doc-backlink" aria-label="` + label + `">&#x21a9;&#xfe0e;</a>`)
	return ast.WalkContinue, nil
}

func (r *noteRenderer) renderNote(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.Footnote)
	if !entering {
		_, _ = w.WriteString("</li>\n")
		return ast.WalkContinue, nil
	}
	ns := notesOf(n)
	_, _ = w.WriteString(`<li id="` + ns.ids.note(n.Index) + `"`)
	if ns.sidenote[n.Index] {
		_, _ = w.WriteString(` class="has-sidenote"`)
	}
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *noteRenderer) renderList(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</ol>\n</section>\n")
		return ast.WalkContinue, nil
	}
	ns := notesOf(node)
	name := `aria-labelledby="` + ns.ids.title() + `"`
	if ns.label != "" {
		name = `aria-label="` + html.EscapeString(ns.label) + `"`
	}
	_, _ = w.WriteString(`<section class="footnotes" role="doc-endnotes" ` + name + `>` + "\n" +
		`<h2 class="footnotes-title" id="` + ns.ids.title() + `">Notes</h2>` + "\n<ol>\n")
	return ast.WalkContinue, nil
}
