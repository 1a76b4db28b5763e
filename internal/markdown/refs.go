package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/markdown/mdast"
)

// gloss's two inline syntaxes, both written on one line:
//
//	[[term]]  [[term|shown text]]   a glossary term, linked to its entry
//	[@key]  [@key, p. 4]  [@a; @b]  a citation of the page's sources
//
// Both resolve through the page's Linker while the body is parsed, so an
// unknown term or key is an error at its line. Neither may be followed by
// "(" or "[": "[[x]](url)" and "[@x](url)" stay ordinary links.

// termParser parses [[term]] and [[term|text]].
type termParser struct{}

func (termParser) Trigger() []byte { return []byte{'['} }

func (termParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' || block.PrecendingCharacter() == '[' {
		return nil
	}
	// The term ends at the first bracket, which must start "]]". Looking
	// no further than that bracket keeps a line of many "[[" linear: each
	// attempt reads only up to the next one.
	end := bytes.IndexAny(line[2:], "[]")
	if end < 0 || line[2+end] != ']' || 2+end+1 >= len(line) || line[2+end+1] != ']' {
		return nil
	}
	inner := line[2 : 2+end]
	if bytes.ContainsAny(inner, "\n\r") || followedByLink(line, 2+end+2) {
		return nil
	}
	// "[[text]]" around a link whose reference is defined ("[text]: url")
	// is that link in brackets, as CommonMark has it.
	if _, ok := pc.Reference(util.ToLinkReference(inner)); ok {
		return nil
	}
	name, shown, hasText := strings.Cut(string(inner), "|")
	name, shown = collapseSpace(name), collapseSpace(shown)
	if !hasText {
		shown = name
	}
	if name == "" || shown == "" {
		return nil
	}
	block.Advance(2 + end + 2)
	n := &mdast.Term{Name: name, Shown: shown}
	st, _ := pc.Get(pageKey).(*state)
	if st == nil || st.page.Linker == nil {
		return n
	}
	r := st.page.Linker.Term(name)
	switch {
	case r.Err != "":
		st.errorf(seg.Start, r.Hint, "%s", r.Err)
	case safeURL(r.Href, false):
		n.Href = r.Href
	}
	return n
}

// citeParser parses [@key], [@key, locator] and [@a; @b, locator].
type citeParser struct{}

func (citeParser) Trigger() []byte { return []byte{'['} }

func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] != '@' {
		return nil
	}
	// The citation ends at the first "]", and no "[" may come before it.
	// Stopping at the next bracket either way keeps a line of many "[@"
	// linear: each attempt reads only up to the next one, where reading
	// to the "]" made "[@a; " repeated n times cost n²/2.
	end := 1 + bytes.IndexAny(line[1:], "[]")
	if end < 1 || line[end] != ']' || followedByLink(line, end+1) {
		return nil
	}
	var items []mdast.CiteItem
	for _, part := range strings.Split(string(line[1:end]), ";") {
		part = strings.TrimSpace(part)
		if !strings.HasPrefix(part, "@") {
			return nil
		}
		key, locator, _ := strings.Cut(part[1:], ",")
		if !validKey(key) {
			return nil
		}
		items = append(items, mdast.CiteItem{Key: key, Locator: collapseSpace(locator)})
	}
	block.Advance(end + 1)
	n := &mdast.Citation{Items: items}
	st, _ := pc.Get(pageKey).(*state)
	if st == nil || st.page.Linker == nil {
		return n
	}
	for i := range n.Items {
		it := &n.Items[i]
		r := st.page.Linker.Cite(it.Key)
		if r.Err != "" {
			st.errorf(seg.Start, r.Hint, "%s", r.Err)
			continue
		}
		if safeURL(r.Href, false) {
			it.Href, it.Label = r.Href, r.Label
		}
	}
	return n
}

// validKey reports whether s can be a source's id: a letter, then
// letters, digits and "-", "_", ".", ":" (not ending in punctuation, so
// that "[@smith.]" is not a key "smith.").
func validKey(s string) bool {
	if s == "" || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && !strings.ContainsRune("-_.:", rune(c)) {
			return false
		}
	}
	last := s[len(s)-1]
	return isASCIILetter(last) || '0' <= last && last <= '9'
}

func isASCIILetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

// followedByLink reports whether the text at i starts a link destination
// or label, which makes the brackets before it an ordinary link.
func followedByLink(line []byte, i int) bool {
	return i < len(line) && (line[i] == '(' || line[i] == '[')
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// refRenderer writes terms and citations.
type refRenderer struct{}

func (refRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindTerm, renderTerm)
	reg.Register(mdast.KindCitation, renderCitation)
}

// insideLink reports whether n is within a link, where another <a> would
// be invalid HTML.
func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindAutoLink:
			return true
		}
	}
	return false
}

func renderTerm(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*mdast.Term)
	if n.Href == "" || insideLink(n) {
		_, _ = w.WriteString(`<span class="term">` + html.EscapeString(n.Shown) + `</span>`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a class="term" href="` + string(util.EscapeHTML(util.URLEscape([]byte(n.Href), true))) + `">` +
		html.EscapeString(n.Shown) + `</a>`)
	return ast.WalkContinue, nil
}

func renderCitation(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*mdast.Citation)
	link := !insideLink(n)
	_, _ = w.WriteString(`<span class="cite">[`)
	for i, it := range n.Items {
		if i > 0 {
			_, _ = w.WriteString("; ")
		}
		label := html.EscapeString(it.Key)
		if it.Label != "" {
			label = html.EscapeString(it.Label)
		}
		if it.Href != "" && link {
			_, _ = w.WriteString(`<a href="` + string(util.EscapeHTML(util.URLEscape([]byte(it.Href), true))) +
				`" role="doc-biblioref">` + label + `</a>`)
		} else {
			_, _ = w.WriteString(label)
		}
		if it.Locator != "" {
			_, _ = w.WriteString(", " + html.EscapeString(it.Locator))
		}
	}
	_, _ = w.WriteString(`]</span>`)
	return ast.WalkContinue, nil
}
