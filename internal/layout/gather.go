package layout

import (
	"fmt"
	"html/template"
)

// Gathered is one page of a Gather: everything a layout needs to show the
// page in full inside another one, such as a print-all handout.
//
// Every ID its Content, TOC and Sources write starts with ID and "-", so
// that the gathered pages share one document without a duplicate ID, and
// a link between gathered pages is a link within the document: to a
// gathered page it is "#" + that page's ID, to one of its headings or
// notes "#" + ID + "-" + the ID it has on its own page. Links to pages
// that are not gathered lead to those pages, relative to the page being
// rendered, as every other URL.
type Gathered struct {
	// Page is the gathered page; its URL leads to the page itself.
	Page *Link
	// Parent is the page's section (or home), whether gathered or not.
	Parent *Link
	// Part is the entry of the section that brought this page, when it
	// was gathered as one of its section's pages; Pages are, on a
	// section's entry, the entries of its pages (which follow it).
	Part  *Gathered
	Pages []*Gathered
	// ID is the element ID the layout gives the page's container
	// (<article id="{{ .ID }}">), which links between gathered pages
	// lead to.
	ID      string
	Content template.HTML // the page's body
	TOC     []Heading     // its headings of level 2 and 3
	Sources []Source      // its numbered sources, whose IDs citations link to
	// Relations and Inverses are the page's, as on its own page, except
	// that a listed page that is gathered too has its entry's "#ID" as
	// its URL.
	Relations []Relation
	Inverses  []Relation
}

// Gather gathers pages in full, in the order given: a page's key
// ("article", "principles/second") gives that page, a section's key
// ("principles") the section's own page and then its pages in reading
// order. A key that names nothing, and a page named twice, are errors,
// at the key in the page's front matter when the layout took it from
// there (param "gather" .Params), else at the call:
//
//	{{ range .Gather "article" "principles" "counterexamples" }}
//	<article id="{{ .ID }}"><h2>{{ .Page.Title }}</h2>{{ .Content }}</article>
//	{{ end }}
//
// The page then depends on the whole site, and also on the bodies of the
// pages it gathered: the dev server renders it again when any of them
// changes.
//
// A key may also be a list of keys, as front matter gives one
// ({{ .Gather (param "gather" .Params) }}): gathering every part in one
// call is what makes links between them links within the page.
func (p *Page) Gather(args ...any) ([]*Gathered, error) {
	p.usedSite = true
	if p.site == nil {
		return nil, errNoSiteData
	}
	keys, err := gatherKeys(args)
	if err != nil {
		return nil, err
	}
	g, err := p.site.Gather(keys)
	for _, e := range g {
		p.gathered = append(p.gathered, e.Page.Key)
	}
	return g, err
}

// GatheredKeys lists the keys of the pages whose bodies the layout
// rendering p gathered (Gather), in the order they came.
func GatheredKeys(p *Page) []string { return p.gathered }

// HasRelations reports whether any relation or inverse lists a page.
func (g *Gathered) HasRelations() bool {
	return (&Page{Relations: g.Relations, Inverses: g.Inverses}).HasRelations()
}

// gatherKeys flattens Gather's arguments: strings, and lists of them
// ([]string, or []any as YAML and TOML give). Without keys the site's
// Gather reports that there is nothing to gather.
func gatherKeys(args []any) ([]string, error) {
	var keys []string
	for _, a := range args {
		switch a := a.(type) {
		case string: // "" is what param gives for a missing key: nothing
			if a != "" {
				keys = append(keys, a)
			}
		case []string:
			keys = append(keys, a...)
		case []any:
			sub, err := gatherKeys(a)
			if err != nil {
				return nil, err
			}
			keys = append(keys, sub...)
		default:
			return nil, fmt.Errorf("Gather takes page and section keys, not %T (%v)", a, a)
		}
	}
	return keys, nil
}
