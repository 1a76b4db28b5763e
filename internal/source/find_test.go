package source

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// TestFind: the nearest folder holding content/, from a folder up,
// stopping at a git root without a site or at the filesystem root.
func TestFindSite(t *testing.T) {
	root := t.TempDir()
	sitetest.WriteArchive(t, root, `
-- site/content/_index.md --
-- site/content/notes/one.md --
-- site/.git/HEAD --
-- site/public/index.html --
-- site/checkout/.git/HEAD --
-- site/checkout/docs/x.md --
-- site/worktree/.git --
gitdir: /elsewhere/.git/worktrees/w
-- site/worktree/a/x.md --
-- plain/deep/x.md --
`)
	at := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	for _, tt := range []struct {
		from, want, gitRoot string
	}{
		{from: "site", want: "site"},
		{from: "site/content", want: "site"},
		{from: "site/content/notes", want: "site"},
		{from: "site/public", want: "site"},
		// A checkout inside the site, with no site of its own, is not
		// the site's: the search stops at its root.
		{from: "site/checkout/docs", gitRoot: "site/checkout"},
		{from: "site/checkout", gitRoot: "site/checkout"},
		{from: "site/worktree/a", gitRoot: "site/worktree"}, // .git is a file in a linked worktree
	} {
		got, err := Find(at(tt.from))
		if tt.want != "" {
			if err != nil || got != at(tt.want) {
				t.Errorf("from %s: %q, %v; want %s", tt.from, got, err, at(tt.want))
			}
			continue
		}
		var none *NoSiteError
		if !errors.As(err, &none) || none.From != at(tt.from) || none.GitRoot != at(tt.gitRoot) {
			t.Errorf("from %s: %q, %#v; want no site, stopped at the git root %s", tt.from, got, err, at(tt.gitRoot))
		}
	}

	// Up to the filesystem root, when nothing above the temporary
	// folder is a site or a git root.
	for d := root; ; d = filepath.Dir(d) {
		if isDir(filepath.Join(d, "content")) || isDir(filepath.Join(d, ".git")) {
			t.Skipf("%s is a site or a git root: the walk to / cannot be tested here", d)
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	_, err := Find(at("plain/deep"))
	var none *NoSiteError
	if !errors.As(err, &none) || none.GitRoot != "" ||
		err.Error() != "no content/ folder in "+at("plain/deep")+" or any folder above it: run gloss inside a site, or name its folder with --site DIR" {
		t.Errorf("from plain/deep: %v", err)
	}
	fsRoot := filepath.VolumeName(root) + string(filepath.Separator)
	if _, err := Find(fsRoot); err == nil || err.Error() != "no content/ folder in "+fsRoot+": run gloss inside a site, or name its folder with --site DIR" {
		t.Errorf("from %s: %v", fsRoot, err)
	}
}
