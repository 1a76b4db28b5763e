package layout_test

import (
	"html/template"
	"testing"

	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// TestHighlighted: a body with a fenced block with a language is
// highlighted, as the Markdown renderer writes it; prose, inline code, a
// block without a language and an empty body are not.
func TestHighlighted(t *testing.T) {
	md := markdown.New(markdown.Options{})
	render := func(src string) template.HTML {
		return template.HTML(md.Render([]byte(src), markdown.Page{}).HTML)
	}
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"Some `inline` code.\n", false},
		{"```go\npackage main\n```\n", true},
		{"Text.\n\n```\nplain\n```\n", false},
		{"Text.\n\n~~~ sh\nls\n~~~\n", true},
		{"", false},
	} {
		p := &layout.Page{Content: render(tt.src)}
		if got := p.Highlighted(); got != tt.want {
			t.Errorf("Highlighted of %q = %v, want %v (rendered %q)", tt.src, got, tt.want, p.Content)
		}
	}
}
