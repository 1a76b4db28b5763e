package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// noSiteError says where a search for the site began and why it ended
// without one.
type noSiteError struct {
	from    string // the absolute folder the search began in
	gitRoot string // the git root it stopped at, or "" at the filesystem root
}

func (e *noSiteError) Error() string {
	where := " or any folder above it"
	switch {
	case e.gitRoot != "":
		where = " or above it up to the git root " + e.gitRoot
	case filepath.Dir(e.from) == e.from: // the filesystem root: nothing above
		where = ""
	}
	return fmt.Sprintf("no content/ folder in %s%s: run gloss inside a site, or name its folder with --site DIR", e.from, where)
}

// findSite finds the site as git finds a repository: the nearest folder,
// from dir up, that holds a content/ folder. The search stops at a git
// root (a folder holding .git, a folder or a worktree's file) with no
// content/ of its own, so that inside an unrelated checkout gloss does
// not wander into a site that happens to enclose it, and at the
// filesystem root. dir must be absolute.
func findSite(dir string) (string, error) {
	for d := dir; ; {
		if isDir(filepath.Join(d, "content")) {
			return d, nil
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return "", &noSiteError{from: dir, gitRoot: d}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", &noSiteError{from: dir}
		}
		d = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// resolveSite fills in *site when --site was not given, from the current
// folder up (see findSite). The folder found is made relative to the
// current one ("." when it is the current one) so that messages name
// paths as the author would type them, and paths the author typed stay
// relative to where they typed them. A --site that was given is used as
// it is. Not finding a site is a usage error (exit 2).
func resolveSite(fs *flag.FlagSet, site *string, stderr io.Writer) error {
	if *site != "" {
		if !isDir(*site) {
			return usageError(stderr, fs, "--site %s is not a directory", *site)
		}
		return nil
	}
	found, err := discover()
	var none *noSiteError
	if errors.As(err, &none) {
		fmt.Fprintf(stderr, "gloss %s: %v\n", fs.Name(), err)
		return exitError(2)
	}
	if err != nil {
		return err
	}
	*site = found
	return nil
}

// discover runs findSite from the current folder and returns the site
// relative to it.
func discover() (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the current folder: %w", err)
	}
	found, err := findSite(cwd)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(cwd, found)
	if err != nil { // cannot happen: both are absolute on the same volume
		return found, nil
	}
	return rel, nil
}
