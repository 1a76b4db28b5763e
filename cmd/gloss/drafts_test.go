package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDraftsNote: a build or check that leaves drafts out says so, names
// them and says how to include them; with --drafts, or with JSON output,
// it says nothing.
func TestDraftsNote(t *testing.T) {
	site := writeSite(t, goodSite+`
-- content/notes/two.md --
---
title: Two
draft: true
---
-- content/notes/three.md --
---
title: Three
draft: true
---
`)
	const note = "gloss: 2 drafts left out (content/notes/three.md, content/notes/two.md); --drafts includes them\n"
	for _, args := range [][]string{
		{"check", "--site", site},
		{"build", "--site", site, "--out", filepath.Join(t.TempDir(), "out")},
		{"build", "--no-offline", "--site", site, "--out", filepath.Join(t.TempDir(), "out")},
		{"zip", "--site", site, "-o", filepath.Join(t.TempDir(), "site.zip")},
	} {
		code, _, stderr := gloss(t, "", args...)
		if code != 0 || !strings.Contains(stderr, note) {
			t.Errorf("gloss %q: exit %d, stderr:\n%s\nwant the line %q", args, code, stderr, note)
		}
	}
	for _, args := range [][]string{
		{"check", "--drafts", "--site", site},
		{"check", "--format", "json", "--site", site},
	} {
		if code, _, stderr := gloss(t, "", args...); code != 0 || strings.Contains(stderr, "left out") {
			t.Errorf("gloss %q: exit %d, stderr:\n%s\nwant no note on drafts", args, code, stderr)
		}
	}
}

func TestDraftsNoteNamesAFew(t *testing.T) {
	got := draftsNote([]string{"content/a.md", "content/b.md", "content/c.md", "content/d.md"})
	want := "gloss: 4 drafts left out (content/a.md, content/b.md, content/c.md, …); --drafts includes them"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := draftsNote([]string{"content/a.md"}); got != "gloss: 1 draft left out (content/a.md); --drafts includes it" {
		t.Errorf("one draft: %q", got)
	}
	if got := draftsNote(nil); got != "" {
		t.Errorf("no drafts: %q", got)
	}
}

// TestNewDraft: gloss new makes a draft only with --draft, whatever the
// archetype says of drafts (an archetype that sets draft itself is kept).
func TestNewDraft(t *testing.T) {
	site := writeSite(t, goodSite+`
-- content/essays/_index.md --
---
title: Essays
---
-- content/plain/_index.md --
---
title: Plain
---
-- layouts/_archetypes/plain.md --
---
title: "{{ .Title }}"
---
Body.
-- content/tomls/_index.md --
---
title: Tomls
---
-- layouts/_archetypes/tomls.md --
+++
title = "{{ .Title }}"
+++
`)
	read := func(section, slug string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(site, "content", section, slug+".md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, tc := range []struct {
		section string
		draft   bool
		want    string // a line the page must hold
		not     string // one it must not
	}{
		{"essays", false, "summary: \"\"\n", "draft"},
		{"essays", true, "\ndraft: true\n---\n", ""},
		{"plain", true, "---\ntitle: \"X\"\ndraft: true\n---\nBody.\n", ""},
		{"plain", false, "---\ntitle: \"X\"\n---\nBody.\n", "draft"},
		{"tomls", true, "+++\ntitle = \"X\"\ndraft = true\n+++\n", ""},
		{"notes", true, "\ndraft: true\n---\n", ""}, // the archetype's own, once
	} {
		slug := "x"
		args := []string{"new", "--site", site}
		if tc.draft {
			args = append(args, "--draft")
			slug = "y"
		}
		if code, _, stderr := gloss(t, "", append(args, tc.section, slug)...); code != 0 {
			t.Fatalf("gloss %q: exit %d: %s", args, code, stderr)
		}
		got := strings.ReplaceAll(read(tc.section, slug), `"Y"`, `"X"`)
		if !strings.Contains(got, tc.want) || (tc.not != "" && strings.Contains(got, tc.not)) ||
			strings.Count(got, "draft") > 1 {
			t.Errorf("%s, draft %v:\n%s\nwant it to hold %q and not %q, and draft at most once", tc.section, tc.draft, got, tc.want, tc.not)
		}
	}
}
