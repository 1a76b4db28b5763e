package sitewide

import (
	"errors"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

const home = "---\ntitle: Home\n---\n"

func newData(t *testing.T, files map[string]string) (*Data, *graph.Site) {
	t.Helper()
	var fs []graph.File
	for p, d := range files {
		fs = append(fs, graph.File{Path: p, Data: []byte(d)})
	}
	site, ds := graph.New(fs, graph.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	md := markdown.New(markdown.Options{Highlighter: markdown.NewHighlighter()})
	return New(site, graph.Pretty, md, func(p *graph.Page) markdown.Linker { return noLinks{} }), site
}

// noLinks answers every question with an empty link.
type noLinks struct{}

func (noLinks) Resolve(string) markdown.Resolved { return markdown.Resolved{} }
func (noLinks) Term(string) markdown.Resolved    { return markdown.Resolved{} }
func (noLinks) Cite(string) markdown.Resolved    { return markdown.Resolved{} }

// TestDated: dated pages by date, then title; undated ones left out; URLs
// relative to the asking page.
func TestDated(t *testing.T) {
	d, site := newData(t, map[string]string{
		"content/_index.md": home,
		"content/b.md":      "---\ntitle: B\ndate: 2020-01-01\n---\n",
		"content/a.md":      "---\ntitle: A\ndate: 2020-01-01\n---\n",
		"content/c.md":      "---\ntitle: C\ndate: 2019-05-05\n---\n",
		"content/u.md":      "---\ntitle: U\n---\n",
	})
	var got []string
	for _, l := range d.For(site.ByKey["a"]).Dated() {
		got = append(got, l.Title+" "+l.URL)
	}
	if want := "C ../c/,A ./,B ../b/"; strings.Join(got, ",") != want {
		t.Errorf("Dated = %q, want %q", strings.Join(got, ","), want)
	}
}

// TestMatrixErrors: an unknown section or relation names what exists.
func TestMatrixErrors(t *testing.T) {
	d, site := newData(t, map[string]string{
		"content/_index.md":       home,
		"content/ideas/_index.md": "---\ntitle: Ideas\n---\n",
	})
	sd := d.For(site.Home)
	if _, err := sd.Matrix("idea", "x"); err == nil || !strings.Contains(err.Error(), `"ideas"`) {
		t.Errorf("unknown section: %v", err)
	}
	if _, err := sd.Matrix("ideas", "x"); err == nil || !strings.Contains(err.Error(), "declares none") {
		t.Errorf("unknown relation: %v", err)
	}
}

// TestMatrixToNoSection: a relation whose target is not a section is the
// content model's error, reported at its declaration; the matrix fails
// with diag.ErrReported, so that the build does not report it again.
func TestMatrixToNoSection(t *testing.T) {
	site, ds := graph.New([]graph.File{
		{Path: "content/_index.md", Data: []byte(home)},
		{Path: "content/ideas/_index.md", Data: []byte("---\ntitle: Ideas\nrelations:\n  cases:\n    to: casez\n---\n")},
		{Path: "content/ideas/one.md", Data: []byte("---\ntitle: One\n---\n")},
		{Path: "content/cases/a.md", Data: []byte("---\ntitle: A\n---\n")},
	}, graph.Options{})
	if !ds.HasErrors() {
		t.Fatal("the content model did not report the relation")
	}
	md := markdown.New(markdown.Options{Highlighter: markdown.NewHighlighter()})
	d := New(site, graph.Pretty, md, func(p *graph.Page) markdown.Linker { return noLinks{} })
	m, err := d.For(site.Home).Matrix("ideas", "cases")
	if m != nil || !errors.Is(err, diag.ErrReported) {
		t.Errorf("Matrix = %+v, %v; want no matrix and an error wrapping diag.ErrReported", m, err)
	}
}

// TestGather: a section brings its pages; every ID is under the page's
// prefix; gathering a page twice is an error.
func TestGather(t *testing.T) {
	d, site := newData(t, map[string]string{
		"content/_index.md":       home,
		"content/ideas/_index.md": "---\ntitle: Ideas\n---\n",
		"content/ideas/one.md":    "---\ntitle: One\n---\n## Head\n",
	})
	sd := d.For(site.Home)
	gs, err := sd.Gather([]string{"ideas"})
	if err != nil || len(gs) != 2 || gs[1].Part != gs[0] || gs[1].ID != "_p-ideas-one" {
		t.Fatalf("Gather = %v, %v", gs, err)
	}
	if len(gs[1].TOC) != 1 || gs[1].TOC[0].ID != "_p-ideas-one-head" {
		t.Errorf("TOC %+v", gs[1].TOC)
	}
	if _, err := sd.Gather([]string{"ideas", "ideas/one"}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("gathered twice: %v", err)
	}
}
