package build_test

// Diagnostics that were found wrong when tried (issue 12): each case
// asserts every diagnostic, exactly, as TestBadInput does.

import (
	"slices"
	"strings"
	"testing"
)

func TestDiagnosticsPlaced(t *testing.T) {
	runBadInput(t, []badInputCase{
		{
			// html/template's escaper names the template it executes
			// (_base.html); the {{template}} call is in page.html.
			name:      "missing partial called from a kind layout",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/_base.html --
<html>
{{ block "main" . }}{{ end }}
</html>
-- layouts/home.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
-- layouts/page.html --
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>é {{ template "_partials/nope.html" . }}</p>
{{ end }}
-- content/a.md --
---
title: A
---
`,
			want: []string{
				`layouts/page.html:3:18: error: no such template "_partials/nope.html" (rendering content/a.md)`,
			},
		},
		{
			name:      "one template error in many pages is reported once",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/home.html --
<h1>{{ .Title }}</h1>
-- layouts/page.html --
<h1>{{ .Titel }}</h1>
-- content/c.md --
---
title: C
---
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
---
`,
			want: []string{
				`layouts/page.html:1:8: error: <.Titel>: can't evaluate field Titel in type *layout.Page (in 3 pages, first content/a.md)`,
			},
		},
		{
			name: "a tab in YAML is reported on its own line",
			site: homeTxtar + `
-- content/a.md --
---
title: A
summary: Plain.
weight: 1
	date: 2020-01-01
---
-- content/b.md --
---
title: B
summary: Plain.
		date: 2020-01-01
---
`,
			want: []string{
				`content/a.md:5:1: error: invalid YAML: found a tab character that violates indentation`,
				`content/b.md:4:1: error: invalid YAML: found a tab character that violates indentation`,
			},
		},
		{
			name: "a bad site_url is reported at its own key",
			site: `
-- content/_index.md --
---
title: Home
site:
  title: Mini
  language: en
  site_url: example.org/mini/
---
`,
			want: []string{
				`content/_index.md:6:13: error: site.site_url "example.org/mini/": it must be an absolute http or https URL (write the address the hosted site is published at, such as https://example.org/explainer/)`,
			},
		},
		{
			// Its sources, relations and title are lost with the front
			// matter: citations, relation keys of the section's pages and
			// terms are not judged against nothing.
			name: "no cascade after a front matter syntax error",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: "First
sources:
  - id: ap
    title: AP
counterexamples: [alpha]
---
As reported [@ap], [@ap] and [@ap, p. 2]; see [[Glossed]].
-- content/glossary/glossed.md --
---
title: [Glossed
---
-- content/notes/_index.md --
---
title: Notes
relations:
  counterexamples: {to: counterexamples
---
-- content/notes/one.md --
---
title: One
counterexamples: [alpha]
---
Cites [@nowhere].
`,
			want: []string{
				`content/glossary/glossed.md:3:1: error: invalid YAML: did not find expected ',' or ']'`,
				`content/notes/_index.md:4:1: error: invalid YAML: did not find expected ',' or '}'`,
				`content/notes/one.md:5:7: error: no source with the id "nowhere" in this page's sources (give one of this page's sources "id: nowhere")`,
				`content/principles/first.md:2:8: error: invalid YAML: found unexpected end of stream (this quote is never closed)`,
			},
		},
		{
			// graph reports the relation at its declaration; the matrix
			// the home layout asks for fails on the same mistake and is
			// not reported a second time, at the layout.
			name:      "a relation to no section is reported once, not again by the matrix",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/home.html --
{{ with $.Matrix "principles" "cases" }}{{ len .Rows }}{{ end }}
-- layouts/section.html --
<h1>{{ .Title }}</h1>
-- layouts/page.html --
<h1>{{ .Title }}</h1>
-- content/principles/_index.md --
---
title: Principles
relations:
  cases: {to: examples}
---
-- content/principles/one.md --
---
title: One
---
-- content/cases/_index.md --
---
title: Cases
---
`,
			want: []string{
				`content/principles/_index.md:4:10: error: relation "cases" points to "examples", which is not a section`,
			},
		},
		{
			// The theme's print layout passes params.gather to .Gather: a
			// key there that names nothing is the author's mistake, at its
			// place in the front matter, said once (not again at the
			// layout, which the author never wrote).
			name:  "a key in params.gather that names nothing, YAML",
			theme: true,
			site: gatherTxtar + `
-- content/print.md --
---
title: Print
layout: print
params: {gather: [article, principls]}
---
`,
			want: []string{
				`content/print.md:4:28: error: params.gather[1]: no page or section "principls" (did you mean "principles"?)`,
			},
		},
		{
			name:  "a key in params.gather that names nothing, TOML, a block list",
			theme: true,
			site: gatherTxtar + `
-- content/print.md --
+++
title = "Print"
layout = "print"
[params]
gather = [
  "article",
  "nowhere",
]
+++
`,
			want: []string{
				`content/print.md:7:3: error: params.gather[1]: no page or section "nowhere" (give a page's key, such as "article" or "principles/second", or a section's, such as "principles")`,
			},
		},
		{
			name:  "a page gathered twice by params.gather",
			theme: true,
			site: gatherTxtar + `
-- content/print.md --
---
title: Print
layout: print
params:
  gather:
    - principles/one
    - principles
---
`,
			want: []string{
				`content/print.md:7:7: error: params.gather[1]: page "principles/one" is gathered twice (by the keys "principles/one" and "principles")`,
			},
		},
		{
			// A key written in the layout stays the layout's mistake, even
			// where the front matter has the same text elsewhere.
			name:      "a key in the layout that names nothing",
			noLayouts: true,
			site: gatherTxtar + `
-- layouts/home.html --
<h1>{{ .Title }}</h1>
-- layouts/section.html --
<h1>{{ .Title }}</h1>
-- layouts/page.html --
<h1>{{ .Title }}</h1>
-- layouts/print.html --
{{ range .Gather "principls" }}{{ .ID }}{{ end }}
-- content/print.md --
---
title: Print
layout: print
params: {note: principls}
---
`,
			want: []string{
				`layouts/print.html:1:10: error: <.Gather>: error calling Gather: no page or section "principls" (did you mean "principles"?) (rendering content/print.md)`,
			},
		},
		{
			name: "another generator's name for a key",
			site: `
-- content/_index.md --
---
title: Home
site:
  base_url: https://example.org/
  languageCode: en
---
-- content/a.md --
---
title: A
description: What A is.
sources:
  - title: S
    link: https://example.org/s
---
`,
			want: []string{
				`content/_index.md:4:3: error: unknown key "base_url" in site (gloss calls it "site_url")`,
				`content/_index.md:5:3: error: unknown key "languageCode" in site (gloss calls it "language")`,
				`content/a.md:3:1: error: unknown key "description" (gloss calls it "summary")`,
				`content/a.md:6:5: error: unknown key "link" in sources[0] (gloss calls it "url")`,
			},
		},
	})
}

// gatherTxtar is a site with an article and a section of one page to
// gather, for a print page added to it.
const gatherTxtar = homeTxtar + `
-- content/article.md --
---
title: Article
---
-- content/principles/_index.md --
---
title: Principles
---
-- content/principles/one.md --
---
title: One
---
`

// TestRawHTMLWarnings: raw HTML that safe mode leaves out is a warning at
// the place it was written, once per block; comments, which show nothing
// anyway, and a site with unsafe_html are not warned about.
func TestRawHTMLWarnings(t *testing.T) {
	const warn = `: warning: raw HTML left out: the page shows nothing in its place (write it in Markdown; if you trust every author of the site, set unsafe_html: true under site: in content/_index.md)`
	body := "Text with <b>bold</b> and <i>it</i>.\n\n<div class=\"note\">\nA note.\n</div>\n\n<!-- a comment -->\n\nA <!-- comment --> inline.\n\n<!-- --><script>alert(1)</script>\n\n| a |\n|---|\n| é <span>x</span> |\n"
	site := layoutsTxtar + "-- content/x.md --\n---\ntitle: X\n---\n" + body
	want := []string{
		"content/x.md:4:11" + warn,
		"content/x.md:6:1" + warn,
		"content/x.md:14:1" + warn,
		"content/x.md:18:5" + warn,
	}
	if got := newSite(t, site+homeTxtar).build().assertOK().diags(); !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	trusted := "\n-- content/_index.md --\n---\ntitle: Home\nsite:\n  unsafe_html: true\n---\n"
	newSite(t, site+trusted).build().assertClean()
}
