package markdown

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// maxCachedBlocks bounds the highlight cache. A large explainer has a few
// thousand distinct code blocks; past this many the dev server would only be
// holding blocks that edits have since replaced, so the cache starts afresh.
const maxCachedBlocks = 50_000

// Highlighter renders fenced code with chroma, using CSS classes (so light
// and dark schemes are stylesheets, not inline colours), and caches the HTML
// of each distinct (language, code) pair: highlighting is most of the cost
// of rendering, and explainers repeat blocks across pages and rebuilds.
type Highlighter struct {
	mu     sync.RWMutex
	cache  map[[32]byte][]byte
	format *chromahtml.Formatter
	hits   atomic.Int64
	misses atomic.Int64
	known  sync.Map // language name → whether chroma has a lexer for it
}

// NewHighlighter returns a Highlighter with an empty cache.
func NewHighlighter() *Highlighter {
	return &Highlighter{
		cache:  map[[32]byte][]byte{},
		format: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true)),
	}
}

// Stats returns cache hits and misses since the Highlighter was made.
func (h *Highlighter) Stats() (hits, misses int64) { return h.hits.Load(), h.misses.Load() }

// langClass reports what a language name may be to become a class
// attribute (and a lexer lookup): 1 to 40 letters and digits of any script
// and a few marks that real names use (c++, c#, objective-c, .ini).
// Anything else is highlighted as plain text with no class. It is the
// regular expression ^[\p{L}\p{N}_+#.-]{1,40}$ written out, which the
// regexp package compiled at every start into 1.5 MB (the class repeated
// forty times).
func langClass(lang string) bool {
	n := 0
	for _, r := range lang { // a byte that is not UTF-8 gives U+FFFD: no letter
		n++
		if n > 40 || !(unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("_+#.-", r)) {
			return false
		}
	}
	return n > 0
}

// Highlight returns the HTML for one code block.
func (h *Highlighter) Highlight(lang string, code []byte) []byte {
	if !langClass(lang) {
		lang = ""
	}
	hash := sha256.New()
	hash.Write([]byte(lang))
	hash.Write([]byte{0})
	hash.Write(code)
	var key [32]byte
	hash.Sum(key[:0])
	h.mu.RLock()
	out, ok := h.cache[key]
	h.mu.RUnlock()
	if ok {
		h.hits.Add(1)
		return out
	}
	h.misses.Add(1)
	out = h.render(lang, code)
	h.mu.Lock()
	if len(h.cache) >= maxCachedBlocks {
		h.cache = map[[32]byte][]byte{}
	}
	h.cache[key] = out
	h.mu.Unlock()
	return out
}

func (h *Highlighter) render(lang string, code []byte) []byte {
	var b bytes.Buffer
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		b.WriteString("<pre><code")
		if lang != "" {
			fmt.Fprintf(&b, ` class="language-%s"`, lang)
		}
		b.WriteString(">")
		b.Write(util.EscapeHTML(code))
		b.WriteString("</code></pre>\n")
		return b.Bytes()
	}
	fmt.Fprintf(&b, `<pre class="chroma"><code class="language-%s">`, lang)
	it, err := chroma.Coalesce(lexer).Tokenise(nil, string(code))
	if err == nil {
		var tokens bytes.Buffer
		if err = h.format.Format(&tokens, classStyle, it); err == nil {
			b.Write(tokens.Bytes())
		}
	}
	if err != nil { // chroma failed: the code still shows, unhighlighted
		b.Write(util.EscapeHTML(code))
	}
	b.WriteString("</code></pre>\n")
	return b.Bytes()
}

type codeRenderer struct{ hl *Highlighter }

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	_, err := w.Write(r.hl.Highlight(fenceLanguage(n, src), code.Bytes()))
	return ast.WalkContinue, err
}

// fenceLanguage is the language a fenced block's info string names. It
// may use backslash escapes and character references, as everywhere in
// CommonMark: ``` f&ouml;&ouml; names the language föö.
func fenceLanguage(n *ast.FencedCodeBlock, src []byte) string {
	l := n.Language(src)
	if l == nil {
		return ""
	}
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(l))))
}

