package graph_test

// Tests of the content model on its own: a site is a txtar archive of
// content files handed to graph.New, with no Markdown rendering and no
// templates.

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// newSite runs graph.New on the content files of a txtar archive, in path
// order as source.Load gives them, and returns the site and its
// diagnostics as printed, sorted by place as the build prints them.
func newSite(t *testing.T, archive string, opts graph.Options) (*graph.Site, []string) {
	t.Helper()
	fsys := sitetest.Parse(archive)
	names := make([]string, 0, len(fsys))
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	var files []graph.File
	for _, name := range names {
		files = append(files, graph.File{Path: name, Data: fsys[name].Data})
	}
	site, diags := graph.New(files, opts)
	var out []string
	for _, d := range diags.Sort() {
		out = append(out, d.String())
	}
	return site, out
}

// mustSite is newSite for a site that must have no diagnostics.
func mustSite(t *testing.T, archive string) *graph.Site {
	t.Helper()
	site, diags := newSite(t, archive, graph.Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	return site
}

// keys lists the pages' keys.
func keys(pages []*graph.Page) []string {
	out := []string{}
	for _, p := range pages {
		out = append(out, p.Key)
	}
	return out
}

// relation returns the named relation of a list, or nil.
func relation(rels []*graph.Relation, name string) *graph.Relation {
	for _, r := range rels {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// related is the base of the relation tests: principles name cases, and
// cases get the inverse "challenges". Each test adds pages to it.
const related = `
-- content/_index.md --
---
title: Home
---
-- content/principles/_index.md --
---
title: Principles
relations:
  cases:
    to: cases
    label: Cases
    inverse: challenges
    inverse_label: Principles it challenges
---
-- content/cases/_index.md --
---
title: Cases
---
-- content/cases/alpha.md --
---
title: Alpha
weight: 1
---
-- content/cases/beta.md --
---
title: Beta
weight: 2
---
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/gamma.md --
---
title: Gamma
---
`

func TestRelations(t *testing.T) {
	tests := []struct {
		name  string
		pages string
		// want maps a page key to the keys its "cases" relation holds.
		want  map[string][]string
		diags []string
	}{
		{
			name: "by slug",
			pages: `-- content/principles/one.md --
---
title: One
cases: [beta, alpha]
---
`,
			want: map[string][]string{"principles/one": {"cases/beta", "cases/alpha"}},
		},
		{
			name: "by path, with and without content/ and .md",
			pages: `-- content/principles/one.md --
---
title: One
cases: [cases/alpha, /cases/beta.md]
---
-- content/principles/two.md --
---
title: Two
cases: content/cases/beta.md
---
`,
			want: map[string][]string{"principles/one": {"cases/alpha", "cases/beta"}, "principles/two": {"cases/beta"}},
		},
		{
			name: "a single name, not a list",
			pages: `-- content/principles/one.md --
---
title: One
cases: alpha
---
`,
			want: map[string][]string{"principles/one": {"cases/alpha"}},
		},
		{
			name: "unknown slug, with a hint",
			pages: `-- content/principles/one.md --
---
title: One
cases:
  - alpha
  - betta
---
`,
			want:  map[string][]string{"principles/one": {"cases/alpha"}},
			diags: []string{`content/principles/one.md:5:5: error: cases: no page "betta" in section "cases" (did you mean "beta"?)`},
		},
		{
			name: "a page of the wrong section, by slug",
			pages: `-- content/principles/one.md --
---
title: One
cases: [alpha, gamma]
---
`,
			want:  map[string][]string{"principles/one": {"cases/alpha"}},
			diags: []string{`content/principles/one.md:3:16: error: cases: "gamma" is in section "notes", but cases points to section "cases"`},
		},
		{
			name: "a page of the wrong section, by path",
			pages: `-- content/principles/one.md --
---
title: One
cases: [notes/gamma]
---
`,
			want:  map[string][]string{"principles/one": {}},
			diags: []string{`content/principles/one.md:3:9: error: cases: "notes/gamma" is in section "notes", but cases points to section "cases"`},
		},
		{
			name: "a name listed twice",
			pages: `-- content/principles/one.md --
---
title: One
cases: [alpha, beta, cases/alpha]
---
`,
			want:  map[string][]string{"principles/one": {"cases/alpha", "cases/beta"}},
			diags: []string{`content/principles/one.md:3:22: error: cases lists "cases/alpha" twice`},
		},
		{
			name: "a map is not a list of names",
			pages: `-- content/principles/one.md --
---
title: One
cases:
  a: alpha
---
`,
			want:  map[string][]string{"principles/one": {}},
			diags: []string{`content/principles/one.md:4:3: error: cases: expected a list of page names, found a mapping`},
		},
		{
			name: "a key no section declares",
			pages: `-- content/principles/one.md --
---
title: One
caces: [alpha]
---
`,
			want:  map[string][]string{"principles/one": {}},
			diags: []string{`content/principles/one.md:3:1: error: unknown key "caces" (did you mean "cases"?)`},
		},
		{
			name: "an inverse written by hand",
			pages: `-- content/cases/gamma.md --
---
title: Gamma case
challenges: [one]
---
-- content/principles/one.md --
---
title: One
---
`,
			want:  map[string][]string{"principles/one": {}},
			diags: []string{`content/cases/gamma.md:3:1: error: unknown key "challenges" (challenges is computed from the cases lists of principles pages; name this page there instead)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, diags := newSite(t, related+tt.pages, graph.Options{})
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, tt.diags)
			}
			for key, want := range tt.want {
				p := site.ByKey[key]
				if p == nil {
					t.Fatalf("no page %s", key)
				}
				r := relation(p.Relations, "cases")
				if r == nil {
					t.Fatalf("%s has no relation cases; has %v", key, p.Relations)
				}
				if r.Label != "Cases" {
					t.Errorf("%s: label %q, want Cases", key, r.Label)
				}
				if got := keys(r.Pages); !slices.Equal(got, want) {
					t.Errorf("%s: cases = %q, want %q", key, got, want)
				}
			}
		})
	}
}

// TestRelationToItself: a relation within a section may not name the
// page it is written on (its page, and its inverse, would list it), but
// may name the others, both ways (a cycle is two pages related).
func TestRelationToItself(t *testing.T) {
	site, diags := newSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/notes/_index.md --
---
title: Notes
relations:
  see:
    to: notes
    inverse: seen_from
---
-- content/notes/a.md --
---
title: A
see: [b, a]
---
-- content/notes/b.md --
---
title: B
see: [notes/a]
---
`, graph.Options{})
	if want := []string{`content/notes/a.md:3:10: error: see lists the page itself (a page is not related to itself; remove it)`}; !slices.Equal(diags, want) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, want)
	}
	a, b := site.ByKey["notes/a"], site.ByKey["notes/b"]
	if got := keys(relation(a.Relations, "see").Pages); !slices.Equal(got, []string{"notes/b"}) {
		t.Errorf("a sees %q", got)
	}
	if got := keys(relation(a.Inverses, "seen_from").Pages); !slices.Equal(got, []string{"notes/b"}) {
		t.Errorf("a is seen from %q", got)
	}
	if got := keys(relation(b.Inverses, "seen_from").Pages); !slices.Equal(got, []string{"notes/a"}) {
		t.Errorf("b is seen from %q", got)
	}
}

func TestRelationDeclarations(t *testing.T) {
	tests := []struct {
		name, decl string
		diags      []string
	}{
		{"no target", "relations:\n  cases:\n    label: Cases\n",
			[]string{`content/principles/_index.md:5:5: error: relation "cases" has no target section (add to: with a section name)`}},
		{"target not a section", "relations:\n  cases:\n    to: casse\n",
			[]string{`content/principles/_index.md:5:5: error: relation "cases" points to "casse", which is not a section (did you mean "cases"?)`}},
		{"relations on a page", "", []string{`content/cases/alpha.md:3:1: error: relations are declared in a section's _index.md`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			archive := "-- content/_index.md --\n---\ntitle: Home\n---\n" +
				"-- content/principles/_index.md --\n---\ntitle: Principles\n" + tt.decl + "---\n" +
				"-- content/cases/_index.md --\n---\ntitle: Cases\n---\n"
			if tt.decl == "" {
				archive += "-- content/cases/alpha.md --\n---\ntitle: Alpha\nrelations:\n  x:\n    to: cases\n---\n"
			}
			_, diags := newSite(t, archive, graph.Options{})
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, tt.diags)
			}
		})
	}
}

func TestInverses(t *testing.T) {
	// The principles are named in an order that is neither their file
	// order nor their reading order (z-first comes first by weight).
	site := mustSite(t, related+`
-- content/principles/a-third.md --
---
title: Third
weight: 3
cases: [alpha]
---
-- content/principles/b-second.md --
---
title: Second
weight: 2
cases: [beta, alpha]
---
-- content/principles/z-first.md --
---
title: First
weight: 1
cases: [alpha]
---
`)
	tests := []struct {
		key  string
		want []string
	}{
		{"cases/alpha", []string{"principles/z-first", "principles/b-second", "principles/a-third"}},
		{"cases/beta", []string{"principles/b-second"}},
	}
	for _, tt := range tests {
		p := site.ByKey[tt.key]
		if len(p.Inverses) != 1 {
			t.Fatalf("%s: inverses %v, want just challenges", tt.key, p.Inverses)
		}
		r := p.Inverses[0]
		if r.Name != "challenges" || r.Label != "Principles it challenges" {
			t.Errorf("%s: inverse %q labelled %q", tt.key, r.Name, r.Label)
		}
		if got := keys(r.Pages); !slices.Equal(got, tt.want) {
			t.Errorf("%s: challenges = %q, want %q (reading order)", tt.key, got, tt.want)
		}
	}
	// A page that no one names still has the inverse, empty, so layouts
	// can rely on it; a page of a section no relation targets has none.
	lone := mustSite(t, related)
	if inv := lone.ByKey["cases/alpha"].Inverses; len(inv) != 1 || len(inv[0].Pages) != 0 {
		t.Errorf("cases/alpha in a site with no values: inverses %v, want one empty", inv)
	}
	if inv := lone.ByKey["notes/gamma"].Inverses; len(inv) != 0 {
		t.Errorf("notes/gamma: inverses %v, want none", inv)
	}
}

func TestOrder(t *testing.T) {
	site := mustSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/about.md --
---
title: About
---
-- content/b/_index.md --
---
title: B section
weight: 2
---
-- content/a/_index.md --
---
title: A section
weight: 1
---
-- content/a/no-weight-early.md --
---
title: Unweighted, zz early
date: 2001-01-01
---
-- content/a/no-weight-late.md --
---
title: Unweighted, late
date: 2002-01-01
---
-- content/a/heavy.md --
---
title: Heavy
weight: 5
---
-- content/a/light-z.md --
---
title: Yankee
weight: 1
date: 2020-01-01
---
-- content/a/light-y.md --
---
title: Zulu
weight: 1
date: 2020-01-01
---
-- content/a/light-x.md --
---
title: Zz, earlier
weight: 1
date: 2019-01-01
---
-- content/b/only.md --
---
title: Only
---
`)
	// Weight first (unweighted last), then date, then title.
	wantA := []string{"a/light-x", "a/light-z", "a/light-y", "a/heavy", "a/no-weight-early", "a/no-weight-late"}
	if got := keys(site.ByKey["a"].Pages); !slices.Equal(got, wantA) {
		t.Errorf("section a: %q\nwant %q", got, wantA)
	}
	if got := keys(site.Sections); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("sections: %q, want a, b by weight", got)
	}
	// Reading order: home, its top-level pages, then each section and its pages.
	wantAll := append([]string{"", "about", "a"}, wantA...)
	wantAll = append(wantAll, "b", "b/only")
	if got := keys(site.Pages); !slices.Equal(got, wantAll) {
		t.Errorf("reading order: %q\nwant %q", got, wantAll)
	}
	for i, p := range site.Pages {
		if p.Order != i {
			t.Errorf("%s: Order %d, want %d", p.Key, p.Order, i)
		}
	}

	// Neighbours stay within the parent; Number counts from 1.
	neighbours := []struct{ key, prev, next string }{
		{"a/light-x", "", "a/light-z"},
		{"a/heavy", "a/light-y", "a/no-weight-early"},
		{"a/no-weight-late", "a/no-weight-early", ""},
		{"b/only", "", ""},
		{"about", "", ""},
	}
	key := func(p *graph.Page) string {
		if p == nil {
			return ""
		}
		return p.Key
	}
	for _, n := range neighbours {
		p := site.ByKey[n.key]
		if key(p.Prev) != n.prev || key(p.Next) != n.next {
			t.Errorf("%s: prev %q next %q, want %q and %q", n.key, key(p.Prev), key(p.Next), n.prev, n.next)
		}
	}
	if n := site.ByKey["a/heavy"].Number; n != 4 {
		t.Errorf("a/heavy: Number %d, want 4", n)
	}
	if p := site.ByKey["a/heavy"].Parent; p != site.ByKey["a"] {
		t.Errorf("a/heavy: parent %v", p)
	}
}

func TestPlacement(t *testing.T) {
	site := mustSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/top.md --
---
title: Top
---
-- content/guide/bundle/index.md --
---
title: Bundle
---
-- content/guide/bundle/map.png --
png
-- content/loose/page.md --
---
title: A page in a folder with no _index.md
---
`)
	tests := []struct {
		key, file, section, url, out string
		kind                         graph.Kind
	}{
		{"", "content/_index.md", "", "", "index.html", graph.Home},
		{"top", "content/top.md", "", "top/", "top/index.html", graph.Regular},
		{"guide/bundle", "content/guide/bundle/index.md", "guide", "guide/bundle/", "guide/bundle/index.html", graph.Regular},
		{"guide", "", "guide", "guide/", "guide/index.html", graph.Section},
		{"loose", "", "loose", "loose/", "loose/index.html", graph.Section},
	}
	for _, tt := range tests {
		p := site.ByKey[tt.key]
		if p == nil {
			t.Errorf("no page %q", tt.key)
			continue
		}
		if p.File != tt.file || p.Section != tt.section || p.URL != tt.url || p.OutPath != tt.out || p.Kind != tt.kind {
			t.Errorf("%q: file %q section %q url %q out %q kind %v\nwant %q %q %q %q %v",
				tt.key, p.File, p.Section, p.URL, p.OutPath, p.Kind, tt.file, tt.section, tt.url, tt.out, tt.kind)
		}
	}
	if got := site.ByKey["loose"].Title(); got != "Loose" {
		t.Errorf("a section without _index.md is titled %q, want Loose", got)
	}
	if !site.Assets["content/guide/bundle/map.png"] {
		t.Errorf("assets %v, want the bundle's map.png", site.Assets)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name, archive string
		diags         []string
	}{
		{"no home", "-- content/a.md --\n---\ntitle: A\n---\n",
			[]string{`content/_index.md:1:1: error: the home page content/_index.md is missing: it holds the site's title and settings`}},
		{"a page and a bundle of one name", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/a.md --\n---\ntitle: A\n---\n-- content/a/index.md --\n---\ntitle: A2\n---\n",
			[]string{`content/a/index.md:1:1: error: content/a.md and content/a/index.md both become the page a/index.html (rename or remove one of them)`}},
		// One clash, reported once: the section's _index.md names the
		// page, and the folder's pages say nothing more.
		{"a page and a section of one name", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/a.md --\n---\ntitle: A\n---\n" +
			"-- content/a/_index.md --\n---\ntitle: A2\n---\n-- content/a/one.md --\n---\ntitle: One\n---\n",
			[]string{`content/a/_index.md:1:1: error: content/a.md and content/a/_index.md both become the page a/index.html (rename or remove one of them)`}},
		{"a page and a folder of pages of one name", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/a.md --\n---\ntitle: A\n---\n" +
			"-- content/a/one.md --\n---\ntitle: One\n---\n-- content/a/two.md --\n---\ntitle: Two\n---\n",
			[]string{`content/a.md:1:1: error: content/a.md and the folder content/a/ both become the page a/index.html`}},
		{"a nested section", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/a/b/_index.md --\n---\ntitle: B\n---\n",
			[]string{`content/a/b/_index.md:1:1: error: sections are top-level folders of content/; a/b is nested (rename it to index.md to make it a page)`}},
		{"content/index.md", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/index.md --\n---\ntitle: I\n---\n",
			[]string{`content/index.md:1:1: error: content/index.md would replace the home page (the home page is content/_index.md)`}},
		{"site settings on a page", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/a.md --\n---\ntitle: A\nsite:\n  title: X\n---\n",
			[]string{`content/a.md:3:1: error: site settings belong in content/_index.md`}},
		{"unknown key on a section", "-- content/_index.md --\n---\ntitle: H\n---\n-- content/s/_index.md --\n---\ntitle: S\nsumary: x\n---\n",
			[]string{`content/s/_index.md:3:1: error: unknown key "sumary" (did you mean "summary"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := newSite(t, tt.archive, graph.Options{})
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, tt.diags)
			}
		})
	}
}

func TestDrafts(t *testing.T) {
	archive := related + `
-- content/cases/wip.md --
---
title: Work in progress
draft: true
---
-- content/principles/one.md --
---
title: One
cases: [wip]
---
`
	site, diags := newSite(t, archive, graph.Options{})
	want := []string{`content/principles/one.md:3:9: error: cases: "wip" is a draft, left out of this build (build with --drafts, or publish it)`}
	if !slices.Equal(diags, want) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, want)
	}
	if site.ByKey["cases/wip"] != nil {
		t.Error("the draft is in the site")
	}
	site, diags = newSite(t, archive, graph.Options{Drafts: true})
	if len(diags) > 0 {
		t.Errorf("with drafts: %q", diags)
	}
	if got := keys(relation(site.ByKey["principles/one"].Relations, "cases").Pages); !slices.Equal(got, []string{"cases/wip"}) {
		t.Errorf("with drafts: cases = %q", got)
	}
}

// linked is the site the link tests resolve in.
const linked = `
-- content/_index.md --
---
title: Home
---
-- content/principles/_index.md --
---
title: Principles
---
-- content/principles/first.md --
---
title: First
---
-- content/principles/second.md --
---
title: Second
---
-- content/principles/wip.md --
---
title: Draft
draft: true
---
-- content/principles/map.png --
png
-- content/cases/au/index.md --
---
title: AU
---
-- content/cases/au/photo.jpg --
jpg
`

func TestResolveLink(t *testing.T) {
	site := mustSite(t, linked)
	site.Static["css/site.css"] = true
	tests := []struct {
		from, dest string
		style      graph.Style
		href       string // "" when an error is wanted
		page, frag string // the target page's key ("-" for none), and the fragment
		err        string // the diagnostic's message and hint
	}{
		{from: "principles/first", dest: "second.md", href: "../second/", page: "principles/second"},
		{from: "principles/first", dest: "second.md", style: graph.Files, href: "../second/index.html", page: "principles/second"},
		{from: "principles/first", dest: "../cases/au/index.md#what-happened", href: "../../cases/au/#what-happened", page: "cases/au", frag: "what-happened"},
		{from: "principles/first", dest: "_index.md", href: "../", page: "principles"},
		{from: "principles/first", dest: "../_index.md", href: "../../", page: ""},
		{from: "principles/first", dest: "second.md?x=1#top", href: "../second/?x=1#top", page: "principles/second", frag: "top"},
		{from: "principles/first", dest: "#a-heading", href: "#a-heading", page: "principles/first", frag: "a-heading"},
		{from: "principles/first", dest: "/principles/second.md", href: "../second/", page: "principles/second"},
		{from: "principles/first", dest: "/cases/", href: "../../cases/", page: "cases"},
		{from: "principles/first", dest: "/", href: "../../", page: ""},
		{from: "principles/first", dest: "../cases", href: "../../cases/", page: "cases"},
		{from: "principles/first", dest: ".", href: "../", page: "principles"},
		{from: "principles/first", dest: "../cases/au#what-happened", href: "../../cases/au/#what-happened", page: "cases/au", frag: "what-happened"},
		{from: "principles/first", dest: "second", err: `link to a missing file: second (did you mean "second.md"?)`},
		{from: "principles/first", dest: "se%63ond.md", href: "../second/", page: "principles/second"},
		{from: "principles/first", dest: "map.png", href: "../map.png", page: "-"},
		{from: "principles/first", dest: "/css/site.css", href: "../../css/site.css", page: "-"},
		{from: "cases/au", dest: "photo.jpg", href: "photo.jpg", page: "-"},
		{from: "", dest: "principles/map.png#x", href: "principles/map.png#x", page: "-"},
		{from: "principles/first", dest: "https://example.org/a.md", href: "https://example.org/a.md", page: "-"},
		{from: "principles/first", dest: "secnod.md", err: `link to a missing page: secnod.md (did you mean "second.md"?)`},
		{from: "principles/first", dest: "wip.md", err: `link to wip.md, a draft left out of this build (build with --drafts, or publish it)`},
		{from: "principles/first", dest: "mpa.png", err: `link to a missing file: mpa.png`},
		{from: "principles/first", dest: "../../outside.md", err: `link ../../outside.md leads outside content/`},
		{from: "principles/first", dest: "/css/missing.css", err: `link to a missing file: /css/missing.css`},
	}
	for _, tt := range tests {
		from := site.ByKey[tt.from]
		link, d := site.ResolveLink(from, tt.dest, tt.style)
		what := tt.from + ": " + tt.dest
		if tt.err != "" {
			if d == nil {
				t.Errorf("%s: resolved to %q, want the error %s", what, link.Href, tt.err)
				continue
			}
			got := d.Msg
			if d.Hint != "" {
				got += " (" + d.Hint + ")"
			}
			if got != tt.err {
				t.Errorf("%s: error %q, want %q", what, got, tt.err)
			}
			continue
		}
		if d != nil {
			t.Errorf("%s: error %s", what, d.Msg)
			continue
		}
		if link.Href != tt.href || link.Fragment != tt.frag {
			t.Errorf("%s: href %q fragment %q, want %q and %q", what, link.Href, link.Fragment, tt.href, tt.frag)
		}
		gotPage := "-"
		if link.Page != nil {
			gotPage = link.Page.Key
		}
		if gotPage != tt.page {
			t.Errorf("%s: page %q, want %q", what, gotPage, tt.page)
		}
	}
}

func TestSourceIDs(t *testing.T) {
	_, diags := newSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/a.md --
---
title: A
sources:
  - id: mfa
    title: One
  - id: mfa
    title: Two
  - id: 1st
    title: Three
  - id: ends-
    title: Four
  - id: ok:2020.v1
    title: Five
  - title: No id
---
`, graph.Options{})
	want := []string{
		`content/a.md:6:5: error: two sources have the id "mfa"`,
		`content/a.md:8:5: error: source id "1st" is not a citation key (start with a letter; then letters, digits, - _ . or :, ending in a letter or digit)`,
		`content/a.md:10:5: error: source id "ends-" is not a citation key (start with a letter; then letters, digits, - _ . or :, ending in a letter or digit)`,
	}
	if !slices.Equal(diags, want) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, want)
	}
}

