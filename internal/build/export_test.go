package build

// What the tests of package build_test may see of the package's inside.

import "github.com/gloss-ssg/gloss/internal/previews"

// MaxListedPreviews is previews.MaxListed.
const MaxListedPreviews = previews.MaxListed

// GraphsReused is how many of the session's builds updated the last
// content model in place instead of making it again.
func (s *Session) GraphsReused() int { return s.graphReused }

// BodiesReused is how many bodies the session's builds took from the
// last complete build's without looking them up (Session.rebodied).
func (s *Session) BodiesReused() int { return s.bodiesReused }

// PagesSkipped is how many pages the session's builds kept without
// signing them (pageUnchanged).
func (s *Session) PagesSkipped() int { return s.pagesSkipped }

// ShareAllLayouts has Twin builds share every layout between the styles,
// however few pages use it (twinLayoutMin), until the test ends.
func ShareAllLayouts(t interface{ Cleanup(func()) }) {
	old := twinLayoutMin
	twinLayoutMin = 1
	t.Cleanup(func() { twinLayoutMin = old })
}

// SpillEveryTemplate has Twin builds with Options.Spill keep every page
// template on disk (twinPageBudget), until the test ends.
func SpillEveryTemplate(t interface{ Cleanup(func()) }) {
	old := twinPageBudget
	twinPageBudget = 0
	t.Cleanup(func() { twinPageBudget = old })
}
