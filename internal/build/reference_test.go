package build_test

// The reading aids: the layout front matter key, the matrix of two sections
// crossed by a relation (.Matrix) and the timeline of dated pages
// (.Timeline, .Dated), in one build and in a session's rebuilds.

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// withRepoLayouts adds this repository's layouts/ to a mini-site, so that
// the test renders its content with the explainer's real theme.
func (s *siteTest) withRepoLayouts() *siteTest {
	s.t.Helper()
	return s.withRepoFolder("layouts")
}

// withRepoFolder adds the files of one of this repository's top-level
// folders to a mini-site, under the same paths.
func (s *siteTest) withRepoFolder(folder string) *siteTest {
	s.t.Helper()
	sitetest.AddRepo(s.t, s.fs, folder)
	return s
}

// between returns the part of doc from the first start to the end of the
// first end after it, failing when either is missing.
func between(t *testing.T, doc, start, end string) string {
	t.Helper()
	i := strings.Index(doc, start)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", start, doc)
	}
	j := strings.Index(doc[i:], end)
	if j < 0 {
		t.Fatalf("no %q after %q", end, start)
	}
	return doc[i : i+j+len(end)]
}

// TestGoldenReadingAids renders a mini explainer with this repository's
// layouts and keeps its home page's matrix and its timeline page as golden
// files.
func TestGoldenReadingAids(t *testing.T) {
	s := goldenSite(t, "reference.txtar").withRepoLayouts().build().assertOK()
	home := s.file("index.html")
	golden(t, "reference-matrix.html", []byte(between(t, home, `<section class="matrix"`, "</section>")+"\n"))
	timeline := s.file("timeline/index.html")
	golden(t, "reference-timeline.html", []byte(between(t, timeline, `<article class="timeline-page">`, "</article>")+"\n"))
}