// TestParseCache checks that a file handed over as the very same slice is
// not decoded again (its diagnostics still reported), that a new slice is,
// and that Forget drops what is gone.
func TestParseCache(t *testing.T) {
	home := []byte("---\ntitle: Home\n---\n")
	a := []byte("---\ntitle: A\n---\n")
	bad := []byte("---\ntitle: [B\n---\n")
	cache := graph.NewParseCache()
	run := func(files ...graph.File) (*graph.Site, int) {
		site, diags := graph.New(files, graph.Options{Cache: cache})
		return site, len(diags)
	}
	files := []graph.File{{Path: "content/_index.md", Data: home}, {Path: "content/a.md", Data: a}, {Path: "content/b.md", Data: bad}}
	if _, n := run(files...); n != 1 {
		t.Fatalf("first build: %d diagnostics, want 1 (the unclosed [)", n)
	}
	if cache.Len() != 3 {
		t.Errorf("Len = %d, want 3", cache.Len())
	}

	// The same slice, changed behind the cache's back, is taken as
	// unchanged: that is the contract that makes the cache cheap.
	copy(a, "---\ntitle: Z\n---\n")
	site, n := run(files...)
	if got := site.ByKey["a"].Title(); got != "A" {
		t.Errorf("same slice: title %q, want the cached A", got)
	}
	if n != 1 {
		t.Errorf("second build: %d diagnostics, want the cached file's 1 again", n)
	}

	// A new slice is decoded again, even of the same length.
	files[1].Data = []byte("---\ntitle: N\n---\n")
	if site, _ := run(files...); site.ByKey["a"].Title() != "N" {
		t.Errorf("new slice: title %q, want N", site.ByKey["a"].Title())
	}

	cache.Forget(func(file string) bool { return file != "content/b.md" })
	if cache.Len() != 2 {
		t.Errorf("after Forget: Len = %d, want 2", cache.Len())
	}
}
