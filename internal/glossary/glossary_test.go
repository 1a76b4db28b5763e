package glossary

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
)

func TestTerm(t *testing.T) {
	site, ds := graph.New([]graph.File{
		{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\n")},
		{Path: "content/glossary/_index.md", Data: []byte("---\ntitle: Glossary\n---\n")},
		{Path: "content/glossary/open-data.md", Data: []byte("---\ntitle: Open Data\n---\n")},
		{Path: "content/glossary/api.md", Data: []byte("---\ntitle: Application programming interface\n---\n")},
		{Path: "content/a.md", Data: []byte("---\ntitle: A\n---\n")},
	}, graph.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	g := New(site)
	from := site.ByKey["a"]
	for name, want := range map[string]string{
		"open data":                         "../glossary/open-data/", // by title, any case
		"Open-Data":                         "../glossary/open-data/", // by slug
		"API":                               "../glossary/api/",
		"application programming INTERFACE": "../glossary/api/",
	} {
		if res := g.Term(from, graph.Pretty, name); res.Href != want || res.Err != "" {
			t.Errorf("Term(%q) = %+v, want %s", name, res, want)
		}
	}
	if res := g.Term(from, graph.Pretty, "open dta"); !strings.Contains(res.Hint, "Open Data") {
		t.Errorf("a near miss hints %q", res.Hint)
	}
	if res := g.Term(site.ByKey["glossary/api"], graph.Pretty, "api"); res.Href != "" || res.Err != "" {
		t.Errorf("an entry naming its own term links: %+v", res)
	}
	none, _ := graph.New([]graph.File{{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\n")}}, graph.Options{})
	if res := New(none).Term(none.Home, graph.Pretty, "x"); !strings.Contains(res.Err, "no glossary") {
		t.Errorf("no glossary section: %+v", res)
	}
}
