package build_test

// The integration harness, in the spirit of Hugo's IntegrationTestBuilder:
// a whole mini-site is one txtar string, loaded into an fstest.MapFS (or
// written to a temporary folder), built with build.Build, and checked by
// its output files and diagnostics. Edits are more txtar, applied before a
// rebuild.

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// siteTest is one mini-site under test.
type siteTest struct {
	t    testing.TB
	fs   fstest.MapFS
	opts build.Options
	res  *build.Result
}

// newSite loads a txtar archive of site files (paths relative to the site:
// content/…, layouts/…, static/…).
func newSite(t testing.TB, archive string) *siteTest {
	t.Helper()
	s := &siteTest{t: t, fs: fstest.MapFS{}}
	s.apply(archive)
	return s
}

// apply writes every file of a txtar archive into the site; a file whose
// whole content is "-- delete --\n"… cannot be written in txtar, so
// deletions go through remove.
func (s *siteTest) apply(archive string) {
	s.t.Helper()
	if sitetest.Add(s.fs, archive) == 0 {
		s.t.Fatalf("txtar archive has no files:\n%s", archive)
	}
}

// withOptions sets the build options for later builds.
func (s *siteTest) withOptions(opts build.Options) *siteTest {
	s.opts = opts
	return s
}

// build builds the site from memory.
func (s *siteTest) build() *siteTest {
	s.t.Helper()
	s.res = buildOnce(s.t, s.fs, s.opts)
	return s
}

// edit applies a txtar archive of changed files and rebuilds.
func (s *siteTest) edit(archive string) *siteTest {
	s.t.Helper()
	s.apply(archive)
	return s.build()
}

// remove deletes files and rebuilds.
func (s *siteTest) remove(paths ...string) *siteTest {
	s.t.Helper()
	for _, p := range paths {
		if _, ok := s.fs[p]; !ok {
			s.t.Fatalf("remove %s: no such file in the site", p)
		}
		delete(s.fs, p)
	}
	return s.build()
}

// writeTo writes the site's files under dir and returns dir.
func (s *siteTest) writeTo(dir string) string {
	s.t.Helper()
	sitetest.Write(s.t, s.fs, dir)
	return dir
}

// diags returns the diagnostics as the command prints them.
func (s *siteTest) diags() []string {
	out := make([]string, len(s.res.Diags))
	for i, d := range s.res.Diags {
		out[i] = d.String()
	}
	return out
}

// assertOK fails unless the build has no errors; warnings are allowed.
func (s *siteTest) assertOK() *siteTest {
	s.t.Helper()
	if s.res.Failed() {
		s.t.Fatalf("build failed:\n%s", strings.Join(s.diags(), "\n"))
	}
	return s
}

// assertClean fails unless the build has no diagnostics at all.
func (s *siteTest) assertClean() *siteTest {
	s.t.Helper()
	if len(s.res.Diags) > 0 {
		s.t.Fatalf("want no diagnostics, got:\n%s", strings.Join(s.diags(), "\n"))
	}
	return s
}

