// Package glossary resolves [[term]] annotations: the term names a page of
// the site's glossary section (site.glossary, "glossary" by default) by
// its slug, or by its title in any case. Package build asks it from the
// linker it gives each body, and lists, for each glossary page, the pages
// whose bodies use its terms.
package glossary

import (
	"strconv"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// DefaultSection is the section [[term]] refers to when the site settings
// name none.
const DefaultSection = "glossary"

// Glossary finds the entry a [[term]] names. It is built on first use,
// once per build, and may be asked from several goroutines.
type Glossary struct {
	site    *graph.Site
	once    sync.Once
	section *graph.Page
	name    string
	byName  map[string]*graph.Page
	names   []string // titles, for hints
	// unsure is set when an entry's front matter did not parse: its
	// title is unknown, so a term found nowhere is not reported.
	unsure bool
}

// New returns the glossary of site.
func New(site *graph.Site) *Glossary { return &Glossary{site: site} }

func (g *Glossary) load() {
	g.once.Do(func() {
		g.name = DefaultSection
		if g.site.Settings.Glossary != "" {
			g.name = g.site.Settings.Glossary
		}
		g.section = g.site.ByKey[g.name]
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

func (g *Glossary) lookup(term string) *graph.Page {
	if p := g.byName[strings.ToLower(term)]; p != nil {
		return p
	}
	return g.byName[markdown.Slugify(term)]
}

// Term resolves [[name]] in the body of page from to its glossary page,
// with the link's URL relative to from.
func (g *Glossary) Term(from *graph.Page, style graph.Style, name string) markdown.Resolved {
	g.load()
	if g.section == nil && (g.site.Home.MetaFailed || g.site.Unread("content/"+g.name)) {
		return markdown.Resolved{} // site.glossary may be what did not parse, or its folder unread
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
	if t == from { // an entry naming its own term: no link to itself
		return markdown.Resolved{}
	}
	return markdown.Resolved{Href: graph.Href(from, t, style), Page: "/" + t.Key}
}
