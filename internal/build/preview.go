package build

import (
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/previews"
)

// linkedPages lists the pages of the site p's body links to, in the order
// its links were resolved (glossary terms included), with nil for links
// elsewhere: the first of a page's preview cards (package previews).
func (r *run) linkedPages(p *graph.Page) []*graph.Page {
	calls := r.bodies[p.Order].calls
	out := make([]*graph.Page, len(calls))
	for i, c := range calls {
		out[i] = previews.LinkedPage(r.site, c.res)
	}
	return out
}
