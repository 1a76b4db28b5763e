package build

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
)

// Layouts may ask about the whole site from any page: a matrix of two
// sections crossed by a relation, every dated page in date order. A page
// whose layout asked depends on every page, which its signature must say;
// this file holds both sides.

// siteWide is what one run computes once for every page that asks.
type siteWide struct {
	sumOnce   sync.Once
	sum       uint64 // hash of what site-wide data is made of (siteSum)
	datedOnce sync.Once
	dated     []*graph.Page // pages with a date, in date order
}

// layoutFor chooses the layout of p: the one its front matter names with
// layout:, or else the one for its kind and section. A layout that does
// not exist is a diagnostic at the layout key, or at the page.
func (r *run) layoutFor(p *graph.Page) (string, *diag.Diagnostic) {
	if want := p.Meta.Layout; want != "" {
		name, ok := r.layouts.LookupNamed(want, p.Section)
		if ok {
			return name, nil
		}
		pos := p.Meta.Keys["layout"]
		hint := diag.DidYouMean(strings.TrimSuffix(want, ".html"), r.layouts.Named())
		if hint == "" {
			hint = "add layouts/" + name + ", or remove the key to use the layout for this " + p.Kind.String()
		}
		d := diag.Errorf(p.File, pos.Line, pos.Col, "unknown layout %q", want).WithHint(hint)
		return "", &d
	}
	name, ok := r.layouts.Lookup(p.Kind.String(), p.Section)
	if !ok {
		file := p.File
		if file == "" {
			file = r.site.Home.File
		}
		d := diag.Errorf(file, 1, 1, "no layout for this %s", p.Kind).WithHint("add layouts/" + name)
		return "", &d
	}
	return name, nil
}

// siteSum hashes everything site-wide data is made of, once per run: every
// page's key, front matter, number and relation lists. A page that used
// site-wide data mixes it into its signature, so that it is rendered again
// when any page's front matter, place or relations change (and not when
// only a body does).
func (r *run) siteSum() uint64 {
	w := &r.sitewide
	w.sumOnce.Do(func() {
		var h sigHash
		h.init(r.sess.shapeSeed)
		for _, p := range r.site.Pages {
			h.str(p.Key)
			h.u64(p.MetaSum)
			h.u64(uint64(p.Number))
			for _, rel := range p.Relations {
				h.str(rel.Name)
				h.u64(uint64(len(rel.Pages)))
				for _, t := range rel.Pages {
					h.str(t.Key)
				}
			}
		}
		w.sum = h.sum()
	})
	return w.sum
}

// pageSig is a page's signature: base (see signature), with the site's
// sum mixed in when the page's layout (as e records it) used site-wide
// data, and the bodies of the pages it gathered (gather.go).
func (r *run) pageSig(base uint64, e *pageEntry) uint64 {
	if !e.sitewide {
		return base
	}
	var h sigHash
	h.init(r.sess.shapeSeed)
	h.u64(base)
	h.u64(r.siteSum())
	if e.gathered != nil {
		r.gatheredSum(e.gathered, h.u64)
	}
	return h.sum()
}

// datedPages lists the pages of the build that have a date, by date, then
// title, then key (so that the order is total), once per run.
func (r *run) datedPages() []*graph.Page {
	w := &r.sitewide
	w.datedOnce.Do(func() {
		for _, p := range r.site.Pages {
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
	r    *run
	at   *graph.Page // the page being rendered
	link func(*graph.Page) *layout.Link
}

var _ layout.SiteData = siteData{}

func (d siteData) Dated() []*layout.Link {
	pages := d.r.datedPages()
	out := make([]*layout.Link, len(pages))
	for i, p := range pages {
		out[i] = d.link(p)
	}
	return out
}

func (d siteData) Matrix(section, relation string) (*layout.Matrix, error) {
	site := d.r.site
	sec := site.ByKey[section]
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
		return nil, fmt.Errorf("relation %q of section %q points to %q, which is not a section", relation, section, decl.To)
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
