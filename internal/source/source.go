// Package source owns reading a site: the files under content/, layouts/
// and static/ of a site directory, through fs.FS so that tests and the dev
// server can build from memory. Hidden files and editor leftovers are
// skipped; everything else is returned sorted by path, so later stages see
// the same order whatever the file system's.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// File is one source file; Path is relative to the site with forward
// slashes ("content/principles/second.md").
type File struct {
	Path string
	Data []byte
}

// Site is everything read from a site directory.
type Site struct {
	Content []File
	Layouts []File
	Static  []File
}

// Dirs are the folders of a site that gloss reads.
var Dirs = []string{"content", "layouts", "static"}

// Load reads the site's files from fsys, whose root is the site directory.
// A missing folder is empty, except content/, which every site needs.
func Load(fsys fs.FS) (*Site, error) {
	s := &Site{}
	for _, dir := range Dirs {
		var files []File
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == dir && errors.Is(err, fs.ErrNotExist) && dir != "content" {
					return fs.SkipDir
				}
				return err
			}
			if p != dir && Ignored(path.Base(p)) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			files = append(files, File{Path: p, Data: data})
			return nil
		})
		if err != nil {
			if dir == "content" && errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("no content/ folder: is this a gloss site?")
			}
			return nil, fmt.Errorf("reading %s: %w", dir, err)
		}
		sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
		switch dir {
		case "content":
			s.Content = files
		case "layouts":
			s.Layouts = files
		case "static":
			s.Static = files
		}
	}
	return s, nil
}

// Ignored reports whether a file or folder name is hidden or an editor's
// temporary file, which are never part of a site: dotfiles (.DS_Store, vim's
// .x.swp, emacs's .#x), backups (x~), emacs autosaves (#x#), vim's 4913
// probe, JetBrains' safe-write files and *.tmp.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913",
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasSuffix(name, ".tmp"):
		return true
	}
	return false
}

// Update brings files (site path → bytes, as Load reads them) up to date
// with the named paths, which may be files or folders, new, changed or
// deleted: a path that no longer exists is removed with everything below
// it; a folder is read whole. Files not named keep their very slices, so
// later stages can tell them unchanged without comparing bytes.
func Update(fsys fs.FS, files map[string][]byte, paths []string) error {
	for _, p := range paths {
		p = path.Clean(p)
		if !inSite(p) {
			continue
		}
		st, err := fs.Stat(fsys, p)
		if err != nil || Ignored(path.Base(p)) || !st.IsDir() {
			// Gone, ignored or a file: drop it and anything below it (it may
			// have been a folder), then read it back if it is a file.
			delete(files, p)
			prefix := p + "/"
			for f := range files {
				if strings.HasPrefix(f, prefix) {
					delete(files, f)
				}
			}
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if hiddenBelow(p) {
			continue
		}
		if !st.IsDir() {
			if st.Mode().IsRegular() {
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						continue // deleted since the Stat
					}
					return fmt.Errorf("reading %s: %w", p, err)
				}
				files[p] = data
			}
			continue
		}
		seen := map[string]bool{}
		err = fs.WalkDir(fsys, p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if q != p && Ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			data, err := fs.ReadFile(fsys, q)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			seen[q] = true
			if old, ok := files[q]; !ok || string(old) != string(data) {
				files[q] = data
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		for f := range files {
			if strings.HasPrefix(f, p+"/") && !seen[f] {
				delete(files, f)
			}
		}
	}
	return nil
}

// inSite reports whether a site path is under one of the folders gloss
// reads.
func inSite(p string) bool {
	for _, d := range Dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// hiddenBelow reports whether any element of p is ignored.
func hiddenBelow(p string) bool {
	for _, el := range strings.Split(p, "/") {
		if Ignored(el) {
			return true
		}
	}
	return false
}

// SortedPaths returns the paths of files, sorted.
func SortedPaths(files map[string][]byte) []string {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// FromMap returns the files of a map as a Site, each group in the order of
// paths, which must be the map's keys sorted (SortedPaths): the dev server
// keeps that list between builds and sorts again only when files come or
// go.
func FromMap(files map[string][]byte, paths []string) *Site {
	s := &Site{}
	for _, p := range paths {
		f := File{Path: p, Data: files[p]}
		switch {
		case strings.HasPrefix(p, "content/"):
			s.Content = append(s.Content, f)
		case strings.HasPrefix(p, "layouts/"):
			s.Layouts = append(s.Layouts, f)
		case strings.HasPrefix(p, "static/"):
			s.Static = append(s.Static, f)
		}
	}
	return s
}