// TestReadingAidsMarkup checks what the golden files hold, so that a
// golden file rewritten with a mistake in it does not pass unnoticed: the
// table's shape and accessible names, one mark per relation value with its
// actor, and the timeline's order, years, dates and labels.
func TestReadingAidsMarkup(t *testing.T) {
	s := goldenSite(t, "reference.txtar").withRepoLayouts().build().assertOK()
	home := s.file("index.html")
	matrix := between(t, home, `<section class="matrix"`, "</section>")
	for _, want := range []string{
		`<div class="table-scroll" role="region" aria-label="`, `tabindex="0">`,
		`<caption>`, `<th scope="row"><a href="principles/first/">1. Keep supply chains open</a></th>`,
		`<th scope="row"><a href="principles/third/">3. A principle no case tests</a></th>`,
		`<a class="mark" href="counterexamples/clean-network/" data-actor="US"><span aria-hidden="true">US</span><span class="visually-hidden">The Clean Network expansion (US) challenges principle 2</span></a>`,
		`<span class="visually-hidden">The African Union headquarters report (PRC) challenges principle 2</span>`,
		`<span class="visually-hidden">The UK&#39;s Huawei 5G ban (UK) challenges principle 1</span>`,
		`data-actor="Zhenhua Data"><span aria-hidden="true">Zhenhua Data</span>`,
	} {
		if !strings.Contains(matrix, want) {
			t.Errorf("the matrix has no %s:\n%s", want, matrix)
		}
	}
	if n := strings.Count(matrix, `<th scope="row">`); n != 3 {
		t.Errorf("%d rows, want 3 (the principles)", n)
	}
	// Columns in the counter-examples' reading order (by date); the draft
	// is not among them.
	cols := regexp.MustCompile(`<th scope="col" class="matrix-col"><a href="counterexamples/([a-z-]+)/">`).FindAllStringSubmatch(matrix, -1)
	var got []string
	for _, c := range cols {
		got = append(got, c[1])
	}
	if want := []string{"au-headquarters", "unnamed", "uk-ban", "clean-network", "zhenhua-data"}; !slices.Equal(got, want) {
		t.Errorf("columns %q, want %q", got, want)
	}
	if n := strings.Count(matrix, `class="mark" href=`); n != 5 {
		t.Errorf("%d marks, want 5 (one per relation value)", n)
	}
	if n := strings.Count(matrix, "<td>"); n != 3*5 {
		t.Errorf("%d cells, want 15", n)
	}

	timeline := s.file("timeline/index.html")
	items := regexp.MustCompile(`<li><time datetime="(\d{4}-\d\d-\d\d)">[^<]+</time>\n<a href="([^"]+)">`).FindAllStringSubmatch(timeline, -1)
	got = nil
	for _, it := range items {
		got = append(got, it[1]+" "+it[2])
	}
	want := []string{
		"2018-01-26 ../counterexamples/au-headquarters/",
		"2019-05-02 ../counterexamples/unnamed/",
		"2020-07-14 ../counterexamples/uk-ban/",
		"2020-08-05 ../glossary/clean-network/", // same day: by title, "A glossary term…" first
		"2020-08-05 ../counterexamples/clean-network/",
		"2020-09-08 ../article/",
		"2020-09-14 ../counterexamples/zhenhua-data/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("timeline entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	years := regexp.MustCompile(`<h2 id="year-(\d+)">`).FindAllStringSubmatch(timeline, -1)
	got = nil
	for _, y := range years {
		got = append(got, y[1])
	}
	if want := []string{"2018", "2019", "2020"}; !slices.Equal(got, want) {
		t.Errorf("years %q, want %q", got, want)
	}
	s.assertFile("timeline/index.html",
		`<span class="actor" data-actor="PRC"><span class="visually-hidden">whose conduct: </span>PRC</span>`,
		`<p>The UK banned new Huawei 5G equipment.</p>`)
	s.assertFileNot("timeline/index.html", "A draft case")
	// The timeline is a page of the home page's list, so readers reach it.
	s.assertFile("index.html", `<a href="timeline/">Timeline</a>`)
}

// apiLayouts render the view API plainly, for exact assertions.
const apiLayouts = `
-- layouts/home.html --
{{ with .Matrix "principles" "counterexamples" -}}
{{ .Section.Title }} x {{ .Target.Title }} by {{ .Relation }} ({{ .Label }}; {{ .Inverse }}, {{ .InverseLabel }})
cols:{{ range .Columns }} {{ .URL }}{{ end }}
{{ range .Rows }}{{ .Page.Number }} {{ .Page.URL }} [{{ .Count }}]:{{ range .Cells }} {{ if .Marked }}{{ .Column.Slug }}@{{ .Row.Slug }}{{ else }}-{{ end }}{{ end }}
{{ end }}{{ end -}}
-- layouts/section.html --
{{ .Title }}
-- layouts/page.html --
{{ .Title }}
-- layouts/timeline.html --
{{ range .Timeline }}{{ .Year }}:{{ range .Pages }} {{ isodate .Date }} {{ .URL }}{{ end }}
{{ end }}dated: {{ len .Dated }}
-- layouts/notes/timeline.html --
notes' own timeline layout
`

const apiContent = `
-- content/_index.md --
---
title: Home
---
-- content/principles/_index.md --
---
title: Principles
relations:
  counterexamples:
    to: counterexamples
    label: Cases
    inverse: challenges
    inverse_label: Challenges
---
-- content/principles/a.md --
---
title: A
weight: 1
counterexamples: [y, x]
---
-- content/principles/b.md --
---
title: B
weight: 2
---
-- content/counterexamples/x.md --
---
title: X
date: 2020-01-02
---
-- content/counterexamples/y.md --
---
title: Y
date: 2019-05-01T10:00:00Z
---
-- content/counterexamples/z.md --
---
title: Z
date: 2020-01-02
draft: true
---
-- content/notes/when.md --
---
title: When
layout: timeline
date: 2020-01-02
---
-- content/notes/other.md --
---
title: Other
layout: timeline.html
---
-- content/when.md --
---
title: Also when
layout: timeline
---
`

// TestMatrixAndTimelineAPI checks the view API: the matrix's fields, rows
// in reading order, columns in the target section's order, marks, URLs
// relative to the page; the timeline by date then title, grouped by year,
// drafts only in a build with drafts; and layout: choosing a section's own
// layout before the top-level one.
func TestMatrixAndTimelineAPI(t *testing.T) {
	s := newSite(t, apiContent+apiLayouts).build().assertClean()
	s.assertFile("index.html", "Principles x Counterexamples by counterexamples (Cases; challenges, Challenges)\n"+
		"cols: counterexamples/y/ counterexamples/x/\n"+
		"1 principles/a/ [2]: y@a x@a\n"+
		"2 principles/b/ [0]: - -\n")
	s.assertFile("when/index.html", "2019: 2019-05-01 ../counterexamples/y/\n"+
		"2020: 2020-01-02 ../notes/when/ 2020-01-02 ../counterexamples/x/\n"+
		"dated: 3")
	s.assertFile("notes/when/index.html", "notes' own timeline layout")
	s.assertFile("notes/other/index.html", "notes' own timeline layout")

	s.withOptions(build.Options{Drafts: true}).build().assertClean()
	s.assertFile("when/index.html", "2020: 2020-01-02 ../notes/when/ 2020-01-02 ../counterexamples/x/ 2020-01-02 ../counterexamples/z/\n")
	s.assertFile("index.html", "cols: counterexamples/y/ counterexamples/x/ counterexamples/z/\n")
}

// TestLayoutKeyErrors: a layout that does not exist is an error at the
// layout key, in YAML and TOML, every one at once, with a hint.
func TestLayoutKeyErrors(t *testing.T) {
	newSite(t, apiLayouts+`
-- layouts/home.html --
Home
-- content/_index.md --
---
title: Home
---
-- content/a.md --
---
title: A
summary: Text.
layout: timelin
---
-- content/b.md --
+++
title = "B"
layout = "gallery"
+++
-- content/notes/c.md --
---
title: C
layout: _base
---
-- content/notes/_index.md --
---
title: Notes
layout: sectoin
---
`).build().assertDiags(
		`content/a.md:4:1: error: unknown layout "timelin" (did you mean "timeline"?)`,
		`content/b.md:3:1: error: unknown layout "gallery" (add layouts/gallery.html, or remove the key to use the layout for this page)`,
		`content/notes/_index.md:3:1: error: unknown layout "sectoin" (did you mean "section"?)`,
		`content/notes/c.md:3:1: error: unknown layout "_base" (add layouts/_base.html, or remove the key to use the layout for this page)`,
	)
}

// TestMatrixErrors: an unknown section or relation is a template error at
// its place in the layout, naming it, with a hint.
func TestMatrixErrors(t *testing.T) {
	for _, tc := range []struct{ call, want string }{
		{`.Matrix "principls" "counterexamples"`,
			`layouts/home.html:2:9: error: <.Matrix>: error calling Matrix: no section "principls" (did you mean "principles"?) (rendering content/_index.md)`},
		{`.Matrix "nowhere" "counterexamples"`,
			`layouts/home.html:2:9: error: <.Matrix>: error calling Matrix: no section "nowhere" (the sections are counterexamples, notes, principles) (rendering content/_index.md)`},
		{`.Matrix "principles" "counterexample"`,
			`layouts/home.html:2:9: error: <.Matrix>: error calling Matrix: section "principles" declares no relation "counterexample" (did you mean "counterexamples"?) (rendering content/_index.md)`},
		{`.Matrix "counterexamples" "principles"`,
			`layouts/home.html:2:9: error: <.Matrix>: error calling Matrix: section "counterexamples" declares no relation "principles" (it declares none in its _index.md) (rendering content/_index.md)`},
	} {
		t.Run(tc.call, func(t *testing.T) {
			newSite(t, apiContent+apiLayouts+"\n-- layouts/home.html --\nHome\n{{ with "+tc.call+" }}{{ .Relation }}{{ end }}\n").
				build().assertDiags(tc.want)
		})
	}
}

// sameBytes reports whether two outputs are the very same slice: a page
// the session reused rather than rendered again.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// TestSessionSiteWidePages edits this repository's site in a session and
// checks the pages whose layouts use site-wide data: a counter-example's
// date moves it on the timeline, a principle's relation list changes the
// matrix (on the home page, and on a page that shows the matrix but lists
// none of the principles, so only its use of site-wide data can tell it to
// change), each rebuild equal to a clean build; a body edit re-renders none
// of them, and no edit re-renders an unrelated page.
func TestSessionSiteWidePages(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	e.write("content/zz-matrix.md", "---\ntitle: The matrix alone\nlayout: matrix\n---\n")
	e.write("layouts/matrix.html", `{{ define "main" }}{{ with .Matrix "principles" "counterexamples" }}`+
		`{{ range .Rows }}{{ .Page.Number }}:{{ range .Cells }}{{ if .Marked }} {{ .Column.Slug }}{{ end }}{{ end }};{{ end }}{{ end }}{{ end }}`)
	sess := build.NewSession(os.DirFS(dir), devOptions)
	prev := rebuild(t, sess, nil)
	assertSameAsClean(t, "first build", dir, prev)

	const (
		timeline  = "timeline/index.html"
		matrix    = "zz-matrix/index.html"
		home      = "index.html"
		unrelated = "glossary/data-localization/index.html" // no counter-example or principle 6, not even in a link preview (a card may show a number, and a date edit renumbers the counter-examples)
	)
	step := func(name string, changed []string, wantChanged, wantReused []string) *build.Result {
		t.Helper()
		res := rebuild(t, sess, changed)
		assertSameAsClean(t, name, dir, res)
		for _, p := range wantChanged {
			if !slices.Contains(res.Changed, p) {
				t.Errorf("%s: %s not changed (changed: %v)", name, p, res.Changed)
			}
		}
		for _, p := range wantReused {
			if !sameBytes(prev.Files[p], res.Files[p]) {
				t.Errorf("%s: %s was rendered again", name, p)
			}
		}
		prev = res
		return res
	}
	// The place of a page in the list, not in the drawing above it (whose
	// dots go by lane).
	position := func(doc, slug string) int {
		doc = doc[max(strings.Index(doc, `<ol class="timeline">`), 0):]
		i := strings.Index(doc, "counterexamples/"+slug+"/")
		if i < 0 {
			t.Fatalf("no %s in the timeline", slug)
		}
		return i
	}

	// PRISM (2013) is first on the timeline; dated after Zhenhua Data
	// (September 2020), it becomes the last.
	before := string(prev.Files[timeline])
	if position(before, "nsa-prism") > position(before, "zhenhua-data") {
		t.Fatal("the timeline does not start with PRISM")
	}
	res := step("a counter-example's date", []string{e.replace("content/counterexamples/nsa-prism.md", "date: 2013-06-06", "date: 2020-12-01")},
		[]string{timeline, home}, []string{unrelated})
	after := string(res.Files[timeline])
	if position(after, "nsa-prism") < position(after, "zhenhua-data") {
		t.Error("PRISM did not move to the end of the timeline")
	}
	if strings.Contains(after, `id="year-2013"`) {
		t.Error("the timeline still has a year 2013")
	}

	// Principle 6 names the CLOUD Act; naming Crypto AG too adds a mark.
	res = step("a principle's relation list", []string{e.replace("content/principles/sixth.md", "counterexamples: [cloud-act]", "counterexamples: [cloud-act, crypto-ag]")},
		[]string{matrix, home}, []string{unrelated})
	if got := string(res.Files[matrix]); !strings.Contains(got, "6: cloud-act crypto-ag;") {
		t.Errorf("the matrix page does not show crypto-ag for principle 6:\n%s", got)
	}
	if got := string(res.Files[home]); !strings.Contains(got, "The CIA and Crypto AG (US) challenges principle 6") {
		t.Error("the home page's matrix does not mark Crypto AG for principle 6")
	}

	// A body edit changes no front matter: no site-wide page is redone.
	step("a body edit", []string{e.replace("content/principles/sixth.md", "## In plain words", "## In plain words\n\nAnother sentence.")},
		[]string{"principles/sixth/index.html"}, []string{timeline, matrix, home, unrelated})
}

// TestSessionSiteWideSum checks that the site-wide sum covers a page that
// appears: a new dated page reaches the timeline in the next rebuild.
func TestSessionSiteWideSum(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), devOptions)
	assertSameAsClean(t, "first build", dir, rebuild(t, sess, nil))
	rel := e.write("content/glossary/zz-dated.md", "---\ntitle: A dated term\nsummary: New.\ndate: 2015-03-04\n---\n\nText.\n")
	res := rebuild(t, sess, []string{rel})
	assertSameAsClean(t, "new dated page", dir, res)
	if !strings.Contains(string(res.Files["timeline/index.html"]), `<time datetime="2015-03-04">`) {
		t.Error("the new dated page is not on the timeline")
	}
	res = rebuild(t, sess, []string{e.remove(rel)})
	assertSameAsClean(t, "dated page removed", dir, res)
	if strings.Contains(string(res.Files["timeline/index.html"]), "2015-03-04") {
		t.Error("the removed page is still on the timeline")
	}
}
