package layout

import (
	"bytes"
	"html/template"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// PreviewPartial is the partial that renders a link preview card: what a
// reader sees on hovering or focusing a link to another page of the site.
// The theme decides what a card shows; without this partial, pages carry
// no previews.
const PreviewPartial = partialDir + "preview.html"

// Preview is the preview card of a page that this page links to
// (Page.Previews). A base layout embeds each one for the script that
// shows them:
//
//	{{ range .Previews }}<template class="preview" data-href="{{ .Href }}">{{ .Card }}</template>{{ end }}
type Preview struct {
	// Href is the target's URL relative to the page being rendered,
	// written as the page's links to it are (without a #fragment).
	Href string
	// Card is PreviewPartial executed for the target.
	Card template.HTML
}

// Card is what PreviewPartial receives as dot: the page a link points to,
// with the fields a Link has, but no URL. One card is made per target page
// and build, and the same HTML goes into every page that links to it, at
// whatever depth, so it cannot hold a URL relative to any of them (nor
// may the partial write relative URLs of its own).
type Card struct {
	Kind    string
	Key     string
	Section string
	Slug    string
	Title   string
	Summary string
	Date    time.Time
	Weight  int
	Params  map[string]any
	// Number is the 1-based position of the page in its section's order.
	Number int
	// Parent is the page's section, or home; nil for home.
	Parent *Card
}

// HasPartial reports whether the layouts define the partial name
// ("_partials/preview.html").
func (s *Set) HasPartial(name string) bool {
	return s.root != nil && s.root.Lookup(name) != nil
}

// ExecutePartial renders a partial on its own, with data as dot.
func (s *Set) ExecutePartial(name string, data any) ([]byte, *diag.Diagnostic) {
	if !s.HasPartial(name) {
		d := diag.Errorf("layouts/"+name, 1, 1, "layout does not exist")
		return nil, &d
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := s.root.ExecuteTemplate(buf, name, data); err != nil {
		d := templateDiag(err, "layouts/"+name, s.src)
		return nil, &d
	}
	return bytes.Clone(buf.Bytes()), nil
}