// highlights reports whether Highlight colours code in lang (writes it
// with chroma's classes), rather than writing it as plain text.
func (h *Highlighter) highlights(lang string) bool {
	if !langClass(lang) {
		return false
	}
	if v, ok := h.known.Load(lang); ok {
		return v.(bool)
	}
	ok := lexers.Get(lang) != nil
	h.known.Store(lang, ok)
	return ok
}

// classStyle is the style handed to the formatter, which writes classes
// and so takes no colour from it: chroma's own styles would need its
// styles package, whose init parses every style's XML on each start.
var classStyle = chroma.MustNewStyle("gloss-classes", chroma.StyleEntries{})

// styleCSS holds, for each chroma style, the class stylesheet chroma
// writes for it (chromacss/NAME.css, NAME in lower case), made when gloss
// is built by go generate (gen/main.go) so that the binary does not
// import chroma's styles package; TestStyleCSSIsCurrent holds the files
// to chroma's output.
//
//go:generate go run ./gen
//go:embed chromacss
var styleCSS embed.FS

// styleSheet returns the class stylesheet of the style of this name, as
// chroma looks names up: in lower case.
func styleSheet(name string) ([]byte, bool) {
	css, err := styleCSS.ReadFile("chromacss/" + strings.ToLower(name) + ".css")
	return css, err == nil
}

// StyleExists reports whether chroma knows a style by this name.
func StyleExists(name string) bool {
	_, ok := styleSheet(name)
	return ok
}

// Stylesheet returns the CSS for highlighted code: the light style by
// default, the dark one under prefers-color-scheme: dark unless the page
// says data-theme="light", and the dark one whenever it says
// data-theme="dark" (a reader's explicit choice wins over the system's).
func Stylesheet(light, dark string) ([]byte, error) {
	lightCSS, ok := styleSheet(light)
	if !ok {
		return nil, fmt.Errorf("unknown highlight style %q", light)
	}
	darkCSS, ok := styleSheet(dark)
	if !ok {
		return nil, fmt.Errorf("unknown highlight style %q", dark)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "/* Generated by gloss from the chroma styles %q (light) and %q (dark). */\n", light, dark)
	out.Write(lightCSS)
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	out.Write(prefixRules(darkCSS, ":root:not([data-theme=light]) "))
	out.WriteString("}\n")
	out.Write(prefixRules(darkCSS, ":root[data-theme=dark] "))
	return out.Bytes(), nil
}

// prefixRules puts prefix before every selector of chroma's class
// stylesheet css, which writes one rule a line, after an optional comment
// ("/* Keyword */ .chroma .k { color: #cf222e }"). It is the regular
// expression (?m)^(/\*[^*]*\*/ )?([^{}\n]+)\{ replaced line by line,
// written out because the regexp took most of a millisecond per build;
// TestPrefixRulesIsTheRegexp holds the two to the same output for every
// style.
func prefixRules(css []byte, prefix string) []byte {
	out := make([]byte, 0, len(css)+len(css)/2)
	for len(css) > 0 {
		line := css
		if i := bytes.IndexByte(css, '\n'); i >= 0 {
			line = css[:i+1]
		}
		css = css[len(line):]
		comment, rest := []byte(nil), line
		if bytes.HasPrefix(rest, []byte("/*")) {
			if k := bytes.IndexByte(rest[2:], '*'); k >= 0 && bytes.HasPrefix(rest[2+k:], []byte("*/ ")) {
				comment, rest = rest[:2+k+3], rest[2+k+3:]
			}
		}
		end := bytes.IndexAny(rest, "{}\n")
		if end <= 0 || rest[end] != '{' { // without the comment, as the regexp would try next
			comment, rest = nil, line
			end = bytes.IndexAny(rest, "{}\n")
		}
		if end <= 0 || rest[end] != '{' {
			out = append(out, line...)
			continue
		}
		out = append(out, comment...)
		for i, sel := range strings.Split(string(rest[:end]), ",") {
			if i > 0 {
				out = append(out, ", "...)
			}
			out = append(out, prefix...)
			out = append(out, strings.TrimSpace(sel)...)
		}
		out = append(out, " {"...)
		out = append(out, rest[end+1:]...)
	}
	return out
}
