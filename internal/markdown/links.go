package markdown

import (
	"bytes"
	"html"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Linker resolves the link destinations a page's body contains. The build
// stage implements it with the site's pages and files.
type Linker interface {
	// Resolve answers for a link or image destination.
	Resolve(dest string) Resolved
	// Term answers for a glossary term, [[name]]: Href and Page are its
	// glossary entry.
	Term(name string) Resolved
	// Cite answers for a citation key, [@key]: Href is the source's
	// fragment on this page and Label its number.
	Cite(key string) Resolved
}

// Resolved is the answer for one destination.
type Resolved struct {
	Href     string // what to write in the output
	Page     string // the target page's key, when it is a page of the site
	Fragment string // the #fragment to check on that page, without '#'
	Label    string // what a citation shows (the source's number)
	Err      string // why the destination is wrong, if it is
	Hint     string
}

// LinkRef is a link to a page's fragment, kept so that the build can check
// the anchor exists once every page has been rendered.
type LinkRef struct {
	Page      string
	Fragment  string
	Line, Col int
}

// linkTransformer runs after parsing: it rewrites and checks every link and
// image destination, removes destinations with dangerous schemes, and
// collects headings.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(pageKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	st.src = src
	st.takeNoteIDs()
	var drop []ast.Node
	seenIDs := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			st.heading(n, src, seenIDs)
		case *ast.Link:
			href, ok := st.destination(string(n.Destination), linkOffset(n, src, "["), false)
			if !ok {
				drop = append(drop, n)
				return ast.WalkContinue, nil
			}
			n.Destination = []byte(href)
		case *ast.Image:
			href, ok := st.destination(string(n.Destination), linkOffset(n, src, "!["), true)
			if !ok {
				drop = append(drop, n)
				return ast.WalkSkipChildren, nil
			}
			n.Destination = []byte(href)
		case *ast.AutoLink:
			if url := n.URL(src); !safeURL(string(url), false) {
				offset := n.Pos() // the URL itself, inside any <…>
				if offset >= 0 && offset < len(src) && src[offset] == '<' {
					offset++
				}
				if offset < 0 || offset >= len(src) {
					offset = blockStart(n)
					if i := bytes.Index(src[offset:], url); i >= 0 {
						offset += i
					}
				}
				st.warnf(offset, "removed a link with an unsafe URL scheme")
				drop = append(drop, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		unwrap(n, src)
	}
}

// heading records a heading for the table of contents and anchor checks,
// and keeps only the id, class and lang attributes an author may set with
// {…}: a lang that is not a language tag is an error, and any other
// attribute a warning, since it would be dropped without a word.
func (st *state) heading(n *ast.Heading, src []byte, seen map[string]bool) {
	id := attrString(n, "id")
	class, hasClass := n.AttributeString("class")
	lang := attrString(n, "lang")
	_, hasLang := n.AttributeString("lang")
	var dropped []string
	for _, a := range n.Attributes() {
		switch name := string(a.Name); name {
		case "id", "class", "lang":
		default:
			dropped = append(dropped, strconv.Quote(name))
		}
	}
	n.RemoveAttributes()
	if len(dropped) > 0 {
		st.warnf(blockStart(n), "heading %s %s left out: a heading keeps only {#id}, {.class} and {lang=…}",
			diag.Plural(len(dropped), "attribute", "attributes"), strings.Join(dropped, ", "))
	}
	if hasLang && !frontmatter.WellFormedLang(lang) {
		st.errorf(blockStart(n), "write a BCP 47 tag such as ## Title {lang=zh-Hans}", "heading lang %q is not a well-formed language tag", lang)
		lang = ""
	}
	auto := id == autoID
	if !auto && strings.ContainsAny(id, " \t\n\f\r") {
		// HTML's IDs hold no whitespace: no "#a b" link could reach it.
		st.errorf(blockStart(n), "write it without spaces, such as {#a-b}", "heading id %q holds a space", id)
		auto = true
	}
	if auto {
		id = st.ids.generate(strings.TrimSpace(nodeText(n, src)))
	}
	if id != "" {
		n.SetAttributeString("id", []byte(st.page.IDPrefix+id))
	}
	if hasClass {
		n.SetAttributeString("class", class)
	}
	if lang != "" {
		n.SetAttributeString("lang", []byte(lang))
	}
	if id == "" {
		return
	}
	if seen[id] && !auto {
		st.errorf(blockStart(n), "", "two headings have the id %q", id)
	} else if holder := st.ids.taken[id]; holder != "" && !auto {
		st.errorf(blockStart(n), "choose another", "heading id %q is also the id of %s", id, holder)
	} else if strings.HasPrefix(id, "_") {
		st.errorf(blockStart(n), "choose one that does not start with _", "heading id %q starts with \"_\", which is kept for the layouts' own ids (such as _main)", id)
	}
	seen[id] = true
	st.ids.Put([]byte(id))
	st.out.Headings = append(st.out.Headings, Heading{Level: n.Level, ID: st.page.IDPrefix + id, Text: strings.TrimSpace(nodeText(n, src))})
}

// destination checks one link or image destination and returns what to
// write instead, or ok=false when the link must lose its destination.
func (st *state) destination(dest string, offset int, image bool) (href string, ok bool) {
	if !safeURL(dest, image) {
		st.warnf(offset, "removed a link with an unsafe URL scheme")
		return "", false
	}
	if st.page.Linker == nil {
		return dest, true
	}
	r := st.page.Linker.Resolve(dest)
	if r.Err != "" {
		st.errorf(offset, r.Hint, "%s", r.Err)
		return dest, true
	}
	if !safeURL(r.Href, image) { // the Linker's answer gets the same scrutiny
		st.warnf(offset, "removed a link with an unsafe URL scheme")
		return "", false
	}
	if r.Page != "" && r.Fragment != "" {
		line, col := st.position(offset)
		st.out.Links = append(st.out.Links, LinkRef{Page: r.Page, Fragment: r.Fragment, Line: line, Col: col})
	}
	return r.Href, true
}

// safeSchemes are the URL schemes a link may use. Anything else with a
// scheme (javascript:, vbscript:, data:, file:, blob:…) is removed: an
// allowlist cannot be bypassed by a spelling a blocklist did not foresee.
var safeSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true, "ftp": true, "sms": true}

