package layout

import "strings"

// chromaPre starts a fenced code block with a language as the Markdown
// renderer writes it: highlighted by chroma, with CSS classes.
const chromaPre = `<pre class="chroma"`

// Highlighted reports whether the page's body holds highlighted code (a
// fenced block with a language), so that a layout can link the generated
// css/syntax.css, most of a page's stylesheet weight, only on pages that
// need it.
func (p *Page) Highlighted() bool {
	return strings.Contains(string(p.Content), chromaPre)
}
