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
	"path"
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
// static/ (or under the folder of the site they link to) is the site's
// when the site has it (whatever it is there: a file, a folder or a
// symbolic link) and the theme's otherwise, and such a folder lists the
// entries of both, the site's winning a name. Every
// other path is the site's alone. Symbolic links of the site are passed
// through (Lstat and ReadLink), so that the source reader can still refuse
// those that leave the site; the theme has none.
func Overlay(site fs.FS) fs.FS {
	o := &overlay{site: site, alias: map[string]string{}}
	// A site whose layouts (or static) is a link to a folder inside it is
	// read through the link's target: merge the theme there too. Only a
	// link made before the overlay counts, and only one link deep.
	if l, ok := site.(fs.ReadLinkFS); ok {
		for _, dir := range Dirs {
			if info, err := l.Lstat(dir); err != nil || info.Mode()&fs.ModeSymlink == 0 {
				continue
			}
			target, err := l.ReadLink(dir)
			if err != nil || path.IsAbs(target) || strings.HasPrefix(target, "/") {
				continue
			}
			if t := path.Clean(target); fs.ValidPath(t) && t != "." {
				o.alias[t] = dir
			}
		}
	}
	return o
}

type overlay struct {
	site fs.FS
	// alias maps the folder a site's layouts or static links to
	// ("shared/layouts") to that name ("layouts").
	alias map[string]string
}

var (
	_ fs.ReadDirFS  = (*overlay)(nil)
	_ fs.StatFS     = (*overlay)(nil)
	_ fs.ReadLinkFS = (*overlay)(nil)
)

// themed returns the theme's path for the site path name, and whether
// the theme may provide it: the site's root (which lists layouts/ and
// static/) or anything under them, or under the folder inside the site
// that the site's layouts or static links to.
func (o *overlay) themed(name string) (string, bool) {
	if name == "." {
		return name, true
	}
	top, _, _ := strings.Cut(name, "/")
	if slices.Contains(Dirs, top) {
		return name, true
	}
	best, out := "", ""
	for target, dir := range o.alias { // the longest target wins, whatever the map's order
		if len(target) <= len(best) {
			continue
		}
		if name == target {
			best, out = target, dir
		} else if r, ok := strings.CutPrefix(name, target+"/"); ok {
			best, out = target, dir+"/"+r
		}
	}
	return out, best != ""
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
	tp, ok := o.themed(name)
	if !ok {
		return o.site.Open(name)
	}
	f, err := o.site.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if has, _ := o.inSite(name); !has {
				return files.Open(tp)
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
	tp, ok := o.themed(name)
	if !ok {
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
		return fs.ReadDir(files, tp)
	}
	theirs, _ := fs.ReadDir(files, tp) // a folder the theme lacks adds nothing
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
	if tp, ok := o.themed(name); ok {
		if has, err := o.inSite(name); err != nil {
			return nil, err
		} else if !has {
			return fs.Stat(files, tp)
		}
	}
	return fs.Stat(o.site, name)
}

func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if tp, ok := o.themed(name); ok {
		if has, err := o.inSite(name); err != nil {
			return nil, err
		} else if !has {
			return fs.Stat(files, tp)
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
