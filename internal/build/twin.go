package build

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// A published build renders the site twice, once per link style (the
// offline variant's Files, the hosted variant's Pretty), and the two
// renderings of a body differ only in the hrefs of its links to other
// pages. So a Snapshot built with Options.Twin renders each body once:
// wherever the two styles answer a link alike but for its href, the
// Markdown renderer is given a slot token instead of the href, and the
// rendered HTML becomes a template. Filling the template's slots with one
// style's hrefs gives that style's body, byte for byte what rendering it
// directly would give; the other style's is kept, as a twin entry, for
// the second build. Where the styles differ in more than an href (an
// error in one style only), or the body's own text could be mistaken for
// a token, the twin is not made and the second build renders the body
// itself, as it would without twins.

// slotPrefix starts every slot token. A token is slotPrefix, the slot's
// number and slotEnd: letters, digits and hyphens, which the renderer
// writes unescaped, in an href or a src, and which pass its URL checks.
const (
	slotPrefix = "gloss-slot-"
	slotEnd    = '-'
)

// twinSlot is one href that differs between the two styles, as the
// renderer writes it (URL-escaped, then HTML-escaped).
type twinSlot struct{ this, other []byte }

// twinning is what a recorder collects to make a twin.
type twinning struct {
	linker linker     // the other style's
	calls  []linkCall // each call as the other style answers it
	slots  []twinSlot
	// broken is set when the two styles answer a call differently in
	// more than its href: the template is still filled for this style,
	// but no twin is made.
	broken bool
}

// otherStyle is the link style of the other variant.
func otherStyle(s graph.Style) graph.Style {
	if s == graph.Files {
		return graph.Pretty
	}
	return graph.Files
}

// ask answers call c in the other style too, and returns what the Markdown
// renderer is given: the answer itself when both styles agree, else a
// slot token in place of its href.
func (t *twinning) ask(c linkCall) markdown.Resolved {
	o := c
	o.res = c.ask(t.linker)
	t.calls = append(t.calls, o)
	if t.broken || o.res == c.res {
		return c.res
	}
	a, b := c.res, o.res
	a.Href, b.Href = "", ""
	if a != b || a.Err != "" || !slotSafe(c.res.Href) || !slotSafe(o.res.Href) {
		t.broken = true
		return c.res
	}
	res := c.res
	res.Href = slotPrefix + strconv.Itoa(len(t.slots)) + string(slotEnd)
	t.slots = append(t.slots, twinSlot{this: written(c.res.Href), other: written(o.res.Href)})
	return res
}

// written is href as the renderer writes it in an attribute: goldmark's
// link and image renderers and this project's term and citation
// renderers (package markdown) all escape it so.
func written(href string) []byte {
	return util.EscapeHTML(util.URLEscape([]byte(href), true))
}

// slotSafe reports whether every renderer writes href as written(href):
// goldmark's link and image renderers leave out a URL they find
// dangerous, where the term and citation renderers do not check.
func slotSafe(href string) bool {
	return href != "" && !html.IsDangerousURL(util.URLEscape([]byte(href), true))
}

// fill writes tmpl with its slot tokens replaced by each slot's this (or,
// with other, its other) href. ok is false when the template holds text
// that looks like a token but is not one of its slots, or a slot twice:
// then it cannot be told which is which, and the body must be rendered
// without slots.
func fill(tmpl []byte, slots []twinSlot, other bool) (out []byte, ok bool) {
	size := len(tmpl)
	for _, s := range slots {
		if other {
			size += len(s.other)
		} else {
			size += len(s.this)
		}
	}
	out = make([]byte, 0, size)
	seen := make([]bool, len(slots))
	rest := tmpl
	for {
		i := bytes.Index(rest, []byte(slotPrefix))
		if i < 0 {
			break
		}
		out = append(out, rest[:i]...)
		rest = rest[i+len(slotPrefix):]
		end := bytes.IndexByte(rest, slotEnd)
		if end < 1 {
			return nil, false
		}
		n, err := strconv.Atoi(string(rest[:end]))
		if err != nil || n < 0 || n >= len(slots) || seen[n] || strconv.Itoa(n) != string(rest[:end]) {
			return nil, false
		}
		seen[n] = true
		if other {
			out = append(out, slots[n].other...)
		} else {
			out = append(out, slots[n].this...)
		}
		rest = rest[end+1:]
	}
	return append(out, rest...), true
}

// slotsIn reports whether any text of out besides its HTML holds a slot
// token: a token is meant only for an href.
func slotsIn(out *markdown.Output) bool {
	for _, h := range out.Headings {
		if containsSlot(h.Text) || containsSlot(h.ID) {
			return true
		}
	}
	for _, p := range out.Text {
		if containsSlot(p.Text) || containsSlot(p.Heading) || containsSlot(p.ID) {
			return true
		}
	}
	for id := range out.IDs.All() {
		if containsSlot(id) {
			return true
		}
	}
	return false
}

func containsSlot(s string) bool { return strings.Contains(s, slotPrefix) }
