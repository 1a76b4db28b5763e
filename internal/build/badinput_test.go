package build_test

// One case for each kind of bad input: each asserts the build failed and
// every diagnostic, exactly (file:line:col, severity, message and hint).

import (
	"testing"

	"github.com/gloss-ssg/gloss/internal/theme"
)

// homeTxtar is the smallest valid home page.
const homeTxtar = `
-- content/_index.md --
---
title: Home
---
`

// relationsTxtar is a site whose principles declare a relation to
// counterexamples; glossary declares none.
const relationsTxtar = homeTxtar + sectionsTxtar

// sectionsTxtar is relationsTxtar without its home page.
const sectionsTxtar = `
-- content/principles/_index.md --
---
title: Principles
relations:
  counterexamples:
    to: counterexamples
    inverse: challenges
---
-- content/counterexamples/_index.md --
---
title: Counter-examples
---
-- content/counterexamples/alpha.md --
---
title: Alpha
---
## What happened
-- content/counterexamples/beta.md --
---
title: Beta
---
-- content/glossary/term.md --
---
title: Term
---
`

func TestBadInput(t *testing.T) {
	runBadInput(t, []badInputCase{
		{
			name: "malformed YAML",
			site: homeTxtar + `
-- content/flow.md --
---
title: Flow
summary: [unclosed
---
-- content/indent.md --
---
title: Indented
  bad: indent
---
-- content/list.md --
---
title: List
weight: 1
- item
---
`,
			// yaml.v3 numbers parser errors (flow, list) from 0 and
			// scanner errors (indent) from 1: all three must be file lines.
			want: []string{
				`content/flow.md:3:1: error: invalid YAML: did not find expected ',' or ']'`,
				`content/indent.md:3:1: error: invalid YAML: mapping values are not allowed in this context`,
				`content/list.md:4:1: error: invalid YAML: did not find expected key`,
			},
		},
		{
			name: "malformed TOML",
			site: homeTxtar + `
-- content/a.md --
+++
title = "A"
summary = = 3
+++
-- content/b.md --
+++
title = "B"
weight = 1
weight = 2
+++
`,
			want: []string{
				`content/a.md:3:11: error: invalid TOML: unexpected character U+003D '=' at start of value`,
				`content/b.md:4:1: error: key "weight" is already set at line 3`,
			},
		},
		{
			name: "unterminated front matter",
			site: homeTxtar + `
-- content/a.md --
---
title: A

Body, but the front matter never ends.
-- content/b.md --
+++
title = "B"
`,
			want: []string{
				`content/a.md:1:1: error: front matter opened here is never closed (end it with a line holding only ---)`,
				`content/b.md:1:1: error: front matter opened here is never closed (end it with a line holding only +++)`,
			},
		},
		{
			name: "unknown key",
			site: `
-- content/_index.md --
---
title: Home
site:
  titel: Mini
---
-- content/a.md --
---
titel: A
---
` + sectionsTxtar + `
-- content/principles/first.md --
---
title: First
conterexamples: [alpha]
---
`,
			want: []string{
				`content/_index.md:4:3: error: unknown key "titel" in site (did you mean "title"?)`,
				`content/a.md:1:1: error: missing title (add a title: line to the front matter)`,
				`content/a.md:2:1: error: unknown key "titel" (did you mean "title"?)`,
				`content/principles/first.md:3:1: error: unknown key "conterexamples" (did you mean "counterexamples"?)`,
			},
		},
		{
			name: "missing title",
			site: homeTxtar + `
-- content/a.md --
---
summary: No title here.
---
-- content/b.md --
---
title: "  "
---
-- content/c.md --
Just Markdown.
-- content/d.md --
---
title: [a, b]
---
-- content/e.md --
---
title:
  text: T
---
`,
			want: []string{
				`content/a.md:1:1: error: missing title (add a title: line to the front matter)`,
				`content/b.md:1:1: error: missing title (add a title: line to the front matter)`,
				`content/c.md:1:1: error: missing front matter (start the file with --- and a title: line)`,
				// A title of the wrong type is reported once, at its value.
				`content/d.md:2:8: error: title: expected text, found a list`,
				`content/e.md:3:3: error: title: expected text, found a mapping`,
			},
		},
		{
			name: "impossible date",
			site: homeTxtar + `
-- content/a.md --
---
title: A
date: 2020-02-30
sources:
  - title: S
    date: 2021-13-01
---
-- content/b.md --
+++
title = "B"
date = 2020-02-30
+++
`,
			want: []string{
				`content/a.md:3:7: error: date: impossible date "2020-02-30": day out of range (write dates as YYYY-MM-DD)`,
				`content/a.md:6:11: error: sources[0].date: impossible date "2021-13-01": month out of range (write dates as YYYY-MM-DD)`,
				`content/b.md:3:8: error: date: impossible date "2020-02-30": day out of range (write dates as YYYY-MM-DD)`,
			},
		},
		{
			name: "relation to a missing page",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
counterexamples: [alpha, alpah]
---
`,
			want: []string{
				`content/principles/first.md:3:26: error: counterexamples: no page "alpah" in section "counterexamples" (did you mean "alpha"?)`,
			},
		},
		{
			name: "relation to a page in the wrong section",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
counterexamples:
  - term
  - glossary/term
---
`,
			want: []string{
				`content/principles/first.md:4:5: error: counterexamples: "term" is in section "glossary", but counterexamples points to section "counterexamples"`,
				`content/principles/first.md:5:5: error: counterexamples: "glossary/term" is in section "glossary", but counterexamples points to section "counterexamples"`,
			},
		},
		{
			name: "relation not declared by the section",
			site: relationsTxtar + `
-- content/glossary/other.md --
---
title: Other
counterexamples: [alpha]
---
`,
			want: []string{
				`content/glossary/other.md:3:1: error: unknown key "counterexamples" (the section glossary does not declare this relation in its _index.md)`,
			},
		},
		{
			name: "inverse written by hand",
			site: relationsTxtar + `
-- content/counterexamples/gamma.md --
---
title: Gamma
challenges: [first]
---
`,
			want: []string{
				`content/counterexamples/gamma.md:3:1: error: unknown key "challenges" (challenges is computed from the counterexamples lists of principles pages; name this page there instead)`,
			},
		},
		{
			name: "duplicate relation value",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
counterexamples: [alpha, beta, alpha, counterexamples/beta]
---
`,
			want: []string{
				`content/principles/first.md:3:32: error: counterexamples lists "alpha" twice`,
				`content/principles/first.md:3:39: error: counterexamples lists "counterexamples/beta" twice`,
			},
		},
		{
			name: "link to a missing page",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
---
See [the case](../counterexamples/alpah.md) and [nothing](../nowhere/x.md).
`,
			want: []string{
				`content/principles/first.md:4:5: error: link to a missing page: ../counterexamples/alpah.md (did you mean "alpha.md"?)`,
				`content/principles/first.md:4:49: error: link to a missing page: ../nowhere/x.md`,
			},
		},
		{
			name: "link to a missing anchor",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
---
## Here
See [what happened](../counterexamples/alpha.md#what-hapened),
[here](#here) and [there](#there).
`,
			want: []string{
				`content/principles/first.md:5:5: error: no heading #what-hapened in content/counterexamples/alpha.md (did you mean "what-happened"?)`,
				`content/principles/first.md:6:19: error: no heading #there in this page (did you mean "here"?)`,
			},
		},
		{
			name: "unknown glossary term",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
---
A [[term]], a [[Term|terms]], then
an unknown [[trem]] and [[nothing at all]].
`,
			want: []string{
				`content/principles/first.md:5:12: error: no glossary entry for "trem" (did you mean "Term"?)`,
				`content/principles/first.md:5:25: error: no glossary entry for "nothing at all" (add content/glossary/nothing-at-all.md)`,
			},
		},
		{
			name: "glossary term without a glossary",
			site: homeTxtar + `
-- content/first.md --
---
title: First
---
A [[term]].
`,
			want: []string{
				`content/first.md:4:3: error: no glossary for [[term]]: the site has no section "glossary" (add content/glossary/_index.md and a page per term, or name the section with site.glossary)`,
			},
		},
		{
			name: "unknown citation key and bad source ids",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
sources:
  - id: ap
    title: AP report
  - id: 9lives
    title: Bad id
  - id: ap
    title: Same id
  - title: No id, cannot be cited
---
As reported [@ap], [@AP] and [@reuters, p. 2].
`,
			want: []string{
				`content/principles/first.md:6:5: error: source id "9lives" is not a citation key (start with a letter; then letters, digits, - _ . or :, ending in a letter or digit)`,
				`content/principles/first.md:8:5: error: two sources have the id "ap"`,
				`content/principles/first.md:12:20: error: no source with the id "AP" in this page's sources (did you mean "ap"?)`,
				`content/principles/first.md:12:30: error: no source with the id "reuters" in this page's sources (give one of this page's sources "id: reuters")`,
			},
		},
		{
			name: "footnote without a definition, definition never used",
			site: relationsTxtar + `
-- content/principles/first.md --
---
title: First
---
A claim[^1] and another[^2].

[^1]: Defined.
[^3]: Never used.
`,
			want: []string{
				`content/principles/first.md:4:24: error: footnote [^2] has no definition`,
				`content/principles/first.md:7:1: warning: footnote [^3] is never referenced (remove it, or cite it with [^3])`,
			},
		},
		{
			name: "two sources, one output",
			site: homeTxtar + `
-- content/a.md --
---
title: A
---
-- content/a/index.md --
---
title: A again
---
-- content/b.md --
---
title: B
---
-- static/b/index.html --
<p>static</p>
`,
			want: []string{
				`content/a/index.md:1:1: error: content/a.md and content/a/index.md both become the page a/index.html (rename or remove one of them)`,
				`static/b/index.html:1:1: error: content/b.md and static/b/index.html both write b/index.html (rename or remove one of them)`,
			},
		},
		{
			name: "a file where a folder must be",
			site: homeTxtar + `
-- content/a.md --
---
title: A
---
-- static/a --
a file named a
`,
			want: []string{
				`static/a:1:1: error: output file a is also the folder of a/index.html, written from content/a.md (rename or remove one of them)`,
			},
		},
		{
			name: "paths that differ only in case",
			site: homeTxtar + `
-- content/About.md --
---
title: About
---
-- content/about.md --
---
title: about
---
-- static/img/Logo.png --
PNG
-- static/img/logo.png --
png
`,
			want: []string{
				`content/about.md:1:1: error: About/index.html and about/index.html differ only in case, and collide on Windows and macOS`,
				`static/img/logo.png:1:1: error: img/Logo.png and img/logo.png differ only in case, and collide on Windows and macOS`,
			},
		},
		{
			name: "source url with a refused scheme",
			site: homeTxtar + `
-- content/a.md --
---
title: A
sources:
  - title: Local file
    url: file:///etc/passwd
  - title: Script
    publisher: Someone
    url: 'vbscript:msgbox(1)'
---
`,
			want: []string{
				`content/a.md:5:10: error: sources[0].url "file:///etc/passwd": "file:" is not a scheme gloss publishes in links (use ftp, http, https, mailto, sms, tel or a path)`,
				`content/a.md:8:10: error: sources[1].url "vbscript:msgbox(1)": "vbscript:" is not a scheme gloss publishes in links (use ftp, http, https, mailto, sms, tel or a path)`,
			},
		},
		{
			name: "a static file named like the generated stylesheet",
			site: homeTxtar + `
-- static/css/syntax.css --
pre { color: red }
`,
			want: []string{
				`static/css/syntax.css:1:1: error: css/syntax.css is the name of the highlighting stylesheet gloss writes (rename this file; to change the colours of code, name chroma styles in the home page's site.highlight)`,
			},
		},
		{
			// é as one code point (NFC, what most editors write) and as e
			// with a combining accent (NFD, what older macOS wrote).
			name: "paths that differ only in Unicode normalisation",
			site: homeTxtar +
				"-- content/caf\u00e9.md --\n---\ntitle: Caf\u00e9\n---\n" +
				"-- content/cafe\u0301.md --\n---\ntitle: Cafe\u0301\n---\n" +
				"-- static/R\u00e9sum\u00e9.pdf --\nPDF\n" +
				"-- static/re\u0301sume\u0301.pdf --\npdf\n",
			want: []string{
				"content/caf\u00e9.md:1:1: error: cafe\u0301/index.html and caf\u00e9/index.html differ only in Unicode normalisation (an accented letter written as one character or as a letter and a combining accent), and collide on macOS" +
					` ("cafe\u0301/index.html" and "caf\u00e9/index.html"; rename one of them)`,
				"static/re\u0301sume\u0301.pdf:1:1: error: R\u00e9sum\u00e9.pdf and re\u0301sume\u0301.pdf differ only in case and Unicode normalisation, and collide on Windows and macOS" +
					` ("R\u00e9sum\u00e9.pdf" and "re\u0301sume\u0301.pdf"; rename one of them)`,
			},
		},
		{
			name: "Windows reserved names and trailing dots",
			site: homeTxtar + `
-- content/con.md --
---
title: Con
---
-- content/aux/_index.md --
---
title: Aux
---
-- content/aux/page.md --
---
title: In aux
---
-- content/COM1.md --
---
title: Com1
---
-- content/trailing..md --
---
title: Trailing dot
---
-- static/nul --
x
-- static/lpt9.txt --
x
-- static/notes. --
x
`,
			want: []string{
				`content/COM1.md:1:1: error: output path COM1/index.html: "COM1" is a reserved name on Windows`,
				`content/aux/_index.md:1:1: error: output path aux/index.html: "aux" is a reserved name on Windows`,
				`content/aux/page.md:1:1: error: output path aux/page/index.html: "aux" is a reserved name on Windows`,
				`content/con.md:1:1: error: output path con/index.html: "con" is a reserved name on Windows`,
				`content/trailing..md:1:1: error: output path trailing./index.html: "trailing." ends in a dot or space, which Windows drops`,
				`static/lpt9.txt:1:1: error: output path lpt9.txt: "lpt9.txt" is a reserved name on Windows`,
				`static/notes.:1:1: error: output path notes.: "notes." ends in a dot or space, which Windows drops`,
				`static/nul:1:1: error: output path nul: "nul" is a reserved name on Windows`,
			},
		},
		{
			name:      "template that does not parse",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/home.html --
<h1>{{ .Title }}</h1>
-- layouts/section.html --
<h1>{{ .Title }}</h1>
-- layouts/page.html --
<h1>{{ .Title }}</h1>
{{ if }}
<p>never</p>
{{ end }}
-- content/a.md --
---
title: A
---
`,
			want: []string{
				`layouts/page.html:2:1: error: missing value for if`,
			},
		},
		{
			name:      "template that fails while executing",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/home.html --
<h1>{{ .Title }}</h1>
-- layouts/page.html --
<h1>{{ .Title }}</h1>
<p>{{ .Title }} — {{ .Nope }}</p>
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
---
`,
			// The column counts characters: "—" is three bytes. The
			// error is the same for both pages: it is reported once.
			want: []string{
				`layouts/page.html:2:22: error: <.Nope>: can't evaluate field Nope in type *layout.Page (in 2 pages, first content/a.md)`,
			},
		},
		{
			name:      "no layout for a page kind",
			noLayouts: true,
			site: homeTxtar + `
-- layouts/home.html --
<h1>{{ .Title }}</h1>
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/one.md --
---
title: One
---
`,
			want: []string{
				`content/notes/_index.md:1:1: error: no layout for this section (add layouts/section.html)`,
				`content/notes/one.md:1:1: error: no layout for this page (add layouts/page.html)`,
			},
		},
	})
}

// badInputCase is one mini-site and the diagnostics its build must give,
// all of them, sorted.
type badInputCase struct {
	name string
	site string // added to layoutsTxtar unless noLayouts
	// noLayouts builds with only the layouts the site itself brings.
	noLayouts bool
	// theme builds with the embedded theme under the site's own files,
	// as gloss does (theme.Overlay); layoutsTxtar is not added.
	theme bool
	want  []string
}

func runBadInput(t *testing.T, tests []badInputCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := layoutsTxtar + tt.site
			if tt.noLayouts || tt.theme {
				site = tt.site
			}
			s := newSite(t, site)
			if tt.theme {
				s.res = buildOnce(t, theme.Overlay(s.fs), s.opts)
			} else {
				s.build()
			}
			s.assertDiags(tt.want...)
		})
	}
}

