package markdown

import (
	"bytes"
	"cmp"
	"html"
	"slices"
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

// footnoteLabelLimit is the longest label a reference may have, as in
// goldmark's footnote parsers (and CommonMark's link labels): a "[^"
// without its "]" reads no further.
const footnoteLabelLimit = 999

// noteRefParser parses a footnote reference, "[^label]", as goldmark's own
// parser does, with one difference: it finds the definition in a map,
// where goldmark's walks the list of every definition for each reference,
// so that a page of n notes took n² comparisons (40,000 notes, 30 s). It
// keeps the references it made for noteListTransformer, which numbers
// their uses.
type noteRefParser struct{}

func (noteRefParser) Trigger() []byte {
	// "![^a]" is a "!" and a reference, not an image: goldmark's parser
	// is triggered by "!" for that, and so is this one.
	return []byte{'!', '['}
}

func (noteRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	if pos >= len(line) {
		return nil
	}
	st, _ := pc.Get(pageKey).(*state)
	if st == nil || len(st.footnotes) == 0 {
		return nil
	}
	//lint:ignore SA1019 a label is on one line; this is how goldmark's parsers read it
	closure := util.FindClosure(line[pos:min(len(line), pos+footnoteLabelLimit)], '[', ']', false, false)
	if closure < 0 {
		return nil
	}
	// The label is on this line. goldmark copies it with the reader's
	// Value, which looks for the line from the end of the paragraph: a
	// paragraph of n lines with a reference on each took n² steps.
	label := line[pos : pos+closure]
	if st.noteByLabel == nil {
		st.noteByLabel = map[string]*extast.Footnote{}
		if list, ok := st.footnotes[0].note.Parent().(*extast.FootnoteList); ok {
			// The list is in the order the definitions closed; the first
			// of a label wins, as in goldmark's walk.
			for c := list.FirstChild(); c != nil; c = c.NextSibling() {
				if d, ok := c.(*extast.Footnote); ok {
					if _, dup := st.noteByLabel[string(d.Ref)]; !dup {
						st.noteByLabel[string(d.Ref)] = d
					}
				}
			}
		}
	}
	fn := st.noteByLabel[string(label)]
	if fn == nil {
		return nil
	}
	list, ok := fn.Parent().(*extast.FootnoteList)
	if !ok {
		return nil
	}
	block.Advance(pos + closure + 1)
	if fn.Index < 0 {
		list.Count++
		fn.Index = list.Count
	}
	link := extast.NewFootnoteLink(fn.Index)
	st.noteRefs = append(st.noteRefs, link)
	if line[0] == '!' {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return link
}

// takeNoteIDs keeps the IDs, without the page's prefix, that the body's
// notes will write, known once references are parsed, from its headings:
// a heading whose text would give one of them ("Fn 1") gets the next free
// suffix instead, and an {#id} that names one is an error, so that no
// page holds an ID twice.
func (st *state) takeNoteIDs() {
	if len(st.noteRefs) == 0 {
		return
	}
	const holder = "a footnote"
	var ids noteIDs
	st.ids.take(ids.title(), holder)
	uses := map[int]int{}
	for _, link := range st.noteRefs {
		st.ids.take(ids.ref(link.Index, uses[link.Index]), holder)
		uses[link.Index]++
		st.ids.take(ids.note(link.Index), holder)
		st.ids.take(ids.sidenote(link.Index), holder)
	}
}

// noteListTransformer does what goldmark's footnote transformer does, in
// time linear in the number of notes where goldmark's sorts the list by
// insertion: it counts each note's references, gives every note one
// backlink per reference, drops the notes nobody references, and moves
// the list, in the order of first reference, to the end of the document.
type noteListTransformer struct{}

func (noteListTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(pageKey).(*state)
	if st == nil || len(st.footnotes) == 0 {
		return
	}
	list, ok := st.footnotes[0].note.Parent().(*extast.FootnoteList)
	if !ok {
		return
	}
	uses := map[int]int{}
	for _, link := range st.noteRefs {
		uses[link.Index]++
	}
	nth := map[int]int{}
	for _, link := range st.noteRefs {
		link.RefCount = uses[link.Index]
		link.RefIndex = nth[link.Index]
		nth[link.Index]++
	}
	var kept []*extast.Footnote
	for c := list.FirstChild(); c != nil; {
		next := c.NextSibling()
		fn := c.(*extast.Footnote)
		list.RemoveChild(list, fn)
		if fn.Index >= 0 {
			kept = append(kept, fn)
			var container ast.Node = fn
			if last := fn.LastChild(); last != nil && ast.IsParagraph(last) {
				container = last
			}
			for i := range max(uses[fn.Index], 1) {
				back := extast.NewFootnoteBacklink(fn.Index)
				back.RefCount = uses[fn.Index]
				back.RefIndex = i
				container.AppendChild(container, back)
			}
		}
		c = next
	}
	if len(kept) == 0 {
		list.Parent().RemoveChild(list.Parent(), list)
		return
	}
	slices.SortFunc(kept, func(a, b *extast.Footnote) int { return cmp.Compare(a.Index, b.Index) })
	for _, fn := range kept {
		list.AppendChild(list, fn)
	}
	doc.AppendChild(doc, list)
}

// undefinedNote runs after noteRefParser, so it sees
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
		if st.noteLabels == nil {
			st.noteLabels = make([]string, 0, len(st.footnotes))
			for _, d := range st.footnotes {
				st.noteLabels = append(st.noteLabels, string(d.note.Ref))
			}
		}
		label := string(line[2:end])
		st.errorf(seg.Start, diag.DidYouMean(label, st.noteLabels), "footnote [^%s] has no definition", label)
	}
	return nil
}

// notesTransformer runs after noteListTransformer has numbered
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

// footnoteParts are goldmark's footnote block parser with gloss's checks
// around it, and gloss's own reference parser and list transformer in
// place of goldmark's (noteRefParser says why); goldmark's footnote renderer is
// not used.
func footnoteParts() []parser.Option {
	return []parser.Option{
		parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(
			util.Prioritized(noteRefParser{}, 101),
			util.Prioritized(undefinedNote{}, 102),
		),
		parser.WithASTTransformers(
			util.Prioritized(noteListTransformer{}, 999),
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
