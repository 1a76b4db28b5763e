package build

import (
	"strconv"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// defaultGlossary is the section [[term]] refers to when the site
// settings name none.
const defaultGlossary = "glossary"

// glossary finds the entry a [[term]] names: the page of the glossary
// section whose slug is the term's slug, or whose title is the term in
// any case. It is built once per run, on first use.
type glossary struct {
	once    sync.Once
	section *graph.Page
	name    string
	byName  map[string]*graph.Page
	names   []string // titles, for hints
	// unsure is set when an entry's front matter did not parse: its
	// title is unknown, so a term found nowhere is not reported.
	unsure bool
}

func (g *glossary) load(site *graph.Site) {
	g.once.Do(func() {
		g.name = defaultGlossary
		if site.Settings.Glossary != "" {
			g.name = site.Settings.Glossary
		}
		g.section = site.ByKey[g.name]
		g.byName = map[string]*graph.Page{}
		if g.section == nil {
			return
		}
		for _, p := range g.section.Pages {
			g.byName[p.Slug] = p
			g.byName[strings.ToLower(p.Meta.Title)] = p
			g.names = append(g.names, p.Meta.Title)
			g.unsure = g.unsure || p.MetaFailed
		}
	})
}

func (g *glossary) lookup(term string) *graph.Page {
	if p := g.byName[strings.ToLower(term)]; p != nil {
		return p
	}
	return g.byName[markdown.Slugify(term)]
}

// Term resolves a [[term]] to its glossary page.
func (l linker) Term(name string) markdown.Resolved {
	g := l.glossary
	g.load(l.site)
	if g.section == nil && l.site.Home.MetaFailed {
		return markdown.Resolved{} // site.glossary may be what did not parse
	}
	if g.section == nil {
		return markdown.Resolved{Err: "no glossary for [[" + name + "]]: the site has no section " + strconv.Quote(g.name),
			Hint: "add content/" + g.name + "/_index.md and a page per term, or name the section with site.glossary"}
	}
	t := g.lookup(name)
	if t == nil && g.unsure {
		return markdown.Resolved{}
	}
	if t == nil {
		hint := diag.DidYouMean(name, g.names)
		if hint == "" {
			hint = "add content/" + g.name + "/" + markdown.Slugify(name) + ".md"
		}
		return markdown.Resolved{Err: "no glossary entry for " + strconv.Quote(name), Hint: hint}
	}
	if t == l.page { // an entry naming its own term: no link to itself
		return markdown.Resolved{}
	}
	return markdown.Resolved{Href: graph.Href(l.page, t, l.style), Page: "/" + t.Key}
}

// Cite resolves a citation key to the page's source with that id.
func (l linker) Cite(key string) markdown.Resolved {
	if l.page.MetaFailed {
		return markdown.Resolved{} // its sources are lost to a syntax error, reported
	}
	var ids []string
	for i, s := range l.page.Meta.Sources {
		if s.ID == key {
			return markdown.Resolved{Href: "#" + sourceID(s.ID, i), Label: strconv.Itoa(i + 1)}
		}
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	hint := diag.DidYouMean(key, ids)
	if hint == "" {
		hint = "give one of this page's sources \"id: " + key + "\""
	}
	return markdown.Resolved{Err: "no source with the id " + strconv.Quote(key) + " in this page's sources", Hint: hint}
}

// sourceID is the element ID of the i-th source (from 0) in the page's
// list of sources: from its id, else from its number.
func sourceID(id string, i int) string {
	if id != "" {
		return "src-" + id
	}
	return "src-" + strconv.Itoa(i+1)
}

// usesOfTerms lists, for each glossary page, the pages whose bodies use one
// of its terms, in reading order: what a glossary page shows as "where
// this term is used".
func (r *run) usesOfTerms() map[*graph.Page][]*graph.Page {
	uses := map[*graph.Page][]*graph.Page{}
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
	return uses
}
