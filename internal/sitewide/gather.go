package sitewide

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/view"
)

// A layout may gather whole pages onto the page it renders (.Gather, for a
// print-all handout). Each gathered body is rendered again, apart from the
// page's own rendering: with every ID under a prefix of its own, and with
// links resolved for the page it now appears on, a link to a gathered page
// becoming a link within that page.

// gatherIDPrefix starts the element ID of every gathered page. Heading IDs
// never start with "_", so no heading of the page's own body can take one;
// the "p-" keeps them apart from the IDs layouts give their own elements
// ("_main", "_search").
const gatherIDPrefix = "_p-"

// Gather implements layout.SiteData.
func (d siteData) Gather(keys []string) ([]*layout.Gathered, error) {
	pages, parts, err := d.d.gatherPages(keys)
	if err != nil {
		return nil, d.inFrontMatter(err)
	}
	// Readable IDs from the pages' keys ("_p-principles-second") where they
	// cannot collide, else numbers ("_p-3"), which never do: every ID of
	// the n-th page starts with "_p-n-".
	ids := make(map[*graph.Page]string, len(pages))
	for _, p := range pages {
		ids[p] = gatherIDPrefix + markdown.IDSafe(strings.ReplaceAll(cmp.Or(p.Key, "home"), "/", "-"))
	}
	out, unique := d.gather(pages, parts, ids)
	if !unique {
		for i, p := range pages {
			ids[p] = gatherIDPrefix + strconv.Itoa(i+1)
		}
		out, _ = d.gather(pages, parts, ids)
	}
	return out, nil
}

// keyError is a key of a Gather that names nothing or a page gathered
// already: what is wrong with it, and a hint.
type keyError struct{ key, msg, hint string }

func (e *keyError) Error() string { return e.msg + " (" + e.hint + ")" }

// inFrontMatter places the error of a key that the layout took from the
// front matter of the page it renders (the theme's print layout passes
// params.gather) where the author wrote it: the mistake is there, not in
// the layout, which may not even be the site's own. The key must be the
// very text decoded from the front matter (frontmatter.Node.Origin), not
// an equal one the layout wrote. Any other error is the layout's.
func (d siteData) inFrontMatter(err error) error {
	var ke *keyError
	if !errors.As(err, &ke) || d.at.File == "" {
		return err
	}
	pos, path, ok := d.at.Meta.ParamsTree.Origin(ke.key)
	if !ok {
		return err
	}
	return &diag.Placed{Diagnostic: diag.Errorf(d.at.File, pos.Line, pos.Col, "params.%s: %s", path, ke.msg).WithHint(ke.hint)}
}

// gatherPages lists the pages keys name, in order: a section brings its
// own page and then its pages, which parts maps to the section. A key
// that names nothing, or that names a page gathered already, is a
// *keyError.
func (d *Data) gatherPages(keys []string) (pages []*graph.Page, parts map[*graph.Page]*graph.Page, err error) {
	if len(keys) == 0 {
		return nil, nil, fmt.Errorf("no page or section to gather: give the key of one, such as \"article\" or \"principles\"")
	}
	parts = map[*graph.Page]*graph.Page{}
	by := map[*graph.Page]string{}
	add := func(p *graph.Page, key string) error {
		if prev, ok := by[p]; ok {
			what := "key " + strconv.Quote(key)
			if prev != key {
				what = "keys " + strconv.Quote(prev) + " and " + strconv.Quote(key)
			}
			return &keyError{key: key, msg: fmt.Sprintf("page %q is gathered twice", cmp.Or(p.Key, "home")), hint: "by the " + what}
		}
		by[p] = key
		pages = append(pages, p)
		return nil
	}
	for _, key := range keys {
		p, ok := d.site.ByKey[key]
		if !ok && d.site.Unread("content/"+key) {
			// Its folder could not be read, which is reported at its path.
			return nil, nil, fmt.Errorf("no page or section %q: %w", key, diag.ErrReported)
		}
		if !ok {
			names := make([]string, 0, len(d.site.Pages))
			for _, q := range d.site.Pages {
				if q.Key != "" {
					names = append(names, q.Key)
				}
			}
			return nil, nil, &keyError{key: key, msg: fmt.Sprintf("no page or section %q", key), hint: cmp.Or(diag.DidYouMean(key, names),
				"give a page's key, such as \"article\" or \"principles/second\", or a section's, such as \"principles\"")}
		}
		if err := add(p, key); err != nil {
			return nil, nil, err
		}
		if p.Kind == graph.Section {
			for _, q := range p.Pages {
				if err := add(q, key); err != nil {
					return nil, nil, err
				}
				parts[q] = p
			}
		}
	}
	return pages, parts, nil
}

