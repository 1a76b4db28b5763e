// Package theme holds gloss's default theme, embedded in the binary: the
// layouts/ and static/ files a site gets when it has none of its own. A
// site's own layouts/ and static/ override it file by file: Overlay serves
// a path from the site when the site has it and from the theme otherwise,
// and lists a folder as the union of both. Content is never the theme's.
package theme

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
)

//go:embed all:layouts all:static
var files embed.FS

// FS returns the theme's files, with layouts/ and static/ at its root.
func FS() fs.FS { return files }

// Dirs are the folders of a site the theme provides files for.
var Dirs = []string{"layouts", "static"}

// Files lists the theme's files as site paths ("layouts/page.html"),
// sorted.
func Files() []string {
	var out []string
	for _, d := range Dirs {
		fs.WalkDir(files, d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				out = append(out, p)
			}
			return err
		})
	}
	sort.Strings(out)
	return out
}

// Overlay returns site with the theme under it: a path under layouts/ or
// static/ is the site's when the site has it (whatever it is there: a
// file, a folder or a symbolic link) and the theme's otherwise, and such
// a folder lists the entries of both, the site's winning a name. Every
// other path is the site's alone. Symbolic links of the site are passed
// through (Lstat and ReadLink), so that the source reader can still refuse
// those that leave the site; the theme has none.
func Overlay(site fs.FS) fs.FS {
	return &overlay{site: site}
}

type overlay struct{ site fs.FS }

var (
	_ fs.ReadDirFS  = (*overlay)(nil)
	_ fs.StatFS     = (*overlay)(nil)
	_ fs.ReadLinkFS = (*overlay)(nil)
)

// themed reports whether name is a path the theme may provide: the site's
// root (which lists layouts/ and static/) or anything under them.
func themed(name string) bool {
	if name == "." {
		return true
	}
	top, _, _ := strings.Cut(name, "/")
	return slices.Contains(Dirs, top)
}

// inSite reports whether the site has name (as anything, a broken link
// included), and a non-nil error when the site could not say.
func (o *overlay) inSite(name string) (bool, error) {
	var err error
	if l, ok := o.site.(fs.ReadLinkFS); ok {
		_, err = l.Lstat(name)
	} else {
		_, err = fs.Stat(o.site, name)
	}
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

func (o *overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if !themed(name) {
		return o.site.Open(name)
	}
	f, err := o.site.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if has, _ := o.inSite(name); !has {
				return files.Open(name)
			}
		}
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || !info.IsDir() {
		return f, err
	}
	// A folder of both: list the union.
	entries, err := o.ReadDir(name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &dir{File: f, entries: entries}, nil
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if !themed(name) {
		return fs.ReadDir(o.site, name)
	}
	mine, err := fs.ReadDir(o.site, name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		// Not a folder of the site: the theme's, unless the site has
		// something there (a link to nothing), which hides the theme's.
		if has, herr := o.inSite(name); herr != nil || has {
			return nil, err
		}
		return fs.ReadDir(files, name)
	}
	theirs, _ := fs.ReadDir(files, name) // a folder the theme lacks adds nothing
	seen := make(map[string]bool, len(mine))
	for _, e := range mine {
		seen[e.Name()] = true
	}
	out := mine
	for _, e := range theirs {
		if seen[e.Name()] || name == "." && !slices.Contains(Dirs, e.Name()) {
			continue
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if themed(name) {
		if has, err := o.inSite(name); err != nil {
			return nil, err
		} else if !has {
			return fs.Stat(files, name)
		}
	}
	return fs.Stat(o.site, name)
}

func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if themed(name) {
		if has, err := o.inSite(name); err != nil {
			return nil, err
		} else if !has {
			return fs.Stat(files, name)
		}
	}
	if l, ok := o.site.(fs.ReadLinkFS); ok {
		return l.Lstat(name)
	}
	return fs.Stat(o.site, name)
}

func (o *overlay) ReadLink(name string) (string, error) {
	if l, ok := o.site.(fs.ReadLinkFS); ok {
		return l.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

// dir is a folder of both the site and the theme, listing their union.
type dir struct {
	fs.File
	entries []fs.DirEntry
	off     int
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