// assertDiags fails unless the build failed with exactly these
// diagnostics, in this (sorted) order.
func (s *siteTest) assertDiags(want ...string) *siteTest {
	s.t.Helper()
	if !s.res.Failed() {
		s.t.Errorf("want a failed build, but Result.Failed() is false")
	}
	got := s.diags()
	if !slices.Equal(got, want) {
		s.t.Fatalf("diagnostics:\ngot:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if !sort.SliceIsSorted(s.res.Diags, func(i, j int) bool {
		a, b := s.res.Diags[i], s.res.Diags[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	}) {
		s.t.Errorf("diagnostics are not sorted by file, line, column")
	}
	return s
}

// assertHasDiag fails unless the diagnostics include each of want.
func (s *siteTest) assertHasDiag(want ...string) *siteTest {
	s.t.Helper()
	got := s.diags()
	for _, w := range want {
		if !slices.Contains(got, w) {
			s.t.Errorf("missing diagnostic %s\ngot:\n\t%s", w, strings.Join(got, "\n\t"))
		}
	}
	return s
}

// file returns an output file's content, failing if it was not written.
func (s *siteTest) file(p string) string {
	s.t.Helper()
	data, ok := s.res.Files[p]
	if !ok {
		s.t.Fatalf("no output file %s; have %v", p, s.res.Paths())
	}
	return string(data)
}

// assertFile fails unless output p contains every substring.
func (s *siteTest) assertFile(p string, subs ...string) *siteTest {
	s.t.Helper()
	got := s.file(p)
	for _, sub := range subs {
		if !strings.Contains(got, sub) {
			s.t.Errorf("%s does not contain %q:\n%s", p, sub, got)
		}
	}
	return s
}

// assertFileNot fails if output p contains any of subs.
func (s *siteTest) assertFileNot(p string, subs ...string) *siteTest {
	s.t.Helper()
	got := s.file(p)
	for _, sub := range subs {
		if strings.Contains(got, sub) {
			s.t.Errorf("%s contains %q, which it should not:\n%s", p, sub, got)
		}
	}
	return s
}

// assertOrder fails unless the substrings appear in output p in this order.
func (s *siteTest) assertOrder(p string, subs ...string) *siteTest {
	s.t.Helper()
	got := s.file(p)
	at := 0
	for _, sub := range subs {
		i := strings.Index(got[at:], sub)
		if i < 0 {
			s.t.Fatalf("%s: %q not found after offset %d (want order %q):\n%s", p, sub, at, subs, got)
		}
		at += i + len(sub)
	}
	return s
}

// assertNoFile fails if output p was written.
func (s *siteTest) assertNoFile(paths ...string) *siteTest {
	s.t.Helper()
	for _, p := range paths {
		if _, ok := s.res.Files[p]; ok {
			s.t.Errorf("output %s exists, but should not", p)
		}
	}
	return s
}

// assertPaths fails unless the output holds exactly these files.
func (s *siteTest) assertPaths(want ...string) *siteTest {
	s.t.Helper()
	sort.Strings(want)
	if got := s.res.Paths(); !slices.Equal(got, want) {
		s.t.Fatalf("output files:\ngot  %q\nwant %q", got, want)
	}
	return s
}

// assertLinksResolve checks every HTML output: each href and src is
// relative (never "/x" or "//host"), each internal one names an output
// file, and each #fragment is an id in its target.
func (s *siteTest) assertLinksResolve() *siteTest {
	s.t.Helper()
	for _, problem := range checkLinks(s.res.Files) {
		s.t.Error(problem)
	}
	return s
}

// checkLinks returns a line for each broken, absolute or dangling link.
func checkLinks(files map[string][]byte) []string {
	var problems []string
	idCache := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if m, ok := idCache[p]; ok {
			return m
		}
		m, err := ids(string(files[p]))
		if err != nil {
			problems = append(problems, p+": "+err.Error())
		}
		idCache[p] = m
		return m
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		hrefs, err := links(string(files[p]))
		if err != nil {
			problems = append(problems, p+": "+err.Error())
			continue
		}
		for _, h := range hrefs {
			target, frag, internal, err := resolve(p, h)
			if err != nil {
				problems = append(problems, p+": "+err.Error())
				continue
			}
			if !internal {
				continue
			}
			if _, ok := files[target]; !ok {
				problems = append(problems, p+": "+h+" names "+target+", which is not in the output")
				continue
			}
			if frag != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[frag] {
				problems = append(problems, p+": "+h+": no id "+frag+" in "+target)
			}
		}
	}
	return problems
}

// layoutsTxtar is a small theme for mini-sites: every page kind, relations
// and inverses, prev/next, the section's page list and static links.
const layoutsTxtar = `
-- layouts/_base.html --
<!doctype html>
<html lang="{{ .Site.Language }}">
<head><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ .Rel "css/syntax.css" }}">
</head>
<body>
<nav><a href="{{ .Home }}">{{ .Site.Title }}</a>{{ range .Breadcrumbs }} / <a href="{{ .URL }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ .Content }}{{ end }}</main>
</body>
</html>
-- layouts/home.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{- range .Sections }}
<section><h2><a href="{{ .URL }}">{{ .Title }}</a></h2>
<ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul></section>
{{- end }}
{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ol class="pages">{{ range .Pages }}
<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}
</ol>
{{ end }}
-- layouts/page.html --
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}
{{- range .Relations }}{{ if .Pages }}
<section class="relation-{{ .Name }}"><h2>{{ .Label }}</h2><ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul></section>
{{- end }}{{ end }}
{{- range .Inverses }}{{ if .Pages }}
<section class="inverse-{{ .Name }}"><h2>{{ .Label }}</h2><ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul></section>
{{- end }}{{ end }}
</article>
<nav class="prevnext">{{ with .Prev }}<a rel="prev" href="{{ .URL }}">{{ .Title }}</a>{{ end }}{{ with .Next }}<a rel="next" href="{{ .URL }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
`

