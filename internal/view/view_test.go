package view

import (
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

func TestPage(t *testing.T) {
	site, ds := graph.New([]graph.File{
		{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\n")},
		{Path: "content/ideas/_index.md", Data: []byte("---\ntitle: Ideas\n---\n")},
		{Path: "content/ideas/one.md", Data: []byte("---\ntitle: One\nsources:\n  - title: A\n    id: a\n    url: javascript:x\n  - title: B\n    url: https://example.org/\n---\n")},
	}, graph.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	body := &markdown.Output{Headings: []markdown.Heading{{Level: 1, ID: "t"}, {Level: 2, ID: "x"}, {Level: 4, ID: "y"}}}
	p := site.ByKey["ideas/one"]
	v := Page(site, p, graph.Files, "page.html", body, Site{Generator: "gloss test"})
	if v.Root != "../../" || v.Home != "../../index.html" || !v.Site.Offline || v.Site.Generator != "gloss test" {
		t.Errorf("root %q, home %q, offline %v", v.Root, v.Home, v.Site.Offline)
	}
	if len(v.TOC) != 1 || v.TOC[0].ID != "x" {
		t.Errorf("TOC %+v, want only the level-2 heading", v.TOC)
	}
	if len(v.Sources) != 2 || v.Sources[0].ID != "src-a" || v.Sources[0].URL != "" ||
		v.Sources[1].ID != "src-2" || v.Sources[1].URL != "https://example.org/" {
		t.Errorf("sources %+v", v.Sources)
	}
	if len(v.Breadcrumbs) != 2 || v.Breadcrumbs[0].Title != "Home" || v.Parent.URL != "../index.html" {
		t.Errorf("breadcrumbs %+v, parent %+v", v.Breadcrumbs, v.Parent)
	}
	if h := Page(site, site.Home, graph.Pretty, "home.html", body, Site{}); len(h.Sections) != 1 || len(h.Sections[0].Pages) != 1 {
		t.Errorf("home's sections %+v", h.Sections)
	}
}
