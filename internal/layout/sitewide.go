package layout

import (
	"errors"
	"slices"
	"sort"
	"strings"
)

// SiteData answers the questions about the whole site that a layout may
// ask from any page (see Page.Matrix, Page.Timeline and Page.Dated). The
// build stage implements it once per page rendered, so that every URL it
// gives is relative to that page.
type SiteData interface {
	// Matrix crosses the pages of section with those of the section that
	// its relation points to.
	Matrix(section, relation string) (*Matrix, error)
	// Dated lists every page of the build that has a date, by date, then
	// title.
	Dated() []*Link
	// Gather gives the pages keys name, each with its body rendered for
	// sharing one page with the others (see Page.Gather).
	Gather(keys []string) ([]*Gathered, error)
}

// WithSiteData lets the layout rendering p ask d about the whole site.
// It is a function, not a method, so that layouts cannot call it.
func WithSiteData(p *Page, d SiteData) { p.site = d }

// UsedSiteData reports whether the layout rendering p asked for site-wide
// data (Matrix, Timeline, Dated or Gather): the page then depends on every
// page of the site, not only on those it links to.
func UsedSiteData(p *Page) bool { return p.usedSite }

var errNoSiteData = errors.New("no site-wide data is available to this page")

// Matrix crosses two sections through a relation: one row for each page
// of section (in reading order), one column for each page of the section
// the relation points to, and in each cell whether the row's page lists
// the column's page. An unknown section or relation is an error that names
// it:
//
//	{{ with .Matrix "principles" "counterexamples" }}…{{ end }}
func (p *Page) Matrix(section, relation string) (*Matrix, error) {
	p.usedSite = true
	if p.site == nil {
		return nil, errNoSiteData
	}
	return p.site.Matrix(section, relation)
}

// Dated lists every page that has a date, in date order (then by title).
// Drafts are among them only in a build with drafts.
func (p *Page) Dated() ([]*Link, error) {
	p.usedSite = true
	if p.site == nil {
		return nil, errNoSiteData
	}
	return p.site.Dated(), nil
}

// Timeline is Dated grouped by year, oldest first:
//
//	{{ range .Timeline }}<h2>{{ .Year }}</h2>{{ range .Pages }}…{{ end }}{{ end }}
func (p *Page) Timeline() ([]Year, error) {
	dated, err := p.Dated()
	if err != nil {
		return nil, err
	}
	return ByYear(dated), nil
}

// Year is one year of a timeline.
type Year struct {
	Year  int
	Pages []*Link // in date order
}

// ByYear groups pages (in date order) by the year of their date.
func ByYear(pages []*Link) []Year {
	var years []Year
	for _, l := range pages {
		y := l.Date.Year()
		if n := len(years); n == 0 || years[n-1].Year != y {
			years = append(years, Year{Year: y})
		}
		years[len(years)-1].Pages = append(years[len(years)-1].Pages, l)
	}
	return years
}

// Matrix is two sections crossed by a relation (Page.Matrix).
type Matrix struct {
	Section *Link // the section whose pages are the rows
	Target  *Link // the section the relation points to: its pages are the columns
	// Relation is the relation's name ("counterexamples"), Label its label;
	// Inverse and InverseLabel are those of its inverse ("challenges"),
	// empty when it declares none.
	Relation, Label       string
	Inverse, InverseLabel string
	Columns               []*Link
	Rows                  []*MatrixRow
}

// MatrixRow is one page of the row section and the columns it lists.
type MatrixRow struct {
	Page *Link
	// Count is the number of columns the page lists.
	Count int

	columns []*Link
	marked  []int // indexes of the columns listed, ascending
}

// NewMatrixRow makes a row for page over columns, marking the columns
// whose indexes are in marked.
func NewMatrixRow(page *Link, columns []*Link, marked []int) *MatrixRow {
	marked = slices.Compact(slices.Sorted(slices.Values(marked)))
	return &MatrixRow{Page: page, Count: len(marked), columns: columns, marked: marked}
}

// Cells are the row's cells, one for each column, made when a layout asks
// for them: a layout may decide that a large matrix is not worth showing
// before any cell exists.
func (r *MatrixRow) Cells() []MatrixCell {
	cells := make([]MatrixCell, len(r.columns))
	for i, c := range r.columns {
		cells[i] = MatrixCell{Row: r.Page, Column: c}
	}
	for _, i := range r.marked {
		cells[i].Marked = true
	}
	return cells
}

// MatrixCell is where a row meets a column.
type MatrixCell struct {
	Row, Column *Link
	// Marked is true when the row's page lists the column's page.
	Marked bool
}

// LookupNamed returns the layout a page names with the front matter key
// layout ("timeline"): <section>/timeline.html, then timeline.html (paths
// under layouts/). A name may end in ".html".
func (s *Set) LookupNamed(name, section string) (string, bool) {
	name = strings.TrimSuffix(name, ".html")
	if name == "" || strings.HasPrefix(name, "_") || strings.Contains(name, "..") {
		return name + ".html", false
	}
	if section != "" {
		if n := section + "/" + name + ".html"; s.byName[n] != nil {
			return n, true
		}
	}
	n := name + ".html"
	return n, s.byName[n] != nil
}

// Named lists the names a page may give its layout key, for hints:
// every kind layout without ".html" ("timeline", "glossary/page").
func (s *Set) Named() []string {
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, strings.TrimSuffix(n, ".html"))
	}
	sort.Strings(names)
	return names
}
