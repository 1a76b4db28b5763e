package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
)

var previewTemplate = regexp.MustCompile(`(?s)<template class="preview" data-href="([^"]*)">(.*?)</template>`)

// previewTargets returns the output paths a page's preview templates
// point to (data-href resolved against the page, "x/" as "x/index.html"),
// and the card each holds.
func previewTargets(t *testing.T, page string, html string) (targets []string, cards []string) {
	t.Helper()
	for _, m := range previewTemplate.FindAllStringSubmatch(html, -1) {
		href := m[1]
		if strings.Contains(href, "#") || strings.HasPrefix(href, "/") || strings.Contains(href, "//") {
			t.Errorf("%s: preview data-href %q is not a plain relative URL", page, href)
		}
		target := path.Join(path.Dir(page), href)
		if strings.HasSuffix(href, "/") || href == "" || href == "." {
			target = path.Join(target, "index.html")
		}
		targets = append(targets, target)
		cards = append(cards, m[2])
	}
	return targets, cards
}

// TestGoldenPreviews renders a page whose body links to a glossary entry
// (twice), to a page of its own section, to the home page, to itself and
// to another site, and which has a relation, neighbours and a parent: the
// preview templates it carries, in the hosted and the offline style, are
// kept in testdata/golden/previews.html. Each must point to a page of the
// output, once, never to the page itself.
func TestGoldenPreviews(t *testing.T) {
	var out bytes.Buffer
	for _, style := range []graph.Style{graph.Pretty, graph.Files} {
		s := goldenSite(t, "previews.txtar").withOptions(build.Options{Style: style}).build().assertClean()
		const page = "principles/second/index.html"
		html := s.file(page)
		targets, _ := previewTargets(t, page, html)
		if len(targets) == 0 {
			t.Fatalf("%s has no preview templates", page)
		}
		for i, target := range targets {
			if _, ok := s.res.Files[target]; !ok {
				t.Errorf("%s: a preview points to %s, which is not in the output", page, target)
			}
			if target == page {
				t.Errorf("%s carries its own preview", page)
			}
			if slices.Contains(targets[:i], target) {
				t.Errorf("%s carries the preview of %s twice", page, target)
			}
		}
		fmt.Fprintf(&out, "-- %s (%s) --\n", page, map[graph.Style]string{graph.Pretty: "hosted", graph.Files: "offline"}[style])
		for _, m := range previewTemplate.FindAllString(html, -1) {
			out.WriteString(m + "\n")
		}
	}
	golden(t, "previews.html", out.Bytes())
}

// TestPreviewCardOncePerTarget builds a site in which many pages link to
// the same pages and checks that the preview partial ran once for each
// page that has a card somewhere, and that every page linking to a target
// carries the very same card.
func TestPreviewCardOncePerTarget(t *testing.T) {
	var site strings.Builder
	site.WriteString(layoutsWithPreviews + "-- content/_index.md --\n---\ntitle: Home\n---\n")
	for i := range 30 {
		fmt.Fprintf(&site, "-- content/notes/n%02d.md --\n---\ntitle: Note %d\nsummary: Note number %d.\n---\nSee [the hub](../hub.md) and [note three](n03.md).\n", i, i, i)
	}
	site.WriteString("-- content/hub.md --\n---\ntitle: The hub\nsummary: Everything links here.\n---\nHub.\n")
	s := newSite(t, site.String()).build().assertClean()
	renders := s.res.PreviewCards

	cardOf := map[string]string{}
	for _, p := range s.res.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		targets, cards := previewTargets(t, p, s.file(p))
		for i, target := range targets {
			if prev, ok := cardOf[target]; ok && prev != cards[i] {
				t.Errorf("the card of %s differs between pages:\n%s\n%s", target, prev, cards[i])
			}
			cardOf[target] = cards[i]
		}
	}
	if !strings.Contains(cardOf["hub/index.html"], "Everything links here.") {
		t.Errorf("the hub's card is %q", cardOf["hub/index.html"])
	}
	if renders != len(cardOf) {
		t.Errorf("the preview partial ran %d times for %d pages with a card", renders, len(cardOf))
	}
}

// previewPartialTxtar is a preview partial that shows what a card holds.
const previewPartialTxtar = `
-- layouts/_partials/preview.html --
<b>{{ .Title }}</b>{{ with .Parent }} in {{ .Title }}{{ end }}{{ with .Number }} #{{ . }}{{ end }}: {{ .Summary }}
`

