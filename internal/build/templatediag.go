package build

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
)

// onceEach reports each layout error once, however many pages it broke:
// one typo in page.html fails every page it renders, and a list of the
// same error per page hides the one thing to fix. failed holds, by page
// Order, the error rendering that page gave (layout.Set.Execute adds
// " (rendering FILE)"); an error that several pages share says how many
// and names the first of them by file name, as diagnostics are sorted.
func onceEach(pages []*graph.Page, failed []*diag.Diagnostic) diag.List {
	type group struct {
		d     diag.Diagnostic // without the page
		first string
		n     int
		one   diag.Diagnostic // as Execute gave it, for a single page
	}
	var order []*group
	groups := map[diag.Diagnostic]*group{}
	for _, p := range pages {
		d := failed[p.Order]
		if d == nil {
			continue
		}
		key := *d
		if p.File != "" {
			key.Msg = strings.TrimSuffix(key.Msg, " (rendering "+p.File+")")
		}
		from := cmp.Or(p.File, p.OutPath)
		g := groups[key]
		if g == nil {
			g = &group{d: key, first: from, one: *d}
			groups[key] = g
			order = append(order, g)
		}
		g.first = min(g.first, from)
		g.n++
	}
	out := make(diag.List, 0, len(order))
	for _, g := range order {
		if g.n == 1 {
			out = append(out, g.one)
			continue
		}
		d := g.d
		d.Msg += fmt.Sprintf(" (in %d pages, first %s)", g.n, g.first)
		out = append(out, d)
	}
	return out
}