// safeURL reports whether a destination may reach the output. It judges the
// URL a browser will see: goldmark resolves backslash escapes and character
// references when it writes a destination, so `javascript\:` and
// `javascript&#58;` are checked as `javascript:`. Browsers ignore ASCII tabs
// and newlines inside URLs and control characters and spaces around them;
// every such character is dropped here before the scheme is read, which is
// stricter than any browser. A scheme is what the URL standard calls one (a
// letter, then letters, digits, "+", "-" or "."), so `foo):bar` is a
// relative reference, as it is to a browser. Images may also use data: with
// a raster image type.
func safeURL(dest string, image bool) bool {
	rendered := string(util.URLEscape([]byte(dest), true))
	return safeScheme(dest, image) && safeScheme(rendered, image)
}

// SafeURL reports whether a link may go to url, by the rules for links in
// a body: front matter URLs (a page's sources) are held to them too.
func SafeURL(url string) bool { return safeURL(url, false) }

// SafeSchemes lists the schemes SafeURL allows, sorted, for messages.
func SafeSchemes() []string { return slices.Sorted(maps.Keys(safeSchemes)) }

func safeScheme(dest string, image bool) bool {
	var b strings.Builder
	for _, r := range html.UnescapeString(dest) {
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	u := b.String()
	end := strings.IndexByte(u, ':')
	if end <= 0 || !isScheme(u[:end]) {
		return true // no scheme: a relative reference
	}
	scheme := strings.ToLower(u[:end])
	if safeSchemes[scheme] {
		return true
	}
	if image && scheme == "data" {
		return rasterData.MatchString(u)
	}
	return false
}

// rasterData matches data: URLs of raster image types, which cannot carry
// script (SVG can).
// The type must be followed by a parameter, as goldmark requires too (it
// would otherwise write an empty src without a word).
var rasterData = regexp.MustCompile(`(?i)^data:image/(png|gif|jpeg|webp);`)

// isScheme reports whether s has the form of a URL scheme.
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// unwrap replaces a link by its text, or an image by its alt text.
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	switch n := n.(type) {
	case *ast.Link:
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
	case *ast.AutoLink:
		parent.InsertBefore(parent, n, ast.NewString(n.Label(src)))
	case *ast.Image:
		parent.InsertBefore(parent, n, ast.NewString([]byte(nodeText(n, src))))
	}
	parent.RemoveChild(parent, n)
}

// linkOffset finds where a link starts in the body, for diagnostics.
// goldmark records the opening bracket of links and images; failing that,
// it looks back from the link's first text for the bracket.
func linkOffset(n ast.Node, src []byte, open string) int {
	if p := n.Pos(); p >= 0 && p < len(src) {
		return p
	}
	var first *ast.Text
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && first == nil {
			first = t
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if first != nil {
		start := first.Segment.Start
		lo := max(0, start-len(open)-256)
		if i := bytes.LastIndex(src[lo:start], []byte(open)); i >= 0 {
			return lo + i
		}
		return start
	}
	return blockStart(n)
}

// blockStart is the offset of the first line of the block holding n.
func blockStart(n ast.Node) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// attrString is n's attribute name as text, or "". The heading wrapper
// (spanHeadingParser) has made every heading attribute text.
func attrString(n ast.Node, name string) string {
	v, _ := n.AttributeString(name)
	b, _ := v.([]byte)
	return string(b)
}
