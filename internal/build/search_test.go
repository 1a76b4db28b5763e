package build_test

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/feeds"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// searchIndex returns the path and parsed index of a build's search index.
func searchIndex(t *testing.T, res *build.Result) (string, *searchtest.Index) {
	t.Helper()
	var paths []string
	for p := range res.Files {
		if strings.HasPrefix(p, "search/index.") {
			paths = append(paths, p)
		}
	}
	if len(paths) != 1 {
		t.Fatalf("search index files: %q, want one", paths)
	}
	ix, err := searchtest.Parse(res.Files[paths[0]])
	if err != nil {
		t.Fatal(err)
	}
	return paths[0], ix
}

var dataIndex = regexp.MustCompile(`<form role="search"[^>]* data-index="([^"]+)" data-root="([^"]+)"`)

// TestSearchIndexOfThisSite builds this repository's site in both styles:
// the index is named by its hash, within budget, lists every page with
// URLs from the site root in the build's style, and every page's search
// form points at it and at the root, relative to the page.
func TestSearchIndexOfThisSite(t *testing.T) {
	for _, style := range []graph.Style{graph.Pretty, graph.Files} {
		res := buildOnce(t, theme.Overlay(os.DirFS("../..")), build.Options{Style: style})
		if res.Failed() {
			t.Fatal(res.Diags)
		}
		for _, d := range res.Diags {
			if strings.Contains(d.Msg, "search index") {
				t.Errorf("style %d: %v", style, d)
			}
		}
		path, ix := searchIndex(t, res)
		if want := search.Name(res.Files[path]); path != want {
			t.Errorf("index written as %s, its hash names it %s", path, want)
		}
		st := res.Search
		if st.Size != len(res.Files[path]) || st.Size > search.SmallSiteBudget || st.Pages != res.Pages {
			t.Errorf("style %d: index figures %+v (file %d bytes, %d pages)", style, st, len(res.Files[path]), res.Pages)
		}
		t.Logf("style %d: index %d bytes for %d bytes of text (%.0f%%), %d pages, %d terms, %d postings",
			style, st.Size, st.Text, 100*st.Share(), st.Pages, st.Terms, st.Postings)

		urls := map[string]bool{}
		for i := range ix.Rows {
			urls[ix.Row(i).URL] = true
		}
		want := []string{"", "principles/second/", "counterexamples/cloud-act/"}
		if style == graph.Files {
			want = []string{"index.html", "principles/second/index.html", "counterexamples/cloud-act/index.html"}
		}
		for _, u := range want {
			if !urls[u] {
				t.Errorf("style %d: no page %q in the index", style, u)
			}
		}
		for p, data := range res.Files {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			m := dataIndex.FindSubmatch(data)
			if m == nil {
				t.Errorf("%s has no search form", p)
				continue
			}
			root := graph.Rel(p, "")
			if p == feeds.NotFoundPath { // served at any depth: from site_url's path
				root = "/gloss/"
			}
			if string(m[1]) != strings.TrimPrefix(root+path, "./") || string(m[2]) != root {
				t.Errorf("%s: data-index=%q data-root=%q, want %q and %q", p, m[1], m[2], root+path, root)
			}
		}
		// A search finds the principle by a word of its title, and links to
		// a heading by a word under it.
		rs, _ := ix.Search("critical infrastructure")
		if len(rs.Results) == 0 {
			t.Errorf("style %d: nothing found for \"critical infrastructure\"", style)
		}
	}
}

// TestSearchSessionHashedNames: a session with content-hashed names (not
// the dev server's) stays equal to clean builds: a body edit renames the
// index, and every page follows it.
func TestSearchSessionHashedNames(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), build.Options{})
	first := rebuild(t, sess, nil)
	oldPath, _ := searchIndex(t, first)
	clean := func(step string, got *build.Result) {
		t.Helper()
		want := buildOnce(t, os.DirFS(dir), build.Options{})
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %d files, a clean build has %d", step, len(got.Files), len(want.Files))
		}
		for p, w := range want.Files {
			if !bytes.Equal(got.Files[p], w) {
				t.Fatalf("%s: %s differs from a clean build", step, p)
			}
		}
	}
	res := rebuild(t, sess, []string{e.replace("content/principles/second.md", "## In plain words", "## In plain words\n\nA zebra appears.")})
	clean("body edit", res)
	newPath, ix := searchIndex(t, res)
	if newPath == oldPath || !slices.Contains(res.Changed, newPath) || !slices.Contains(res.Changed, oldPath) {
		t.Errorf("index %s → %s; changed: %v", oldPath, newPath, res.Changed)
	}
	if !slices.Contains(res.Changed, "glossary/backdoor/index.html") {
		t.Error("a page that links to the renamed index is not reported as changed")
	}
	if rs, _ := ix.Search("zebra"); rs.Total != 1 {
		t.Errorf("the edited word is found on %d pages, want 1", rs.Total)
	}
	// An edit that leaves the index as it was keeps its name.
	res = rebuild(t, sess, []string{e.write("static/css/site.css", e.read("static/css/site.css")+"\n/* edited */\n")})
	clean("static edit", res)
	if p, _ := searchIndex(t, res); p != newPath || slices.Contains(res.Changed, p) {
		t.Errorf("a static edit renamed or changed the index (%s → %s)", newPath, p)
	}
	res = rebuild(t, sess, []string{e.replace("content/principles/second.md", "A zebra appears.", "")})
	clean("edit undone", res)
	if p, _ := searchIndex(t, res); p != oldPath {
		t.Errorf("the index is %s, want %s again", p, oldPath)
	}
}

// TestSearchSessionStableName: the dev server's index keeps one name, and
// a body edit changes that page and the index only (and the print-all
// page, which gathers the page's body).
func TestSearchSessionStableName(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), build.Options{StableNames: true})
	rebuild(t, sess, nil)
	res := rebuild(t, sess, []string{e.replace("content/principles/second.md", "## In plain words", "## In plain words\n\nA zebra appears.")})
	if p, ix := searchIndex(t, res); p != search.StableName {
		t.Errorf("index %s, want %s", p, search.StableName)
	} else if rs, _ := ix.Search("zebra"); rs.Total != 1 {
		t.Errorf("the edited word is found on %d pages, want 1", rs.Total)
	}
	if want := []string{"principles/second/index.html", "print/index.html", search.StableName}; !slices.Equal(res.Changed, want) {
		t.Errorf("changed %v, want %v", res.Changed, want)
	}
}
