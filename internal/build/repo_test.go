package build_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
)

// TestRepositorySite builds this repository's own site, the explainer in
// ../../content, and crawls every page: each internal href and src names
// a file of the output and each #fragment an id in its target, in both
// the hosted (pretty URL) and offline (file URL) styles.
func TestRepositorySite(t *testing.T) {
	for _, style := range []graph.Style{graph.Pretty, graph.Files} {
		res := build.Build(os.DirFS("../.."), build.Options{Style: style})
		if res.Failed() {
			var b strings.Builder
			res.Diags.Write(&b, "text")
			t.Fatalf("style %d: the repository's site does not build:\n%s", style, b.String())
		}
		if res.Pages < 10 {
			t.Fatalf("style %d: only %d pages built", style, res.Pages)
		}
		for _, want := range []string{"index.html", "css/syntax.css"} {
			if _, ok := res.Files[want]; !ok {
				t.Errorf("style %d: no %s in the output", style, want)
			}
		}
		pages := 0
		for p := range res.Files {
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		if pages < res.Pages {
			t.Errorf("style %d: %d HTML files for %d pages", style, pages, res.Pages)
		}
		for _, problem := range checkLinks(res.Files) {
			t.Errorf("style %d: %s", style, problem)
		}
		if style == graph.Files {
			// Offline pages name files: no link ends at a folder.
			for p, data := range res.Files {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				hrefs, _ := links(string(data))
				for _, h := range hrefs {
					if _, _, internal, _ := resolve(p, h); internal {
						raw, _, _ := strings.Cut(h, "#")
						if raw != "" && (strings.HasSuffix(raw, "/") || raw == ".") {
							t.Errorf("offline %s: %q names a folder, which file:// cannot open", p, h)
						}
					}
				}
			}
		}
	}
}