// explainerTxtar is a mini explainer: principles that name counter-examples,
// whose pages get the computed inverse.
const explainerTxtar = `
-- content/_index.md --
---
title: Mini explainer
site:
  title: Mini
---
Read [the principles](principles/_index.md).
-- content/principles/_index.md --
---
title: Principles
weight: 1
relations:
  counterexamples:
    to: counterexamples
    label: Counter-examples
    inverse: challenges
    inverse_label: Principles it challenges
---
-- content/principles/first.md --
---
title: First principle
weight: 1
counterexamples: [beta, alpha]
---
See [the alpha case](../counterexamples/alpha.md#what-happened).
-- content/principles/second.md --
---
title: Second principle
weight: 2
counterexamples: [alpha]
---
## Reading
Plain.
-- content/counterexamples/_index.md --
---
title: Counter-examples
weight: 2
---
-- content/counterexamples/alpha.md --
---
title: Alpha case
date: 2020-01-01
---
## What happened
Something.
-- content/counterexamples/beta.md --
---
title: Beta case
date: 2021-01-01
---
Else.
-- static/css/site.css --
body { margin: 0 }
`

func TestExplainer(t *testing.T) {
	s := newSite(t, layoutsTxtar+explainerTxtar).build().assertClean()
	s.assertPaths(
		"index.html", "css/site.css", "css/syntax.css",
		"principles/index.html", "principles/first/index.html", "principles/second/index.html",
		"counterexamples/index.html", "counterexamples/alpha/index.html", "counterexamples/beta/index.html",
		"search/index.c7fac715.js", "robots.txt",
	)
	// Relations keep the order the author wrote; inverses list pages in
	// reading order (first, then second), whatever order they were named.
	s.assertOrder("principles/first/index.html",
		`<section class="relation-counterexamples"><h2>Counter-examples</h2>`,
		`<a href="../../counterexamples/beta/">Beta case</a>`,
		`<a href="../../counterexamples/alpha/">Alpha case</a>`)
	s.assertOrder("counterexamples/alpha/index.html",
		`<section class="inverse-challenges"><h2>Principles it challenges</h2>`,
		`<a href="../../principles/first/">First principle</a>`,
		`<a href="../../principles/second/">Second principle</a>`)
	s.assertFile("counterexamples/beta/index.html",
		`<section class="inverse-challenges"><h2>Principles it challenges</h2><ul><li><a href="../../principles/first/">First principle</a></li></ul></section>`)
	s.assertFileNot("counterexamples/beta/index.html", "Second principle")
	// Body links to Markdown files become relative page URLs.
	s.assertFile("principles/first/index.html", `<a href="../../counterexamples/alpha/#what-happened">the alpha case</a>`)
	s.assertFile("index.html", `<a href="principles/">the principles</a>`)
	// prev/next within a section.
	s.assertFile("principles/first/index.html", `<nav class="prevnext"><a rel="next" href="../second/">Second principle</a></nav>`)
	s.assertFile("principles/second/index.html", `<nav class="prevnext"><a rel="prev" href="../first/">First principle</a></nav>`)
	s.assertFile("counterexamples/alpha/index.html", `<a rel="next" href="../beta/">Beta case</a>`)
	// Static files are copied as they are and the syntax stylesheet is generated.
	if got := s.file("css/site.css"); got != "body { margin: 0 }\n" {
		t.Errorf("css/site.css = %q", got)
	}
	s.assertFile("css/syntax.css", ".chroma", "prefers-color-scheme: dark")
	s.assertFile("principles/second/index.html", `<link rel="stylesheet" href="../../css/syntax.css">`)
	s.assertFile("index.html", `<link rel="stylesheet" href="css/syntax.css">`, `<a href="./">Mini</a>`)
	s.assertLinksResolve()
}

