package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyse feeds arbitrary bodies (raw HTML gets through with
// site.unsafe_html) and titles to the index: nothing panics, every token
// lies within its text, and the index parses back with the title and
// snippets intact as valid UTF-8.
func FuzzAnalyse(f *testing.F) {
	f.Add("<h2 id=\"a\">Head</h2><p>Body &amp; more</p><pre>code</pre>", "Title U.S. don't")
	f.Add("<h3>x<h2 id='b'>y</h2><a class=\"footnote-ref\">1</a>", "数据 ΟΔΟΣ")
	f.Add("<!-- <h2> --><p>a<br>b</p><svg><text>no</text></svg>\xff", "\"\\\t\n\u2028")
	f.Add("<pre><pre></pre>still skipped</pre>after", "e.g. U.S.A.")
	f.Add("<", "'")
	f.Fuzz(func(t *testing.T, body, title string) {
		for _, text := range []string{body, title} {
			end := 0
			for _, tok := range Tokenize(text) {
				if tok.Start < end || tok.End <= tok.Start || tok.End > len(text) {
					t.Fatalf("token %+v out of place in %q", tok, text)
				}
				end = tok.End
			}
		}
		page := Analyse(Doc{URL: "a/", Title: title, Summary: title, Body: []byte(body)})
		data, st := Build([]*Page{page})
		ix, err := Parse(data)
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
