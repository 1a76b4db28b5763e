package search

// What the tests of package search_test may see of the package's inside.

var (
	IsIdeograph  = isIdeograph
	CompareUTF16 = compareUTF16
)

// SectionOf is the section title p was analysed with.
func SectionOf(p *Page) string { return p.section }