// TestEditRebuild changes the site between builds and checks the new output.
func TestEditRebuild(t *testing.T) {
	s := newSite(t, layoutsTxtar+explainerTxtar).build().assertClean()
	s.assertFileNot("counterexamples/beta/index.html", "Second principle")

	// The second principle now also names beta: beta gains the inverse.
	s.edit(`
-- content/principles/second.md --
---
title: Second principle
weight: 2
counterexamples: [alpha, beta]
---
Now linking [beta](../counterexamples/beta.md).
`).assertClean()
	s.assertOrder("counterexamples/beta/index.html",
		`<a href="../../principles/first/">First principle</a>`,
		`<a href="../../principles/second/">Second principle</a>`)
	s.assertFile("principles/second/index.html", `<a href="../../counterexamples/beta/">beta</a>`)

	// Breaking a link fails the build; the diagnostic points at it.
	s.edit(`
-- content/principles/second.md --
---
title: Second principle
weight: 2
---
Now linking [beta](../counterexamples/gamma.md).
`).assertDiags(`content/principles/second.md:5:13: error: link to a missing page: ../counterexamples/gamma.md`)

	// Fixing it and adding a page: the section lists it, in order.
	s.edit(`
-- content/principles/second.md --
---
title: Second principle
weight: 2
---
Fixed.
-- content/principles/third.md --
---
title: Third principle
weight: 3
---
New.
`).assertClean()
	s.assertOrder("principles/index.html", "First principle", "Second principle", "Third principle")
	s.assertFile("principles/second/index.html", `<a rel="next" href="../third/">Third principle</a>`)

	// Removing a page drops its output and its place in prev/next.
	s.remove("content/principles/third.md").assertClean()
	s.assertNoFile("principles/third/index.html")
	s.assertFileNot("principles/second/index.html", "Third principle")

	// A static file edit is copied on rebuild.
	s.edit("-- static/css/site.css --\nbody { margin: 1em }\n").assertClean()
	s.assertFile("css/site.css", "margin: 1em")
}

// TestOrdering sorts pages by weight (weighted first), then date, then title.
func TestOrdering(t *testing.T) {
	s := newSite(t, layoutsTxtar+`
-- content/_index.md --
---
title: Home
---
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/w2.md --
---
title: Weight two
weight: 2
---
-- content/notes/w1.md --
---
title: Weight one
weight: 1
date: 2030-01-01
---
-- content/notes/late.md --
---
title: Aardvark late
date: 2022-05-01
---
-- content/notes/early.md --
---
title: Zebra early
date: 2019-05-01
---
-- content/notes/b.md --
---
title: Bravo undated
---
-- content/notes/a.md --
---
title: Alpha undated
---
-- content/notes/same-date-b.md --
---
title: Same date B
date: 2020-01-01
---
-- content/notes/same-date-a.md --
---
title: Same date A
date: 2020-01-01
---
`).build().assertClean()
	// Weighted pages first by weight; then the rest by date (undated, the
	// zero date, first), then title.
	s.assertOrder("notes/index.html",
		"Weight one", "Weight two",
		"Alpha undated", "Bravo undated",
		"Zebra early", "Same date A", "Same date B", "Aardvark late")
	s.assertFile("notes/w2/index.html", `<a rel="prev" href="../w1/">Weight one</a><a rel="next" href="../a/">Alpha undated</a>`)
}

// TestDrafts leaves drafts out, unless Options.Drafts.
func TestDrafts(t *testing.T) {
	site := layoutsTxtar + `
-- content/_index.md --
---
title: Home
---
-- content/notes/one.md --
---
title: One
---
-- content/notes/wip.md --
---
title: Work in progress
draft: true
---
-- content/notes/two.md --
---
title: Two
---
`
	s := newSite(t, site).build().assertClean()
	s.assertNoFile("notes/wip/index.html")
	s.assertFileNot("notes/index.html", "Work in progress")
	s.assertFile("notes/one/index.html", `<a rel="next" href="../two/">Two</a>`)

	s = newSite(t, site).withOptions(build.Options{Drafts: true}).build().assertClean()
	s.assertFile("notes/wip/index.html", "<h1>Work in progress</h1>")
	s.assertOrder("notes/index.html", "One", "Two", "Work in progress")

	// A link to a draft is an error only when drafts are left out.
	link := "-- content/notes/two.md --\n---\ntitle: Two\n---\nSee [wip](wip.md).\n"
	newSite(t, site+link).build().assertDiags(
		`content/notes/two.md:4:5: error: link to wip.md, a draft left out of this build (build with --drafts, or publish it)`)
	newSite(t, site+link).withOptions(build.Options{Drafts: true}).build().assertClean().
		assertFile("notes/two/index.html", `<a href="../wip/">wip</a>`)
}

