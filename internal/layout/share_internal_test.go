package layout

import (
	"reflect"
	"testing"
)

// TestWalkViewFields holds walkView to the view's types: every link a
// Page can hold (in a field of type *Link, []*Link, []Relation, and a
// link's own Pages), every Preview, and the Page's and Site's URL fields
// must be among its slots. A new field that holds links and is not
// walked would carry one variant's URLs into the other's pages.
func TestWalkViewFields(t *testing.T) {
	page := &Page{Site: &Site{}}
	var want []*string
	newLink := func() *Link {
		inner := &Link{URL: "b"}
		want = append(want, &inner.URL)
		l := &Link{URL: "a", Pages: []*Link{inner}}
		want = append(want, &l.URL)
		return l
	}
	v := reflect.ValueOf(page).Elem()
	linkPtr, relation, preview := reflect.TypeFor[*Link](), reflect.TypeFor[Relation](), reflect.TypeFor[Preview]()
	filled := 0
	for i := range v.NumField() {
		f, ft := v.Field(i), v.Type().Field(i)
		if !ft.IsExported() {
			continue
		}
		switch {
		case ft.Type == linkPtr:
			f.Set(reflect.ValueOf(newLink()))
		case ft.Type == reflect.SliceOf(linkPtr):
			f.Set(reflect.ValueOf([]*Link{newLink()}))
		case ft.Type == reflect.SliceOf(relation):
			f.Set(reflect.ValueOf([]Relation{{Pages: []*Link{newLink()}}}))
		case ft.Type == reflect.SliceOf(preview):
			f.Set(reflect.ValueOf([]Preview{{Href: "p"}}))
			want = append(want, &page.Previews[0].Href)
		default:
			continue
		}
		filled++
	}
	if filled < 10 { // Parent, Prev, Next, Breadcrumbs, UsedBy, Pages, Sections, Relations, Inverses, Previews
		t.Fatalf("only %d link fields found: the test no longer sees the view's types", filled)
	}
	page.Home, page.Site.SearchIndex = "h", "s"
	want = append(want, &page.Home, &page.Site.SearchIndex)

	w := walkView(page)
	walked := map[*string]bool{}
	for _, s := range w.slots {
		walked[s] = true
	}
	for _, s := range want {
		if !walked[s] {
			t.Errorf("walkView does not visit the slot holding %q", *s)
		}
	}
	if !w.ok {
		t.Error("walkView refused plain values")
	}
}