// layoutsWithPreviews is layoutsTxtar with the preview templates at the
// end of each page.
var layoutsWithPreviews = strings.Replace(layoutsTxtar+previewPartialTxtar, "</body>",
	`{{ range .Previews }}<template class="preview" data-href="{{ .Href }}">{{ .Card }}</template>{{ end }}</body>`, 1)

// TestPreviewsOfListedPages: a page carries the cards of the pages it
// lists only when it lists at most build.MaxListedPreviews of them; links
// from the body still get theirs.
func TestPreviewsOfListedPages(t *testing.T) {
	if !strings.Contains(layoutsWithPreviews, "range .Previews") {
		t.Fatal("layoutsTxtar has no </body> to put the previews before")
	}
	for _, n := range []int{build.MaxListedPreviews - 1, build.MaxListedPreviews + 1} {
		var site strings.Builder
		site.WriteString(layoutsWithPreviews + "-- content/_index.md --\n---\ntitle: Home\n---\n")
		site.WriteString("-- content/list/_index.md --\n---\ntitle: A list\n---\nSee [the first](p000.md).\n")
		for i := range n {
			fmt.Fprintf(&site, "-- content/list/p%03d.md --\n---\ntitle: Page %d\n---\nText.\n", i, i)
		}
		s := newSite(t, site.String()).build().assertClean()
		targets, _ := previewTargets(t, "list/index.html", s.file("list/index.html"))
		listed := 0
		for _, target := range targets {
			if strings.HasPrefix(target, "list/p") {
				listed++
			}
		}
		want := n // every listed page
		if n > build.MaxListedPreviews {
			want = 1 // only the one the body links to
		}
		if listed != want {
			t.Errorf("a section of %d pages carries the cards of %d of them, want %d", n, listed, want)
		}
		if !slices.Contains(targets, "index.html") {
			t.Errorf("a section of %d pages does not carry its parent's card: %v", n, targets)
		}
	}
}

// TestPreviewCardError: a card that cannot be made is an error at the
// partial, naming the page it was made for, and the build fails.
func TestPreviewCardError(t *testing.T) {
	s := newSite(t, layoutsWithPreviews+`
-- layouts/_partials/preview.html --
{{ .Title }}{{ with .Params.parts }}{{ index . 3 }}{{ end }}
-- content/_index.md --
---
title: Home
---
See [the page](page.md).
-- content/page.md --
---
title: A page
params: {parts: [a]}
---
Text.
`).build()
	if !s.res.Failed() {
		t.Fatal("the build did not fail")
	}
	var found int
	for _, d := range s.diags() {
		if strings.HasPrefix(d, "layouts/_partials/preview.html:1:") && strings.Contains(d, "index out of range") &&
			strings.HasSuffix(d, "(the preview card of content/page.md)") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("want one error at the partial for content/page.md's card, got:\n%s", strings.Join(s.diags(), "\n"))
	}
}

// assertSessionAsClean checks that a session's result equals a clean
// build of the same files, file for file and diagnostic for diagnostic.
func assertSessionAsClean(t *testing.T, step string, fsys fs.FS, got *build.Result) {
	t.Helper()
	want := buildOnce(t, fsys, devOptions)
	if g, w := diagText(got), diagText(want); g != w {
		t.Fatalf("%s: diagnostics differ from a clean build\nsession:\n%s\nclean:\n%s", step, g, w)
	}
	if got.Failed() {
		return
	}
	if g, w := got.Paths(), want.Paths(); !slices.Equal(g, w) {
		t.Fatalf("%s: the session wrote %v, a clean build %v", step, g, w)
	}
	for p, w := range want.Files {
		if !bytes.Equal(got.Files[p], w) {
			t.Fatalf("%s: %s differs from a clean build\nsession:\n%s\nclean:\n%s", step, p, got.Files[p], w)
		}
	}
}

