package search_test

import (
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyse feeds arbitrary bodies (raw HTML gets through with
// site.unsafe_html) and titles to the index: nothing panics, every token
// lies within its text, after the one before it (the pairs of a Chinese
// run overlapping by a character), and the index parses back with the title and
// snippets intact as valid UTF-8.
func FuzzAnalyse(f *testing.F) {
	f.Add("<h2 id=\"a\">Head</h2><p>Body &amp; more</p><pre>code</pre>", "Title U.S. don't")
	f.Add("<h3>x<h2 id='b'>y</h2><a class=\"footnote-ref\">1</a>", "数据 ΟΔΟΣ")
	f.Add("<!-- <h2> --><p>a<br>b</p><svg><text>no</text></svg>\xff", "\"\\\t\n\u2028")
	f.Add("<pre><pre></pre>still skipped</pre>after", "e.g. U.S.A.")
	f.Add("<", "'")
	f.Add("<div lang=\"zh-Hans\"><p>二是维护数据安全，𠮷野家。</p></div>", "数据安全 a数b")
	f.Fuzz(func(t *testing.T, body, title string) {
		for _, text := range []string{body, title} {
			prev := search.Token{Start: -1}
			for _, tok := range search.Tokenize(text) {
				if tok.Start <= prev.Start || tok.End <= tok.Start || tok.End > len(text) || tok.End < prev.End {
					t.Fatalf("token %+v out of place after %+v in %q", tok, prev, text)
				}
				// Only the pairs of a Chinese or Japanese run overlap, by
				// one character.
				if tok.Start < prev.End {
					r, size := utf8.DecodeRuneInString(text[prev.Start:])
					if !search.IsIdeograph(r) || tok.Start != prev.Start+size || utf8.RuneCountInString(text[tok.Start:tok.End]) != 2 {
						t.Fatalf("token %+v overlaps %+v in %q", tok, prev, text)
					}
				}
				prev = tok
			}
		}
		page := search.Analyse(search.Doc{URL: "a/", Title: title, Summary: title, Parts: search.HTMLParts(body)})
		data, st := search.Build([]*search.Page{page})
		ix, err := searchtest.Parse(data)
		if err != nil {
			t.Fatalf("the index does not parse: %v\n%s", err, data)
		}
		row := ix.Row(0)
		want := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(string([]rune(title)))
		if row.Title != want || st.Pages != 1 {
			t.Fatalf("title %q, want %q", row.Title, want)
		}
		for _, p := range row.Parts {
			if !utf8.ValidString(p.Snippet) || !utf8.ValidString(p.Heading) {
				t.Fatalf("invalid UTF-8 in %+v", p)
			}
		}
		for i := range ix.Terms() {
			if _, err := ix.Postings(i); err != nil {
				t.Fatal(err)
			}
		}
	})
}
