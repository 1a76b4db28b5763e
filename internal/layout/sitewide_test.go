package layout

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestByYear(t *testing.T) {
	pages := []*Link{
		{Title: "a", Date: day("2013-06-06")},
		{Title: "b", Date: day("2017-06-01")},
		{Title: "c", Date: day("2017-12-31")},
		{Title: "d", Date: day("2020-01-01")},
	}
	var got []string
	for _, y := range ByYear(pages) {
		var titles []string
		for _, l := range y.Pages {
			titles = append(titles, l.Title)
		}
		got = append(got, strings.Join(append([]string{strconv.Itoa(y.Year)}, titles...), " "))
	}
	want := []string{"2013 a", "2017 b c", "2020 d"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ByYear = %q, want %q", got, want)
	}
	if y := ByYear(nil); y != nil {
		t.Errorf("ByYear(nil) = %v, want nil", y)
	}
}

func TestMatrixRowCells(t *testing.T) {
	cols := []*Link{{Title: "x"}, {Title: "y"}, {Title: "z"}}
	row := NewMatrixRow(&Link{Title: "r"}, cols, []int{2, 0, 2})
	if row.Count != 2 {
		t.Errorf("Count = %d, want 2 (a column listed twice counts once)", row.Count)
	}
	var marks []bool
	for i, c := range row.Cells() {
		if c.Row != row.Page || c.Column != cols[i] {
			t.Errorf("cell %d: row %v column %v", i, c.Row, c.Column)
		}
		marks = append(marks, c.Marked)
	}
	if want := []bool{true, false, true}; !reflect.DeepEqual(marks, want) {
		t.Errorf("marks = %v, want %v", marks, want)
	}
}

type fakeSite struct{ asked []string }

func (f *fakeSite) Matrix(section, relation string) (*Matrix, error) {
	f.asked = append(f.asked, section+"/"+relation)
	if section != "s" {
		return nil, errors.New("no section")
	}
	return &Matrix{Relation: relation}, nil
}

func (f *fakeSite) Dated() []*Link {
	f.asked = append(f.asked, "dated")
	return []*Link{{Title: "a", Date: day("2019-01-01")}, {Title: "b", Date: day("2020-01-01")}}
}

// TestUsedSiteData checks that each site-wide method marks the page, and
// that a page without site data says so instead of panicking.
func TestUsedSiteData(t *testing.T) {
	for name, call := range map[string]func(p *Page) error{
		"Matrix":      func(p *Page) error { _, err := p.Matrix("s", "r"); return err },
		"Dated":       func(p *Page) error { _, err := p.Dated(); return err },
		"Timeline":    func(p *Page) error { _, err := p.Timeline(); return err },
		"TimelineSVG": func(p *Page) error { _, err := p.TimelineSVG("actor", "Other"); return err },
	} {
		p := &Page{}
		if UsedSiteData(p) {
			t.Fatalf("%s: a fresh page used site data", name)
		}
		if err := call(p); err == nil {
			t.Errorf("%s without site data: no error", name)
		}
		f := &fakeSite{}
		p = &Page{}
		WithSiteData(p, f)
		if err := call(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !UsedSiteData(p) || len(f.asked) != 1 {
			t.Errorf("%s: used %v, asked %v", name, UsedSiteData(p), f.asked)
		}
	}
	p := &Page{}
	WithSiteData(p, &fakeSite{})
	years, _ := p.Timeline()
	if len(years) != 2 || years[0].Year != 2019 || years[1].Year != 2020 {
		t.Errorf("Timeline = %+v", years)
	}
}

// TestLookupNamed checks the layout front matter key's lookup: a section's
// own layout first, then the top-level one; never the base, a partial or
// a path outside layouts/.
func TestLookupNamed(t *testing.T) {
	set, diags := Load([]File{
		{Path: "layouts/_base.html", Data: []byte(`{{ block "main" . }}{{ end }}`)},
		{Path: "layouts/_partials/nav.html", Data: []byte(`nav`)},
		{Path: "layouts/page.html", Data: []byte(`page`)},
		{Path: "layouts/timeline.html", Data: []byte(`timeline`)},
		{Path: "layouts/notes/timeline.html", Data: []byte(`notes timeline`)},
	})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		name, section, want string
		ok                  bool
	}{
		{"timeline", "", "timeline.html", true},
		{"timeline", "principles", "timeline.html", true},
		{"timeline", "notes", "notes/timeline.html", true},
		{"timeline.html", "", "timeline.html", true},
		{"notes/timeline", "", "notes/timeline.html", true},
		{"timelin", "", "timelin.html", false},
		{"_base", "", "_base.html", false},
		{"_partials/nav", "", "_partials/nav.html", false},
		{"../layouts/page", "", "../layouts/page.html", false},
		{"", "", ".html", false},
	} {
		got, ok := set.LookupNamed(tc.name, tc.section)
		if got != tc.want || ok != tc.ok {
			t.Errorf("LookupNamed(%q, %q) = %q, %v; want %q, %v", tc.name, tc.section, got, ok, tc.want, tc.ok)
		}
	}
	if got, want := set.Named(), []string{"notes/timeline", "page", "timeline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Named() = %q, want %q", got, want)
	}
}
