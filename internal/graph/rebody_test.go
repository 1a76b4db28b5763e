package graph_test

import (
	"slices"
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// TestRebody checks that a site is updated in place when only pages'
// bodies changed, and left alone (for New to make again) otherwise.
func TestRebody(t *testing.T) {
	home := graph.File{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\nWelcome.\n")}
	page := graph.File{Path: "content/a.md", Data: []byte("---\ntitle: A\nweight: 1\n---\n\nOld body.\n")}
	draft := graph.File{Path: "content/d.md", Data: []byte("---\ntitle: D\ndraft: true\n---\nDraft.\n")}
	img := graph.File{Path: "content/map.png", Data: []byte("png")}
	prev := []graph.File{home, page, draft, img}
	with := func(i int, data string) []graph.File {
		files := slices.Clone(prev)
		files[i].Data = []byte(data)
		return files
	}
	for _, tc := range []struct {
		name    string
		files   []graph.File
		want    bool
		body    string // a.md's body after
		changed int    // pages Rebody says it changed
	}{
		{"nothing changed", slices.Clone(prev), true, "\nOld body.\n", 0},
		{"body edit", with(1, "---\ntitle: A\nweight: 1\n---\n\nNew body.\n"), true, "\nNew body.\n", 1},
		{"asset edit", with(3, "png2"), true, "\nOld body.\n", 0},
		{"front matter edit", with(1, "---\ntitle: A2\nweight: 1\n---\n\nNew body.\n"), false, "\nOld body.\n", 0},
		{"same front matter, one line lower", with(1, "\n---\ntitle: A\nweight: 1\n---\n\nNew body.\n"), false, "\nOld body.\n", 0},
		{"front matter removed", with(1, "\nNew body.\n"), false, "\nOld body.\n", 0},
		{"a draft left out", with(2, "---\ntitle: D\ndraft: true\n---\nEdited.\n"), false, "\nOld body.\n", 0},
		{"a file more", append(slices.Clone(prev), graph.File{Path: "content/z.md", Data: []byte("---\ntitle: Z\n---\n")}), false, "\nOld body.\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := graph.NewParseCache()
			site, _ := graph.New(prev, graph.Options{Cache: cache})
			a := site.ByKey["a"]
			line := a.BodyLine
			changed, got := graph.Rebody(site, prev, tc.files, cache)
			if got != tc.want {
				t.Fatalf("Rebody = %v, want %v", got, tc.want)
			}
			if len(changed) != tc.changed || len(changed) == 1 && changed[0] != a {
				t.Errorf("Rebody changed %d pages, want %d (a.md's)", len(changed), tc.changed)
			}
			if string(a.Body) != tc.body || a.BodyLine != line {
				t.Errorf("a.md's body is %q at line %d, want %q at %d", a.Body, a.BodyLine, tc.body, line)
			}
			if tc.want {
				// What New makes of the files is what Rebody left.
				fresh, _ := graph.New(tc.files, graph.Options{})
				if f := fresh.ByKey["a"]; string(f.Body) != string(a.Body) || f.MetaSum != a.MetaSum || f.BodyLine != a.BodyLine {
					t.Errorf("a.md differs from a fresh model's")
				}
			}
		})
	}
	if _, ok := graph.Rebody(nil, prev, prev, graph.NewParseCache()); ok {
		t.Error("Rebody of no site reported true")
	}
}