// TestSessionPreviews edits the pages that cards show, in a session (the
// dev server's incremental rebuilds): a new summary of a page that a body
// links to reaches the linking page's card, and only the pages that show
// it are rendered again; a page renumbered in its section shows its new
// number in the cards of pages linking to it; a card that fails for one
// page's front matter keeps failing until that is mended, whatever else
// is edited meanwhile.
func TestSessionPreviews(t *testing.T) {
	s := goldenSite(t, "previews.txtar")
	sess := build.NewSession(s.fs, devOptions)
	assertSessionAsClean(t, "first build", s.fs, rebuild(t, sess, nil))

	s.apply("-- content/glossary/mass-surveillance.md --\n---\ntitle: Mass surveillance\nsummary: A brand new summary.\n---\n## In short\n\nText.\n")
	res := rebuild(t, sess, []string{"content/glossary/mass-surveillance.md"})
	assertSessionAsClean(t, "summary edit", s.fs, res)
	const linking = "principles/second/index.html"
	if !slices.Contains(res.Changed, linking) {
		t.Errorf("summary edit: %s, which links to the page, is not rendered again (changed: %v)", linking, res.Changed)
	}
	_, cards := previewTargets(t, linking, string(res.Files[linking]))
	if !slices.ContainsFunc(cards, func(c string) bool { return strings.Contains(c, "A brand new summary.") }) {
		t.Errorf("summary edit: no card of %s shows the new summary: %q", linking, cards)
	}
	for _, p := range []string{"principles/first/index.html", "counterexamples/au-headquarters/index.html"} {
		if slices.Contains(res.Changed, p) {
			t.Errorf("summary edit: %s, which does not show the page, is rendered again", p)
		}
	}

	// The first principle moves to the end: the third is now the second.
	s.apply("-- content/principles/first.md --\n---\ntitle: First\nweight: 9\n---\nFirst.\n")
	res = rebuild(t, sess, []string{"content/principles/first.md"})
	assertSessionAsClean(t, "renumbering", s.fs, res)
	if !strings.Contains(string(res.Files[linking]), `<p class="preview-context">Principle 2</p>
<p class="preview-title">Respect sovereignty`) {
		t.Errorf("renumbering: %s does not show the third principle as Principle 2:\n%s", linking, res.Files[linking])
	}

	t.Run("a card that fails", func(t *testing.T) {
		s := newSite(t, layoutsWithPreviews+`
-- layouts/_partials/preview.html --
{{ .Title }}{{ with .Params.parts }}{{ index . 1 }}{{ end }}
-- content/_index.md --
---
title: Home
---
See [the page](page.md).
-- content/page.md --
---
title: A page
params: {parts: [a, b]}
---
Text.
-- content/sec/other.md --
---
title: Another page
---
Text.
`)
		sess := build.NewSession(s.fs, devOptions)
		assertSessionAsClean(t, "first build", s.fs, rebuild(t, sess, nil))
		for _, step := range []struct{ name, file, text string }{
			{"the card fails", "content/page.md", "---\ntitle: A page\nparams: {parts: [a]}\n---\nText.\n"},
			// A page that shows no card of it: nothing makes the card again.
			{"another page edited", "content/sec/other.md", "---\ntitle: Another page\n---\nNew text.\n"},
			{"the card mended", "content/page.md", "---\ntitle: A page\nparams: {parts: [a, c]}\n---\nText.\n"},
		} {
			s.apply("-- " + step.file + " --\n" + step.text)
			res := rebuild(t, sess, []string{step.file})
			assertSessionAsClean(t, step.name, s.fs, res)
			if failed := step.name != "the card mended"; res.Failed() != failed {
				t.Errorf("%s: failed %v, want %v", step.name, res.Failed(), failed)
			}
		}
	})
}

// TestPreviewPartialMayWriteNothing: a page for which the partial writes
// only white space gets no card, and the other pages theirs.
func TestPreviewPartialMayWriteNothing(t *testing.T) {
	s := newSite(t, layoutsWithPreviews+`
-- layouts/_partials/preview.html --
{{ with .Summary }}<p>{{ . }}</p>{{ end }}
-- content/_index.md --
---
title: Home
---
See [the first](a.md) and [the second](b.md).
-- content/a.md --
---
title: A
summary: The first page.
---
-- content/b.md --
---
title: B
---
`).build().assertClean()
	targets, cards := previewTargets(t, "index.html", s.file("index.html"))
	if !slices.Equal(targets, []string{"a/index.html"}) || !slices.Equal(cards, []string{"<p>The first page.</p>"}) {
		t.Errorf("the home page carries the cards %q of %v; want only a's", cards, targets)
	}
}
