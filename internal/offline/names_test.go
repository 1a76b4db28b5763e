package offline

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/graph"
)

// TestCheckZipPathsLimit: a path of exactly MaxZipPath characters in the zip passes,
// one more fails, counted in UTF-16 code units.
func TestCheckZipPathsLimit(t *testing.T) {
	site := &graph.Site{Settings: frontmatter.SiteSettings{ZipName: "z"}, Home: &graph.Page{File: "content/_index.md"}}
	ok := strings.Repeat("a", MaxZipPath-2)    // "z/" + ok
	long := strings.Repeat("é", MaxZipPath-1)  // one code unit each: one too many
	emoji := strings.Repeat("😀", MaxZipPath/2) // two code units each
	sources := map[string]string{ok: "a", long: "b", emoji: "c"}
	ds := CheckZipPaths(site, []string{ok, long, emoji}, sources)
	if len(ds) != 2 || ds[0].File != "b" || ds[1].File != "c" {
		t.Fatalf("Check = %v, want errors at b and c only", ds)
	}
}
