package search_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
)

// TestFrontCodedTerms holds the index's front-coded term list to the
// terms of the pages, through the test client's decoder: long shared
// prefixes (past the 25 a letter can say), characters of two UTF-16 code
// units, Chinese, and terms that share nothing.
func TestFrontCodedTerms(t *testing.T) {
	long := strings.Repeat("q", 30)
	text := "a ab abc abd b " + long + "r " + long + "s " + long + "st 𠮷野家 𠮷 x𠮷 x𠮹 数据安全 9 90 900"
	docs := []search.Doc{frontCodingDoc, {URL: "t/", Title: "Terms", Parts: []markdown.Part{{Text: text}}}}
	var pages []*search.Page
	want := map[string]bool{}
	for _, d := range docs {
		pages = append(pages, search.Analyse(d))
		for _, s := range []string{d.Title, d.Parts[0].Text} {
			for _, tok := range search.Tokenize(s) {
				if tok.Term != "" {
					want[tok.Term] = true
				}
			}
		}
	}
	data, _ := search.Build(pages)
	ix, err := searchtest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var sorted []string
	for term := range want {
		sorted = append(sorted, term)
	}
	slices.SortFunc(sorted, func(a, b string) int { return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b))) })
	if got := ix.Terms(); !slices.Equal(got, sorted) {
		t.Errorf("decoded\n%q\nwant\n%q", got, sorted)
	}
	if !strings.Contains(string(data), `Z`+strings.Repeat("q", 5)+`r`) {
		t.Errorf("a prefix shared past 25 code units is not cut at 25:\n%s", data)
	}
}
