package sitewide

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/view"
)

// Data is one build's site-wide data, computed once for every page that
// asks.
type Data struct {
	site  *graph.Site
	style graph.Style
	md    *markdown.Renderer
	// linker is the linker of a page's own body, whose terms and
	// citations a gathered copy of the body resolves as it does.
	linker func(p *graph.Page) markdown.Linker

	datedOnce sync.Once
	dated     []*graph.Page // pages with a date, in date order
}

// New returns the site-wide data of one build of site: md renders
// gathered bodies, linker gives each page's own body linker.
func New(site *graph.Site, style graph.Style, md *markdown.Renderer, linker func(p *graph.Page) markdown.Linker) *Data {
	return &Data{site: site, style: style, md: md, linker: linker}
}

// For is the data as the layout rendering page at sees it: every URL
// relative to at.
func (d *Data) For(at *graph.Page) layout.SiteData {
	return siteData{d: d, at: at, link: view.Linker{At: at, Style: d.style}.Link}
}

// datedPages lists the pages of the build that have a date, by date, then
// title, then key (so that the order is total), once per run.
func (d *Data) datedPages() []*graph.Page {
	w := d
	w.datedOnce.Do(func() {
		for _, p := range d.site.Pages {
			if !p.Meta.Date.IsZero() {
				w.dated = append(w.dated, p)
			}
		}
		slices.SortFunc(w.dated, func(a, b *graph.Page) int {
			return cmp.Or(a.Meta.Date.Compare(b.Meta.Date.Time),
				cmp.Compare(a.Meta.Title, b.Meta.Title), cmp.Compare(a.Key, b.Key))
		})
	})
	return w.dated
}

// siteData is layout.SiteData for one page being rendered: link makes
// that page's links.
type siteData struct {
	d    *Data
	at   *graph.Page // the page being rendered
	link func(*graph.Page) *layout.Link
}

var _ layout.SiteData = siteData{}

func (d siteData) Dated() []*layout.Link {
	pages := d.d.datedPages()
	out := make([]*layout.Link, len(pages))
	for i, p := range pages {
		out[i] = d.link(p)
	}
	return out
}

func (d siteData) Matrix(section, relation string) (*layout.Matrix, error) {
	site := d.d.site
	sec := site.ByKey[section]
	if sec == nil && section != "" && site.Unread("content/"+section) {
		// Its folder could not be read, which is reported at its path.
		return nil, fmt.Errorf("no section %q: %w", section, diag.ErrReported)
	}
	if section == "" || sec == nil || sec.Kind != graph.Section {
		names := make([]string, len(site.Sections))
		for i, s := range site.Sections {
			names[i] = s.Key
		}
		return nil, fmt.Errorf("no section %q (%s)", section, cmp.Or(diag.DidYouMean(section, names),
			"the sections are "+strings.Join(names, ", ")))
	}
	decl, ok := sec.Meta.Relations[relation]
	if !ok {
		var names []string
		for n := range sec.Meta.Relations {
			names = append(names, n)
		}
		slices.Sort(names)
		declared := "it declares none in its _index.md"
		if len(names) > 0 {
			declared = "it declares " + strings.Join(names, ", ")
		}
		return nil, fmt.Errorf("section %q declares no relation %q (%s)", section, relation,
			cmp.Or(diag.DidYouMean(relation, names), declared))
	}
	target := site.ByKey[decl.To]
	if target == nil || target.Kind != graph.Section {
		// graph reported this at the declaration, where it is fixed.
		return nil, fmt.Errorf("relation %q of section %q points to %q, which is not a section: %w", relation, section, decl.To, diag.ErrReported)
	}
	m := &layout.Matrix{Section: d.link(sec), Target: d.link(target), Relation: relation,
		Label: cmp.Or(decl.Label, relation), Inverse: decl.Inverse, InverseLabel: cmp.Or(decl.InverseLabel, decl.Inverse)}
	col := make(map[*graph.Page]int, len(target.Pages))
	m.Columns = make([]*layout.Link, len(target.Pages))
	for i, t := range target.Pages {
		col[t] = i
		m.Columns[i] = d.link(t)
	}
	m.Rows = make([]*layout.MatrixRow, len(sec.Pages))
	for i, p := range sec.Pages {
		var marked []int
		for _, rel := range p.Relations {
			if rel.Name != relation {
				continue
			}
			for _, t := range rel.Pages {
				if j, ok := col[t]; ok {
					marked = append(marked, j)
				}
			}
		}
		m.Rows[i] = layout.NewMatrixRow(d.link(p), m.Columns, marked)
	}
	return m, nil
}
