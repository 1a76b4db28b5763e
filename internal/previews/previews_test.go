package previews

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
)

// site has a home page and a section "list" of n pages.
func site(t *testing.T, n int) *graph.Site {
	t.Helper()
	files := []graph.File{
		{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\n")},
		{Path: "content/list/_index.md", Data: []byte("---\ntitle: List\n---\n")},
	}
	for i := range n {
		files = append(files, graph.File{Path: fmt.Sprintf("content/list/p%03d.md", i),
			Data: []byte(fmt.Sprintf("---\ntitle: P%d\n---\n", i))})
	}
	s, ds := graph.New(files, graph.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

// TestTargetsCap: a section lists its pages' cards only up to MaxListed;
// a body link still gets its card, never the page itself.
func TestTargetsCap(t *testing.T) {
	for _, n := range []int{MaxListed, MaxListed + 1} {
		s := site(t, n)
		sec := s.ByKey["list"]
		linked := []*graph.Page{nil, sec, s.ByKey["list/p000"]}
		ts := Targets(sec, linked, nil)
		want := 1 + n // home (the parent) and every page
		if n > MaxListed {
			want = 2 // home and the one linked page
		}
		if len(ts) != want {
			t.Errorf("%d pages: %d targets, want %d", n, len(ts), want)
		}
		for i := 1; i < len(ts); i++ {
			if ts[i-1].Order >= ts[i].Order {
				t.Fatalf("%d pages: targets not in reading order", n)
			}
		}
	}
}

// TestOf: without the partial there is no Set; with it, a card is made
// once per target, and every page linking there gets the same HTML with
// its own relative Href.
func TestOf(t *testing.T) {
	s := site(t, 2)
	plain, _ := layout.Load([]layout.File{{Path: "layouts/page.html", Data: []byte("x")}})
	if New(plain, s, graph.Pretty, nil) != nil {
		t.Fatal("a Set without the preview partial")
	}
	ls, ds := layout.Load([]layout.File{{Path: "layouts/page.html", Data: []byte("x")},
		{Path: "layouts/" + layout.PreviewPartial, Data: []byte(" <b>{{ .Title }}</b>\n")}})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	var reported []diag.Diagnostic
	set := New(ls, s, graph.Pretty, func(d diag.Diagnostic) { reported = append(reported, d) })
	a, b := s.ByKey["list/p000"], s.ByKey["list/p001"]
	pa, pb := set.Of(a, nil, nil), set.Of(b, nil, nil)
	if n := set.Made(); n != 3 { // list, p000, p001
		t.Errorf("%d renders, want 3", n)
	}
	find := func(ps []layout.Preview, title string) layout.Preview {
		for _, p := range ps {
			if strings.Contains(string(p.Card), title) {
				return p
			}
		}
		t.Fatalf("no card of %s in %v", title, ps)
		return layout.Preview{}
	}
	if ca, cb := find(pa, "List"), find(pb, "List"); ca != cb || ca.Card != "<b>List</b>" {
		t.Errorf("cards of the section differ or are not trimmed: %+v, %+v", ca, cb)
	}
	if set.Failed(a) || len(reported) > 0 {
		t.Errorf("failed %v, reported %v", set.Failed(a), reported)
	}
}
