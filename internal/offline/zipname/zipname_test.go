package zipname

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/graph"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct{ zipName, title, want string }{
		{"", "China's data, annotated", "chinas-data-annotated"},
		{"", "", "site"},
		{"", "!!!", "site"},
		{"mine", "Ignored", "mine"},
		{"", strings.Repeat("word ", 20), "word-word-word-word-word-word-word-word"},
	} {
		site := &graph.Site{Settings: frontmatter.SiteSettings{ZipName: tc.zipName, Title: tc.title}}
		if got := Of(site); got != tc.want {
			t.Errorf("Of(zip_name %q, title %q) = %q, want %q", tc.zipName, tc.title, got, tc.want)
		}
	}
}

// TestCheckLimit: a path of exactly MaxPath characters in the zip passes,
// one more fails, counted in UTF-16 code units.
func TestCheckLimit(t *testing.T) {
	site := &graph.Site{Settings: frontmatter.SiteSettings{ZipName: "z"}, Home: &graph.Page{File: "content/_index.md"}}
	ok := strings.Repeat("a", MaxPath-2)    // "z/" + ok
	long := strings.Repeat("é", MaxPath-1)  // one code unit each: one too many
	emoji := strings.Repeat("😀", MaxPath/2) // two code units each
	sources := map[string]string{ok: "a", long: "b", emoji: "c"}
	ds := Check(site, []string{ok, long, emoji}, sources)
	if len(ds) != 2 || ds[0].File != "b" || ds[1].File != "c" {
		t.Fatalf("Check = %v, want errors at b and c only", ds)
	}
}
