package build_test

// .Gather: whole pages gathered onto one page (the print-all handout), in
// one build, in the offline style, with its errors, and in a session's
// rebuilds.

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
)

var (
	idDef   = regexp.MustCompile(`\sid="([^"]*)"`)
	hashRef = regexp.MustCompile(`href="#([^"]*)"`)
)

// assertOneDocument checks that a page holding gathered bodies defines no
// ID twice and that every link within it leads to an ID it defines.
func assertOneDocument(t *testing.T, doc string, minIDs int) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range idDef.FindAllStringSubmatch(doc, -1) {
		if seen[m[1]] {
			t.Errorf("the ID %q is defined twice", m[1])
		}
		seen[m[1]] = true
	}
	if len(seen) < minIDs {
		t.Errorf("only %d IDs, want at least %d", len(seen), minIDs)
	}
	for _, m := range hashRef.FindAllStringSubmatch(doc, -1) {
		if !seen[m[1]] {
			t.Errorf("a link to #%s, which the page does not define", m[1])
		}
	}
}

// TestGoldenGather renders gather.txtar's print page and keeps it as a
// golden file, then checks what the golden file must hold: the order of the
// pages (a section's own page, then its pages), IDs under each page's
// prefix and none twice, links between gathered pages (to a page, to a
// heading, within a body) turned into links within the page, links to
// other pages, terms, images and outside links left as they are on any
// page, citations leading to their page's own sources, and relations
// listing a gathered page by its anchor. The pages' own renderings keep
// their IDs.
func TestGoldenGather(t *testing.T) {
	s := goldenSite(t, "gather.txtar").build().assertClean()
	doc := s.file("print/index.html")
	golden(t, "gather.html", []byte(doc))

	var order []string
	for _, m := range regexp.MustCompile(`(?m)^== (\S+) (\S+) (\S*) `).FindAllStringSubmatch(doc, -1) {
		order = append(order, m[1]+" "+m[2]+" "+m[3])
	}
	if want := []string{
		"_p-article page article", "_p-principles section principles",
		"_p-principles-a page principles/a", "_p-principles-b page principles/b", "_p-cases-y page cases/y",
	}; !slices.Equal(order, want) {
		t.Errorf("gathered:\n%s\nwant:\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
	assertOneDocument(t, doc, 25)
	s.assertFile("print/index.html",
		// the article's links
		`<a href="#_p-principles-a">the first principle</a>`,
		`<a href="#_p-principles-a-why">reasons</a>`,
		`<a href="#_p-principles">all principles</a>`,
		`<a href="../cases/x/">a case not gathered</a>`,
		`<a href="#_p-cases-y-what-happened">the gathered case</a>`,
		`<a href="#_p-article-intro">this intro</a>`,
		`<a class="term" href="../glossary/term/">term</a>`,
		`<a href="https://example.com/page">a site</a>`,
		`<a href="#_p-article-src-ap" role="doc-biblioref">1</a>`,
		`<img src="../map.png" alt="A map">`,
		`<h2 id="_p-article-intro">Intro</h2>`,
		`<a id="_p-article-fnref-1" href="#_p-article-fn-1"`,
		// a page's links to its neighbour, back to the article, and a
		// section's page to its section
		`<a href="#_p-principles-b-why">B&rsquo;s reasons</a>`,
		`<a href="#_p-article-intro">the intro</a>`,
		`<a href="#_p-principles-a">A</a>`,
		`<a href="#_p-principles-why">the principles</a>`,
		// the notes of each body, shown as "Notes", named after their page
		// for a screen reader's list of landmarks
		`<section class="footnotes" role="doc-endnotes" aria-label="Notes: Article">`+"\n"+`<h2 class="footnotes-title" id="_p-article-fn-title">Notes</h2>`,
		`aria-label="Notes: Principles"`, `aria-label="Notes: Principle A"`, `aria-label="Notes: Principle B"`,
		// the same heading and note labels, apart
		`<h2 id="_p-principles-why">Why</h2>`, `<h2 id="_p-principles-a-why">Why</h2>`, `<h2 id="_p-principles-b-why">Why</h2>`,
		`<li id="_p-principles-b-fn-1"`,
		// what the view gives besides the body
		"== _p-principles section principles ../principles/ parent=Home part= pages=_p-principles-a _p-principles-b \n",
		"== _p-principles-a page principles/a ../principles/a/ parent=Principles part=_p-principles pages=\n",
		"== _p-cases-y page cases/y ../cases/y/ parent=Cases part= pages=\n",
		"toc: 2#_p-principles-a-why\n",
		"sources: 1#_p-article-src-ap=https://example.org/report\n",
		"sources: 1#_p-principles-a-src-1=https://example.org/text\n",
		"counterexamples: ../cases/x/ #_p-cases-y\n",
		"challenges: #_p-principles-a\n",
	)
	// Each body once, and not the bodies of pages left out.
	s.assertFileNot("print/index.html", "X happened", "A word.")
	if n := strings.Count(doc, "A note of A."); n != 2 { // the sidenote and the list of notes
		t.Errorf("A's note is written %d times, want 2", n)
	}
	// The pages' own renderings are untouched.
	s.assertFile("article/index.html", `<section class="footnotes" role="doc-endnotes" aria-labelledby="fn-title">`)
	s.assertFile("article/index.html", `<h2 id="intro">Intro</h2>`, `<a href="../principles/a/#why">reasons</a>`, `href="#src-ap"`, `<a href="#intro">this intro</a>`)
	s.assertFile("principles/a/index.html", `<h2 id="why">Why</h2>`, `<a href="../b/#why">`)

	// Offline, links to pages left out name their files.
	s.withOptions(build.Options{Style: graph.Files}).build().assertClean()
	s.assertFile("print/index.html", `<a href="../cases/x/index.html">a case not gathered</a>`,
		`<a class="term" href="../glossary/term/index.html">term</a>`, `<a href="#_p-principles-a">the first principle</a>`,
		"counterexamples: ../cases/x/index.html #_p-cases-y\n")
	assertOneDocument(t, s.file("print/index.html"), 25)
}

// TestGatherIDCollision: when IDs made from the pages' keys could meet (a
// section's heading "B c" and its page b's heading "C" are both
// "_p-a-b-c"), every gathered page is numbered instead, which never
// collides.
func TestGatherIDCollision(t *testing.T) {
	s := newSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/a/_index.md --
---
title: A
---

## B c

See [b](b.md#c).
-- content/a/b.md --
---
title: B
---

## C

Back to [A](_index.md#b-c).
-- content/print.md --
---
title: Print
layout: print
---
-- layouts/home.html --
{{ .Title }}
-- layouts/section.html --
{{ .Content }}
-- layouts/page.html --
{{ .Content }}
-- layouts/print.html --
{{ range .Gather "a" }}<article id="{{ .ID }}">{{ .Content }}</article>
{{ end }}`).build().assertClean()
	doc := s.file("print/index.html")
	assertOneDocument(t, doc, 4)
	s.assertFile("print/index.html", `<article id="_p-1"><h2 id="_p-1-b-c">B c</h2>`, `<a href="#_p-2-c">b</a>`,
		`<article id="_p-2"><h2 id="_p-2-c">C</h2>`, `<a href="#_p-1-b-c">A</a>`)
}

// TestGatherNotesNames: the notes of gathered pages that share a title
// (one escaped in the attribute) still have names of their own, the
// second and third numbered, while every heading shows "Notes".
func TestGatherNotesNames(t *testing.T) {
	s := newSite(t, `
-- content/_index.md --
---
title: Home
---
-- content/a/_index.md --
---
title: A
---
-- content/a/one.md --
---
title: Q & "A"
weight: 1
---
One.[^n]

[^n]: A note.
-- content/a/two.md --
---
title: Q & "A"
weight: 2
---
Two.[^n]

[^n]: A note.
-- content/a/three.md --
---
title: Q & "A"
weight: 3
---
Three.[^n]

[^n]: A note.
-- content/print.md --
---
title: Print
layout: print
---
-- layouts/home.html --
{{ .Title }}
-- layouts/section.html --
{{ .Content }}
-- layouts/page.html --
{{ .Content }}
-- layouts/print.html --
{{ range .Gather "a" }}<article id="{{ .ID }}">{{ .Content }}</article>
{{ end }}`).build().assertClean()
	doc := s.file("print/index.html")
	assertOneDocument(t, doc, 12)
	names := regexp.MustCompile(`role="doc-endnotes" aria-label="([^"]*)"`).FindAllStringSubmatch(doc, -1)
	var got []string
	for _, m := range names {
		got = append(got, m[1])
	}
	if want := []string{"Notes: Q &amp; &#34;A&#34;", "Notes: Q &amp; &#34;A&#34; (2)", "Notes: Q &amp; &#34;A&#34; (3)"}; !slices.Equal(got, want) {
		t.Errorf("the notes are named\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := strings.Count(doc, `<h2 class="footnotes-title" id="_p-a-`); n != 3 {
		t.Errorf("%d headings of notes, want 3", n)
	}
	if n := strings.Count(doc, `">Notes</h2>`); n != 3 {
		t.Errorf("%d headings showing \"Notes\", want 3", n)
	}
}

// TestGatherErrors: a key that names nothing, a page gathered twice and no
// key at all are template errors at the call, naming the key.
func TestGatherErrors(t *testing.T) {
	for _, tc := range []struct{ call, want string }{
		{`.Gather "article" "principls"`,
			`layouts/print.html:2:10: error: <.Gather>: error calling Gather: no page or section "principls" (did you mean "principles"?) (rendering content/print.md)`},
		{`.Gather "nowhere"`,
			`layouts/print.html:2:10: error: <.Gather>: error calling Gather: no page or section "nowhere" (give a page's key, such as "article" or "principles/second", or a section's, such as "principles") (rendering content/print.md)`},
		{`.Gather "principles/a" "principles"`,
			`layouts/print.html:2:10: error: <.Gather>: error calling Gather: page "principles/a" is gathered twice (by the keys "principles/a" and "principles") (rendering content/print.md)`},
		{`.Gather "article" "article"`,
			`layouts/print.html:2:10: error: <.Gather>: error calling Gather: page "article" is gathered twice (by the key "article") (rendering content/print.md)`},
		{`.Gather`,
			`layouts/print.html:2:10: error: <.Gather>: error calling Gather: no page or section to gather: give the key of one, such as "article" or "principles" (rendering content/print.md)`},
	} {
		t.Run(tc.call, func(t *testing.T) {
			goldenSite(t, "gather.txtar").edit("-- layouts/print.html --\nPrint\n{{ range " + tc.call + " }}{{ .ID }}{{ end }}\n").
				assertDiags(tc.want)
		})
	}
}

// TestSessionGatheredBodies edits this repository's site in a session: an
// edit to the body of a page the print-all page gathers renders that page
// again with the new text, while an edit to a body it does not gather
// leaves it as it was; a gathered page's new title reaches it too. Every
// rebuild equals a clean build.
func TestSessionGatheredBodies(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), devOptions)
	prev := rebuild(t, sess, nil)
	assertSameAsClean(t, "first build", dir, prev)
	const printAll = "print/index.html"
	if _, ok := prev.Files[printAll]; !ok {
		t.Fatalf("no %s in the build", printAll)
	}
	assertOneDocument(t, string(prev.Files[printAll]), 300)

	res := rebuild(t, sess, []string{e.replace("content/counterexamples/cloud-act.md", "## What happened\n", "## What happened\n\nA zebra crossed the Atlantic.\n")})
	assertSameAsClean(t, "a gathered body", dir, res)
	if !slices.Contains(res.Changed, printAll) || !strings.Contains(string(res.Files[printAll]), "A zebra crossed the Atlantic.") {
		t.Errorf("a gathered body's edit: the print-all page was not rendered again with it (changed: %v)", res.Changed)
	}
	prev = res

	res = rebuild(t, sess, []string{e.replace("content/glossary/backdoor.md", "\n\n", "\n\nA zebra in the glossary.\n\n")})
	assertSameAsClean(t, "a body not gathered", dir, res)
	if !sameBytes(prev.Files[printAll], res.Files[printAll]) {
		t.Errorf("a glossary body's edit rendered the print-all page again (changed: %v)", res.Changed)
	}
	prev = res

	res = rebuild(t, sess, []string{e.replace("content/counterexamples/cloud-act.md", "\ntitle: The U.S. CLOUD Act\n", "\ntitle: The U.S. CLOUD Act, retitled\n")})
	assertSameAsClean(t, "a gathered page's title", dir, res)
	if res.Failed() || !strings.Contains(string(res.Files[printAll]), "The U.S. CLOUD Act, retitled") {
		t.Error("a gathered page's new title is not on the print-all page")
	}
}
