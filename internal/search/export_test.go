package search

import "github.com/gloss-ssg/gloss/internal/markdown"

// What the tests of package search_test may see of the package's inside.

var (
	IsIdeograph  = isIdeograph
	CompareUTF16 = compareUTF16
)

// RowsCopied is how many pages' rows the Assembler copied from the last
// index it wrote instead of writing them again.
func (a *Assembler) RowsCopied() int { return a.copied }

// SectionOf is the section title p was analysed with.
func SectionOf(p *Page) string { return p.section }

// HTMLParts reads the text of rendered HTML as the index used to, for
// tests that state a page's body as HTML.
func HTMLParts(html string) []markdown.Part { return htmlParts([]byte(html)) }

// FirstPostings is the first term's postings: the same pointer while the
// Assembler has not encoded its postings again.
func (a *Assembler) FirstPostings() any { return a.sorted[0] }
