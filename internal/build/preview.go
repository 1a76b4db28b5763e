package build

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// Link previews: every page carries a card for each page it links to,
// which static/js/previews.js shows on hover and focus. A card is the
// site's layouts/_partials/preview.html executed for the target page, once
// per target and run: it holds no URL, so the same HTML serves every page
// that links there, at any depth. The layout gets them as .Previews
// (layout.Preview); without the partial there are none.

// maxListedPreviews is the most pages a page may list (a section's pages;
// the home page's top-level pages, sections and their pages; the pages
// using a glossary entry's term) for those pages to get cards. A list already shows each entry's title and summary,
// so a card adds little there; and a card per entry of a long list would
// outweigh the list itself: a 5,000-page section with a card of half a
// kilobyte for each would carry 2.5 MB of cards. Links from the body,
// relations, inverses, neighbours and the parent always get theirs.
const maxListedPreviews = 100

// previewState holds one run's cards, by page Order.
type previewState struct {
	once   sync.Once
	cards  []previewCard // nil when the layouts have no preview partial
	failed []bool        // by page Order: a card of the page failed to render
	made   atomic.Int64  // cards rendered (Result.PreviewCards)
}

// previewCard is a target's card, made by the first page that needs it.
type previewCard struct {
	once sync.Once
	html template.HTML // "" when the partial wrote nothing (no card) or failed
	err  bool
}

// previewing reports whether this run makes cards, that is, whether the
// layouts define the preview partial.
func (r *run) previewing() bool {
	st := &r.previews
	st.once.Do(func() {
		if r.layouts != nil && r.layouts.HasPartial(layout.PreviewPartial) {
			st.cards = make([]previewCard, len(r.site.Pages))
			st.failed = make([]bool, len(r.site.Pages))
		}
	})
	return st.cards != nil
}

// linkedPage returns the page of the site a resolved body link points to,
// or nil (another site, a static file, an error).
func (r *run) linkedPage(res markdown.Resolved) *graph.Page {
	if res.Page == "" || res.Err != "" {
		return nil
	}
	return r.site.ByKey[strings.TrimPrefix(res.Page, "/")]
}

// previewTargets lists the pages whose cards p carries, once each, in
// reading order: those its body links to (every link the body resolved,
// glossary terms included), its relations and inverses, its neighbours
// and parent, and the pages it lists (a section's pages; the home page's
// sections and their pages; a glossary entry's pages using its term) when
// they are few enough (maxListedPreviews); never p itself. The session's signature covers the
// front matter and number of each (signature, in session.go).
func (r *run) previewTargets(p *graph.Page) []*graph.Page {
	var ts []*graph.Page
	add := func(t *graph.Page) {
		if t != nil && t != p {
			ts = append(ts, t)
		}
	}
	for _, c := range r.bodies[p.Order].calls {
		add(r.linkedPage(c.res))
	}
	for _, rels := range [][]*graph.Relation{p.Relations, p.Inverses} {
		for _, rel := range rels {
			for _, t := range rel.Pages {
				add(t)
			}
		}
	}
	add(p.Prev)
	add(p.Next)
	add(p.Parent)
	uses := r.termUses[p]
	listed := len(p.Pages) + len(uses)
	for _, sec := range p.Sections {
		listed += 1 + len(sec.Pages)
	}
	if listed <= maxListedPreviews {
		for _, t := range p.Pages {
			add(t)
		}
		for _, t := range uses {
			add(t)
		}
		for _, sec := range p.Sections {
			add(sec)
			for _, t := range sec.Pages {
				add(t)
			}
		}
	}
	slices.SortFunc(ts, func(a, b *graph.Page) int { return cmp.Compare(a.Order, b.Order) })
	return slices.Compact(ts)
}

// previewsOf returns the cards p carries, with their targets' URLs as
// seen from p.
func (r *run) previewsOf(p *graph.Page) []layout.Preview {
	if !r.previewing() {
		return nil
	}
	ts := r.previewTargets(p)
	if len(ts) == 0 {
		return nil
	}
	out := make([]layout.Preview, 0, len(ts))
	for _, t := range ts {
		html, ok := r.card(t)
		if !ok {
			r.previews.failed[p.Order] = true
		}
		if html != "" {
			out = append(out, layout.Preview{Href: graph.Href(p, t, r.opts.Style), Card: html})
		}
	}
	return out
}

// previewFailed reports whether a card p carries could not be made (the
// error is reported once, at the partial): p is then incomplete, and must
// not be kept for the next build as if it were whole.
func (r *run) previewFailed(p *graph.Page) bool {
	return r.previews.failed != nil && r.previews.failed[p.Order]
}

// card returns t's card, executing the partial the first time t's card is
// asked for in this run. A partial that writes only white space makes no
// card.
func (r *run) card(t *graph.Page) (template.HTML, bool) {
	c := &r.previews.cards[t.Order]
	c.once.Do(func() {
		html, d := r.layouts.ExecutePartial(layout.PreviewPartial, cardOf(t))
		r.previews.made.Add(1)
		if d != nil {
			d.Msg += " (the preview card of " + cmp.Or(t.File, t.OutPath) + ")"
			r.add(*d)
			c.err = true
			return
		}
		c.html = template.HTML(bytes.TrimSpace(html))
	})
	return c.html, !c.err
}

// cardOf is t as a card shows it: like the view's links, without a URL,
// since the card is shared by pages at every depth.
func cardOf(t *graph.Page) *layout.Card {
	if t == nil {
		return nil
	}
	return &layout.Card{
		Kind: t.Kind.String(), Key: t.Key, Section: t.Section, Slug: t.Slug,
		Title: t.Meta.Title, Summary: t.Meta.Summary,
		Date: t.Meta.Date.Time, Weight: t.Meta.Weight, Params: t.Meta.Params,
		Number: t.Number, Parent: cardOf(t.Parent),
	}
}
