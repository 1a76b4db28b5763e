package previews

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// MaxListed is the most pages a page may list (a section's pages; the
// home page's top-level pages, sections and their pages; the pages using
// a glossary entry's term) for those pages to get cards. A list already
// shows each entry's title and summary, so a card adds little there; and
// a card per entry of a long list would outweigh the list itself: a
// 5,000-page section with a card of half a kilobyte for each would carry
// 2.5 MB of cards. Links from the body, relations, inverses, neighbours
// and the parent always get theirs.
const MaxListed = 100

// Set is one build's cards, by page Order. A nil *Set makes none.
type Set struct {
	layouts *layout.Set
	site    *graph.Site
	style   graph.Style
	report  func(diag.Diagnostic)
	cards   []card
	failed  []bool // by page Order: a card of the page failed to render
	made    atomic.Int64
}

// Made returns how many cards this build rendered (the preview partial's
// executions): one per target page at most, whatever links to it.
func (s *Set) Made() int {
	if s == nil {
		return 0
	}
	return int(s.made.Load())
}

// card is a target's card, made by the first page that needs it.
type card struct {
	once sync.Once
	html template.HTML // "" when the partial wrote nothing (no card) or failed
	made bool          // the partial ran, or the card was taken from another Set
	err  bool
}

// New returns the cards of one build of site, or nil when the layouts
// define no preview partial. report receives a card's error, once.
func New(layouts *layout.Set, site *graph.Site, style graph.Style, report func(diag.Diagnostic)) *Set {
	if layouts == nil || !layouts.HasPartial(layout.PreviewPartial) {
		return nil
	}
	return &Set{layouts: layouts, site: site, style: style, report: report,
		cards: make([]card, len(site.Pages)), failed: make([]bool, len(site.Pages))}
}

// Reuse takes the cards prev made, for a build of the very same pages
// (the other variant of a published build): a card has no URL, so it is
// the same in both. It does nothing unless prev was made from the same
// layouts for the same pages.
func (s *Set) Reuse(prev *Set) {
	if s == nil || prev == nil || prev.layouts != s.layouts || len(prev.cards) != len(s.cards) {
		return
	}
	for i, p := range s.site.Pages {
		if prev.site.Pages[i].Key != p.Key {
			return
		}
	}
	for i := range prev.cards {
		// Only cards made without error are taken: a failed one fails
		// again, and is reported by this build too. prev's build is
		// over, so its cards are no longer written.
		if c := &prev.cards[i]; c.made && !c.err {
			html := c.html
			s.cards[i].once.Do(func() { s.cards[i].html, s.cards[i].made = html, true })
		}
	}
}

// LinkedPage returns the page of site a resolved body link points to, or
// nil (another site, a static file, an error).
func LinkedPage(site *graph.Site, res markdown.Resolved) *graph.Page {
	if res.Page == "" || res.Err != "" {
		return nil
	}
	return site.ByKey[strings.TrimPrefix(res.Page, "/")]
}

// Targets lists the pages whose cards p carries, once each, in reading
// order: linked (the pages its body links to, glossary terms included),
// its relations and inverses, its neighbours and parent, and the pages it
// lists (a section's pages; the home page's sections and their pages;
// uses, a glossary entry's pages using its term) when they are few enough
// (MaxListed); never p itself. A session's page signature must cover the
// front matter and number of each.
func Targets(p *graph.Page, linked, uses []*graph.Page) []*graph.Page {
	var ts []*graph.Page
	add := func(t *graph.Page) {
		if t != nil && t != p {
			ts = append(ts, t)
		}
	}
	for _, t := range linked {
		add(t)
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
	listed := len(p.Pages) + len(uses)
	for _, sec := range p.Sections {
		listed += 1 + len(sec.Pages)
	}
	if listed <= MaxListed {
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

// Of returns the cards p carries (see Targets), with their targets' URLs
// as seen from p. It may be called for many pages at once.
func (s *Set) Of(p *graph.Page, linked, uses []*graph.Page) []layout.Preview {
	if s == nil {
		return nil
	}
	ts := Targets(p, linked, uses)
	if len(ts) == 0 {
		return nil
	}
	out := make([]layout.Preview, 0, len(ts))
	for _, t := range ts {
		html, ok := s.card(t)
		if !ok {
			s.failed[p.Order] = true
		}
		if html != "" {
			out = append(out, layout.Preview{Href: graph.Href(p, t, s.style), Card: html})
		}
	}
	return out
}

// Failed reports whether a card p carries could not be made (the error is
// reported once, at the partial): p is then incomplete, and must not be
// kept for the next build as if it were whole.
func (s *Set) Failed(p *graph.Page) bool {
	return s != nil && s.failed[p.Order]
}

// card returns t's card, executing the partial the first time t's card is
// asked for in this build. A partial that writes only white space makes
// no card.
func (s *Set) card(t *graph.Page) (template.HTML, bool) {
	c := &s.cards[t.Order]
	c.once.Do(func() {
		html, d := s.layouts.ExecutePartial(layout.PreviewPartial, cardOf(t))
		s.made.Add(1)
		c.made = true
		if d != nil {
			d.Msg += " (the preview card of " + cmp.Or(t.File, t.OutPath) + ")"
			s.report(*d)
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
