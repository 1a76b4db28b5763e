package markdown

import (
	"strings"
	"testing"
)

// TestHighlighted: a body with a fenced block in a language chroma knows,
// anywhere (in a list, a quote, a footnote), is highlighted; prose, inline
// code, a block without a language or in an unknown one, raw HTML that
// looks like highlighted code and an empty body are not.
func TestHighlighted(t *testing.T) {
	md := New(Options{UnsafeHTML: true})
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"Some `inline` code.\n", false},
		{"```go\npackage main\n```\n", true},
		{"Text.\n\n```\nplain\n```\n", false},
		{"Text.\n\n~~~ sh\nls\n~~~\n", true},
		{"```no-such-language\nx\n```\n", false},
		{"- item\n\n  > ```python\n  > x = 1\n  > ```\n", true},
		{"Text.[^1]\n\n[^1]: A note.\n\n    ```js\n    f()\n    ```\n", true},
		{"<pre class=\"chroma\"><code>x</code></pre>\n", false},
		{"", false},
	} {
		out := md.Render([]byte(tt.src), Page{})
		if out.Highlighted != tt.want {
			t.Errorf("Highlighted of %q = %v, want %v", tt.src, out.Highlighted, tt.want)
		}
		// The renderer's own output agrees (raw HTML aside).
		if chroma := strings.Contains(string(out.HTML), `<pre class="chroma"`); chroma != tt.want && !strings.HasPrefix(tt.src, "<pre") {
			t.Errorf("%q rendered %q", tt.src, out.HTML)
		}
	}
}
