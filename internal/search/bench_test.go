package search

import (
	"bytes"
	"os"
	"testing"

	"github.com/gloss-ssg/gloss/internal/markdown"
)

// corpusBody renders testdata/corpus-page.md, a page of the shared
// synthetic corpus (../shared/bench/gencorpus.py).
func corpusBody(tb testing.TB) *markdown.Output {
	src, err := os.ReadFile("testdata/corpus-page.md")
	if err != nil {
		tb.Fatal(err)
	}
	// Skip the front matter.
	if i := bytes.Index(src[3:], []byte("\n---\n")); i >= 0 {
		src = src[3+i+5:]
	}
	return markdown.New(markdown.Options{}).Render(src, markdown.Page{File: "p.md", BodyLine: 1})
}

// BenchmarkAnalyse is the cost of reading one page of the synthetic
// corpus: 10,000 of them are analysed in a clean build.
func BenchmarkAnalyse(b *testing.B) {
	body := corpusBody(b)
	b.SetBytes(int64(len(body.HTML)))
	b.ReportAllocs()
	a := NewAnalyser() // as a build shares one
	for b.Loop() {
		a.Analyse(Doc{URL: "principles/p00001/", Title: "Principle 1: data security", Section: "Principles",
			Summary: "Consumer cloud judicial backdoor security personal clean jurisdiction.", Parts: body.Text})
	}
}
