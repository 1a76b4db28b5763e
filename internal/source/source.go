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
