package layout

import (
	"errors"
	"reflect"
	"testing"
)

func (f *fakeSite) Gather(keys []string) ([]*Gathered, error) {
	f.asked = append(f.asked, "gather")
	var out []*Gathered
	for _, k := range keys {
		if k == "nowhere" {
			return out, errors.New("no page or section")
		}
		out = append(out, &Gathered{Page: &Link{Key: k}, ID: "_p-" + k})
	}
	return out, nil
}

// TestGatherMarksPage checks that Gather marks the page as using site-wide
// data and records the pages it gathered, in order, and that a page
// without site data gets an error instead of a panic.
func TestGatherMarksPage(t *testing.T) {
	p := &Page{}
	if _, err := p.Gather("a"); err == nil {
		t.Error("Gather without site data: no error")
	}
	f := &fakeSite{}
	p = &Page{}
	WithSiteData(p, f)
	if UsedSiteData(p) || GatheredKeys(p) != nil {
		t.Fatal("a fresh page used site data")
	}
	g, err := p.Gather("article", "principles")
	if err != nil || len(g) != 2 {
		t.Fatalf("Gather = %v, %v", g, err)
	}
	if !UsedSiteData(p) || !reflect.DeepEqual(GatheredKeys(p), []string{"article", "principles"}) || len(f.asked) != 1 {
		t.Errorf("used %v, gathered %q, asked %v", UsedSiteData(p), GatheredKeys(p), f.asked)
	}
	if _, err := p.Gather("nowhere"); err == nil {
		t.Error("Gather of an unknown key: no error")
	}
	if g[0].HasRelations() {
		t.Error("an entry without relations has relations")
	}
	g[0].Inverses = []Relation{{Name: "challenges", Pages: []*Link{{Key: "x"}}}}
	if !g[0].HasRelations() {
		t.Error("an entry with an inverse has no relations")
	}
}

// TestGatherTakesLists: a list of keys, as front matter gives one
// (params.gather), counts as its keys, in one call to the site, so that
// links between every part gathered stay within the page.
func TestGatherTakesLists(t *testing.T) {
	f := &fakeSite{}
	p := &Page{}
	WithSiteData(p, f)
	g, err := p.Gather([]any{"article", []any{"principles"}}, "cases", []string{"glossary"})
	if err != nil || len(g) != 4 || len(f.asked) != 1 {
		t.Fatalf("Gather = %v, %v (asked %v)", g, err, f.asked)
	}
	if want := []string{"article", "principles", "cases", "glossary"}; !reflect.DeepEqual(GatheredKeys(p), want) {
		t.Errorf("gathered %q, want %q", GatheredKeys(p), want)
	}
	if _, err := p.Gather([]any{"article", 3}); err == nil {
		t.Error("a number among the keys: no error")
	}
}