// TestRelationToNoSection: a relation whose target is not a section is
// reported once, at its declaration, even where the theme's home page
// draws the section's matrix from it.
func TestRelationToNoSection(t *testing.T) {
	s := newSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/ideas/_index.md --
---
title: Ideas
params: {matrix: cases}
relations:
  cases:
    to: casez
---
-- content/ideas/one.md --
---
title: One
---
-- content/cases/a.md --
---
title: A
---
`)
	s.res = buildOnce(t, theme.Overlay(s.fs), s.opts)
	s.assertDiags(
		`content/ideas/_index.md:6:5: error: relation "cases" points to "casez", which is not a section (did you mean "cases"?)`)
}

// TestAllErrorsAtOnce puts errors of every stage in several files into one
// site: the build reports all of them, sorted by file, line and column.
func TestAllErrorsAtOnce(t *testing.T) {
	newSite(t, layoutsTxtar+relationsTxtar+`
-- content/principles/first.md --
---
title: First
date: 2020-02-30
counterexamples: [alpha, alpah, alpha]
---
[broken](../counterexamples/beta.md#nowhere)
-- content/principles/second.md --
---
titel: Second
---
[missing](third.md)
-- content/glossary/z.md --
+++
title = "Z"
counterexamples = ["alpha"]
+++
-- content/counterexamples/gamma.md --
---
title: [unclosed
---
-- layouts/counterexamples/page.html --
{{ define "main" }}{{ .Missing }}{{ end }}
`).build().assertDiags(
		// The flow list is still open when the closing fence ends the YAML.
		`content/counterexamples/gamma.md:3:1: error: invalid YAML: did not find expected ',' or ']'`,
		`content/glossary/z.md:3:1: error: unknown key "counterexamples" (the section glossary does not declare this relation in its _index.md)`,
		`content/principles/first.md:3:7: error: date: impossible date "2020-02-30": day out of range (write dates as YYYY-MM-DD)`,
		`content/principles/first.md:4:26: error: counterexamples: no page "alpah" in section "counterexamples" (did you mean "alpha"?)`,
		`content/principles/first.md:4:33: error: counterexamples lists "alpha" twice`,
		`content/principles/first.md:6:1: error: no heading #nowhere in content/counterexamples/beta.md`,
		`content/principles/second.md:1:1: error: missing title (add a title: line to the front matter)`,
		`content/principles/second.md:2:1: error: unknown key "titel" (did you mean "title"?)`,
		`content/principles/second.md:4:1: error: link to a missing page: third.md`,
		`layouts/counterexamples/page.html:1:23: error: <.Missing>: can't evaluate field Missing in type *layout.Page (in 3 pages, first content/counterexamples/alpha.md)`,
	)
}