// TestLinkRewriting covers the ways an author links: to pages, sections,
// home, fragments, static and content files.
func TestLinkRewriting(t *testing.T) {
	s := newSite(t, layoutsTxtar+`
-- content/_index.md --
---
title: Home
---
-- content/counterexamples/x.md --
---
title: X
---
## Frag
-- content/principles/_index.md --
---
title: Principles
---
[section home](../_index.md), [section](../counterexamples/_index.md)
-- content/principles/p.md --
---
title: P
---
## Local heading
[x](../counterexamples/x.md#frag)
[x plain](../counterexamples/x.md)
[here](#local-heading)
[home](../_index.md)
[site css](/css/site.css)
[map](map.png)
[ext](https://example.org/a?b#c)
[mail](mailto:a@example.org)
-- content/principles/map.png --
PNG
-- content/bundle/index.md --
---
title: A page bundle
---
![pic](pic.png) [p](../principles/p.md#local-heading) [note](#fn-1)[^1]

[^1]: A footnote.
-- content/bundle/pic.png --
PNG
-- static/css/site.css --
body{}
`).build().assertClean()
	// A page bundle's files sit beside its index.html.
	s.assertFile("bundle/index.html",
		`<img src="pic.png" alt="pic">`,
		`<a href="../principles/p/#local-heading">p</a>`,
		`<a href="#fn-1">note</a>`)
	s.assertFile("bundle/pic.png", "PNG")
	s.assertFile("principles/p/index.html",
		`<a href="../../counterexamples/x/#frag">x</a>`,
		`<a href="../../counterexamples/x/">x plain</a>`,
		`<a href="#local-heading">here</a>`,
		`<a href="../../">home</a>`,
		`<a href="../../css/site.css">site css</a>`,
		`<a href="../map.png">map</a>`,
		`<a href="https://example.org/a?b#c">ext</a>`,
		`<a href="mailto:a@example.org">mail</a>`)
	s.assertFile("principles/index.html", `<a href="../">section home</a>`, `<a href="../counterexamples/">section</a>`)
	if got := s.file("principles/map.png"); got != "PNG\n" {
		t.Errorf("content asset copied as %q", got)
	}
	s.assertLinksResolve()

	// The offline style names files, home included.
	s.withOptions(build.Options{Style: graph.Files}).build().assertClean()
	s.assertFile("principles/p/index.html",
		`<a href="../../counterexamples/x/index.html#frag">x</a>`,
		`<a href="../../index.html">home</a>`,
		`<nav><a href="../../index.html">Home</a> / <a href="../../index.html">Home</a> / <a href="../index.html">Principles</a></nav>`)
	s.assertFile("index.html", `<nav><a href="index.html">Home</a></nav>`)
	s.assertLinksResolve()
}

// TestTOMLFrontMatter is the positive case for +++ front matter.
func TestTOMLFrontMatter(t *testing.T) {
	s := newSite(t, layoutsTxtar+`
-- content/_index.md --
+++
title = "Home in TOML"
[site]
title = "TOML site"
language = "fr"
+++
Body.
-- content/s/_index.md --
+++
title = "Section"
[relations.refs]
to = "s"
label = "See also"
inverse = "seen_by"
inverse_label = "Seen by"
+++
-- content/s/a.md --
+++
title = "Page A"
date = 2020-09-08
weight = 1
refs = ["b"]
[params]
actor = "PRC"
+++
## Heading
-- content/s/b.md --
+++
title = "Page B"
weight = 2
+++
`).build().assertClean()
	s.assertFile("index.html", `<html lang="fr">`, "<h1>Home in TOML</h1>", `<a href="./">TOML site</a>`)
	s.assertFile("s/a/index.html", "<h1>Page A</h1>", `<section class="relation-refs"><h2>See also</h2><ul><li><a href="../b/">Page B</a></li></ul></section>`)
	s.assertFile("s/b/index.html", `<section class="inverse-seen_by"><h2>Seen by</h2><ul><li><a href="../a/">Page A</a></li></ul></section>`)
}

// TestBuildFromDisk builds a site written to a temporary folder through
// os.DirFS, as the command does, and gets the same files as from memory.
func TestBuildFromDisk(t *testing.T) {
	s := newSite(t, layoutsTxtar+explainerTxtar).build().assertClean()
	dir := s.writeTo(t.TempDir())
	disk := buildOnce(t, os.DirFS(dir), build.Options{})
	if disk.Failed() {
		t.Fatalf("build from disk failed: %v", disk.Diags)
	}
	assertSameFiles(t, s.res.Files, disk.Files)
}

func assertSameFiles(t testing.TB, a, b map[string][]byte) {
	t.Helper()
	for p, data := range a {
		other, ok := b[p]
		if !ok {
			t.Errorf("%s: only in the first", p)
		} else if string(data) != string(other) {
			t.Errorf("%s differs", p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s: only in the second", p)
		}
	}
}