// notesLabels names each gathered page's list of notes for a screen
// reader, "Notes: " and the page's title, where its heading shows only
// "Notes": one page holds them all, and a landmark's name must tell it
// from the others. Pages of one title are numbered in order ("Notes:
// Why (2)"), so that no two names are the same.
func notesLabels(pages []*graph.Page) map[*graph.Page]string {
	labels := make(map[*graph.Page]string, len(pages))
	taken := make(map[string]bool, len(pages))
	for _, p := range pages {
		base := "Notes: " + p.Title()
		label := base
		for n := 2; taken[label]; n++ {
			label = base + " (" + strconv.Itoa(n) + ")"
		}
		taken[label] = true
		labels[p] = label
	}
	return labels
}

// gather renders the pages' bodies with the given IDs, and reports
// whether every ID they write is unique.
func (d siteData) gather(pages []*graph.Page, parts map[*graph.Page]*graph.Page, ids map[*graph.Page]string) ([]*layout.Gathered, bool) {
	out := make([]*layout.Gathered, len(pages))
	labels := notesLabels(pages)
	entries := make(map[*graph.Page]*layout.Gathered, len(pages))
	seen := map[string]bool{}
	unique := true
	use := func(id string) {
		if seen[id] {
			unique = false
		}
		seen[id] = true
	}
	relations := func(rs []*graph.Relation) []layout.Relation {
		list := make([]layout.Relation, len(rs))
		for i, rel := range rs {
			list[i] = layout.Relation{Name: rel.Name, Label: rel.Label, Pages: make([]*layout.Link, len(rel.Pages))}
			for j, t := range rel.Pages {
				l := d.link(t)
				if id, ok := ids[t]; ok {
					l.URL = "#" + id
				}
				list[i].Pages[j] = l
			}
		}
		return list
	}
	for i, p := range pages {
		id := ids[p]
		moved := *p // p's body, with URLs relative to the page gathering it
		moved.OutPath = d.at.OutPath
		body := d.d.md.Render(p.Body, markdown.Page{File: p.File, BodyLine: p.BodyLine, IDPrefix: id + "-", SourceIDs: view.SourceIDs(p),
			NotesLabel: labels[p], Linker: gatherLinker{d: d.d, from: p, moved: &moved, at: d.at, ids: ids}})
		// Its diagnostics are those of the page's own rendering, which
		// reports them.
		g := &layout.Gathered{Page: d.link(p), Parent: d.link(p.Parent), ID: id, Content: body.HTMLTemplate(),
			Relations: relations(p.Relations), Inverses: relations(p.Inverses)}
		if part := parts[p]; part != nil {
			g.Part = entries[part]
			g.Part.Pages = append(g.Part.Pages, g)
		}
		entries[p] = g
		use(id)
		for x := range body.IDs.All() {
			use(x)
		}
		g.TOC = view.TOC(body.Headings)
		g.Sources = view.Sources(p, id+"-")
		for _, s := range g.Sources {
			use(s.ID)
		}
		out[i] = g
	}
	return out, unique
}

// gatherLinker resolves the links of a gathered page's body: as written in
// that page (from), with URLs relative to the page gathering it (at), and
// links to gathered pages turned into links within it.
type gatherLinker struct {
	d     *Data
	from  *graph.Page
	moved *graph.Page // from, written at at's output path
	at    *graph.Page
	ids   map[*graph.Page]string
}

var _ markdown.Linker = gatherLinker{}

// anchor is the link within the gathering page to fragment of the
// gathered page t, or to its entry when fragment is empty.
func (l gatherLinker) anchor(t *graph.Page, fragment string) (string, bool) {
	id, ok := l.ids[t]
	if !ok {
		return "", false
	}
	if fragment == "" {
		return "#" + id, true
	}
	return "#" + id + "-" + fragment, true
}

func (l gatherLinker) Resolve(dest string) markdown.Resolved {
	link, d := l.d.site.ResolveLink(l.moved, dest, l.d.style)
	if d != nil {
		return markdown.Resolved{Err: d.Msg, Hint: d.Hint}
	}
	t := link.Page
	if t == l.moved {
		t = l.from
	}
	if href, ok := l.anchor(t, link.Fragment); ok {
		return markdown.Resolved{Href: href}
	}
	return markdown.Resolved{Href: link.Href}
}

func (l gatherLinker) Term(name string) markdown.Resolved {
	res := l.d.linker(l.from).Term(name)
	if res.Err != "" || res.Page == "" {
		return res
	}
	t := l.d.site.ByKey[strings.TrimPrefix(res.Page, "/")]
	if href, ok := l.anchor(t, ""); ok {
		return markdown.Resolved{Href: href}
	}
	return markdown.Resolved{Href: graph.Href(l.at, t, l.d.style)}
}

func (l gatherLinker) Cite(key string) markdown.Resolved {
	res := l.d.linker(l.from).Cite(key)
	if res.Err == "" {
		res.Href = "#" + l.ids[l.from] + "-" + strings.TrimPrefix(res.Href, "#")
	}
	return res
}
