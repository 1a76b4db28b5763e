// Package view makes the view model: what a layout receives as dot
// (layout.Page) for a page of the content graph and its rendered body,
// with every URL relative to the page being rendered. It owns how a page
// is shown to a layout (its links, relations, table of contents, numbered
// sources); the features a view carries besides (descriptions and JSON-LD,
// preview cards, site-wide data) are added by package build from their
// own packages.
package view

import (
	"cmp"
	"html/template"
	"strconv"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// Linker makes the links of the page at, with URLs relative to it.
type Linker struct {
	At    *graph.Page
	Style graph.Style
}

// Link is t as a link from the page at; nil for nil.
func (l Linker) Link(t *graph.Page) *layout.Link {
	if t == nil {
		return nil
	}
	return &layout.Link{
		Kind: t.Kind.String(), Key: t.Key, Section: t.Section, Slug: t.Slug,
		Title: t.Meta.Title, Summary: t.Meta.Summary, URL: graph.Href(l.At, t, l.Style),
		Date: t.Meta.Date.Time, Weight: t.Meta.Weight, Params: t.Meta.Params,
		Number: t.Number, Current: t == l.At,
	}
}

// Links is Link of each page.
func (l Linker) Links(ps []*graph.Page) []*layout.Link {
	out := make([]*layout.Link, len(ps))
	for i, t := range ps {
		out[i] = l.Link(t)
	}
	return out
}

// Relations are rs as the layout sees them.
func (l Linker) Relations(rs []*graph.Relation) []layout.Relation {
	out := make([]layout.Relation, len(rs))
	for i, rel := range rs {
		out[i] = layout.Relation{Name: rel.Name, Label: rel.Label, Pages: l.Links(rel.Pages)}
	}
	return out
}

// Site is what every page's view says about the site as a whole.
type Site struct {
	Generator   string           // "gloss " + its version
	SearchIndex string           // the search index's output path
	Download    *layout.Download // the offline zip, in the hosted variant
}

// Page is the view of page p of site, rendered with the layout named
// layoutName, whose body rendered as body.
func Page(site *graph.Site, p *graph.Page, style graph.Style, layoutName string, body *markdown.Output, about Site) *layout.Page {
	l := Linker{At: p, Style: style}
	s := site.Settings
	v := &layout.Page{
		Kind: p.Kind.String(), Key: p.Key, Section: p.Section, Slug: p.Slug, File: p.File, Layout: layoutName,
		Title: p.Meta.Title, Summary: p.Meta.Summary, Date: p.Meta.Date.Time, Weight: p.Meta.Weight,
		Draft: p.Meta.Draft, Params: p.Meta.Params, Number: p.Number,
		Content: body.HTMLTemplate(), Highlighted: body.Highlighted,
		Relations: l.Relations(p.Relations), Inverses: l.Relations(p.Inverses),
		Parent: l.Link(p.Parent), Prev: l.Link(p.Prev), Next: l.Link(p.Next),
		Pages: l.Links(p.Pages),
		Root:  graph.Rel(p.OutPath, ""),
		Home:  graph.Href(p, site.Home, style),
		Site: &layout.Site{Title: cmp.Or(s.Title, site.Home.Meta.Title), Description: s.Description,
			Language: cmp.Or(s.Language, "en"), URL: s.SiteURL, Generator: about.Generator, SearchIndex: about.SearchIndex,
			Download: about.Download, Offline: style == graph.Files},
	}
	v.TOC = TOC(body.Headings)
	v.Sources = Sources(p, "")
	for a := p.Parent; a != nil; a = a.Parent {
		v.Breadcrumbs = append([]*layout.Link{l.Link(a)}, v.Breadcrumbs...)
	}
	if p.Kind == graph.Home {
		for _, sec := range p.Sections {
			sl := l.Link(sec)
			sl.Pages = l.Links(sec.Pages)
			v.Sections = append(v.Sections, sl)
		}
	}
	return v
}

// TOC is the table of contents of a body: its headings of level 2 and 3.
func TOC(hs []markdown.Heading) []layout.Heading {
	var toc []layout.Heading
	for _, h := range hs {
		if h.Level == 2 || h.Level == 3 {
			toc = append(toc, layout.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
	}
	return toc
}

// Sources are p's numbered sources, each with its element ID under
// idPrefix ("" on the page itself).
func Sources(p *graph.Page, idPrefix string) []layout.Source {
	var out []layout.Source
	for i, src := range p.Meta.Sources {
		out = append(out, layout.Source{Number: i + 1, ID: idPrefix + SourceID(src.ID, i), Title: src.Title,
			Publisher: src.Publisher, Date: src.Date.Time, URL: SourceURL(src.URL), Note: src.Note, Lang: src.Lang})
	}
	return out
}

// SourceIDs are the element IDs of p's sources, without a prefix: the
// IDs its body's headings must keep clear of.
func SourceIDs(p *graph.Page) []string {
	ids := make([]string, 0, len(p.Meta.Sources))
	for i, src := range p.Meta.Sources {
		ids = append(ids, SourceID(src.ID, i))
	}
	return ids
}

// SourceID is the element ID of the i-th source (from 0) in a page's
// list of sources: from its id, else from its number. Citations link to
// it.
func SourceID(id string, i int) string {
	if id != "" {
		return "src-" + id
	}
	return "src-" + strconv.Itoa(i+1)
}

// SourceURL is a source's url as layouts get it: trusted when body links
// may use it, else empty (package build reports it).
func SourceURL(u string) template.URL {
	if !markdown.SafeURL(u) {
		return ""
	}
	return template.URL(u)
}

// Cite resolves a citation key in p's body to p's source with that id:
// a link to its entry in the list of sources, labelled with its number.
func Cite(p *graph.Page, key string) markdown.Resolved {
	if p.MetaFailed {
		return markdown.Resolved{} // its sources are lost to a syntax error, reported
	}
	var ids []string
	for i, s := range p.Meta.Sources {
		if s.ID == key {
			return markdown.Resolved{Href: "#" + SourceID(s.ID, i), Label: strconv.Itoa(i + 1)}
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
