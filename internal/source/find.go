package source

import (
	"fmt"
	"os"
	"path/filepath"
)

// NoSiteError says where a search for a site (Find) began and why it
// ended without one.
type NoSiteError struct {
	From    string // the absolute folder the search began in
	GitRoot string // the git root it stopped at, or "" at the filesystem root
}

func (e *NoSiteError) Error() string {
	where := " or any folder above it"
	switch {
	case e.GitRoot != "":
		where = " or above it up to the git root " + e.GitRoot
	case filepath.Dir(e.From) == e.From: // the filesystem root: nothing above
		where = ""
	}
	return fmt.Sprintf("no content/ folder in %s%s: run gloss inside a site, or name its folder with --site DIR", e.From, where)
}

// Find finds the site around the folder dir, as git finds a repository:
// the nearest folder, from dir up, that holds a content/ folder. The
// search stops at a git root (a folder holding .git, a folder or a
// worktree's file) with no content/ of its own, so that inside an
// unrelated checkout gloss does not wander into a site that happens to
// enclose it, and at the filesystem root, with a *NoSiteError. dir must
// be absolute.
func Find(dir string) (string, error) {
	for d := dir; ; {
		if isDir(filepath.Join(d, "content")) {
			return d, nil
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return "", &NoSiteError{From: dir, GitRoot: d}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", &NoSiteError{From: dir}
		}
		d = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
