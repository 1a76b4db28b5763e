package build

import (
	"slices"
	"strings"

	"github.com/gloss-ssg/gloss/internal/glossary"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/view"
)

// linker answers the questions a body asks as it renders (markdown.Linker):
// links resolved through the content graph, [[terms]] through the
// glossary, citations through the page's numbered sources (package view).
type linker struct {
	site     *graph.Site
	page     *graph.Page
	style    graph.Style
	glossary *glossary.Glossary // shared by the run's linkers
}

// linker answers for the links, terms and citations of p's body.
func (r *run) linker(p *graph.Page) linker {
	return linker{site: r.site, page: p, style: r.opts.Style, glossary: r.glossary}
}

func (l linker) Resolve(dest string) markdown.Resolved {
	link, d := l.site.ResolveLink(l.page, dest, l.style)
	if d != nil {
		return markdown.Resolved{Err: d.Msg, Hint: d.Hint}
	}
	res := markdown.Resolved{Href: link.Href, Fragment: link.Fragment}
	if link.Page != nil {
		res.Page = "/" + link.Page.Key // "/" keeps home's empty key non-empty
	}
	return res
}

// Term resolves a [[term]] to its glossary page (package glossary).
func (l linker) Term(name string) markdown.Resolved {
	return l.glossary.Term(l.page, l.style, name)
}

// Cite resolves a citation key to the page's source with that id.
func (l linker) Cite(key string) markdown.Resolved { return view.Cite(l.page, key) }

// usesOfTerms lists, for each glossary page, the pages whose bodies use one
// of its terms, in reading order: what a glossary page shows as "where
// this term is used". kept reports that they are the last complete
// build's, which stand when the content model is that build's and no body
// that changed used a term or uses one.
func (r *run) usesOfTerms() (uses map[*graph.Page][]*graph.Page, kept bool) {
	if r.bodiesKept {
		usesTerms := func(e *bodyEntry) bool {
			return e != nil && slices.ContainsFunc(e.calls, func(c linkCall) bool { return c.kind == callTerm })
		}
		if !slices.ContainsFunc(r.rebodied, func(i int) bool {
			return usesTerms(r.sess.lastBodies[i]) || usesTerms(r.bodies[i])
		}) {
			return r.sess.lastTermUses, true
		}
	}
	uses = map[*graph.Page][]*graph.Page{}
	for _, p := range r.site.Pages {
		e := r.bodies[p.Order]
		if e == nil {
			continue
		}
		var last *graph.Page
		for _, c := range e.calls {
			if c.kind != callTerm || c.res.Page == "" {
				continue
			}
			t := r.site.ByKey[strings.TrimPrefix(c.res.Page, "/")]
			if t == nil || t == last || t == p {
				continue
			}
			if list := uses[t]; len(list) > 0 && list[len(list)-1] == p {
				continue
			}
			uses[t] = append(uses[t], p)
			last = t
		}
	}
	return uses, false
}
