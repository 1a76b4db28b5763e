package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gloss-ssg/gloss/internal/theme"
)

// Eject copies the theme's file name into the site folder under the same
// path, where it then overrides the theme's, and returns the path
// written. name is a path theme.Files lists, or the end of exactly one
// ("page.html" for "layouts/page.html"). It never replaces a file: a
// site file of that name is a *Refusal, and so is a layouts/ or static/
// that is a link out of the site, since builds do not read files there.
func Eject(site, name string) (string, error) {
	name = path.Clean(filepath.ToSlash(name))
	files := theme.Files()
	if !slices.Contains(files, name) {
		var matches []string
		for _, f := range files {
			if strings.HasSuffix(f, "/"+name) {
				matches = append(matches, f)
			}
		}
		if len(matches) != 1 {
			return "", &BadRequest{Msg: "the theme has no file " + name + "; see gloss theme --list"}
		}
		name = matches[0]
	}
	data, err := fs.ReadFile(theme.FS(), name)
	if err != nil {
		return "", fmt.Errorf("reading the theme's %s: %w", name, err)
	}
	if link, out, err := leavesSite(site, path.Dir(name)); err != nil {
		return "", err
	} else if link != "" {
		return "", &Refusal{Reason: link + " is a link to " + out + ", outside the site, whose files builds do not read",
			Hint: "make it a folder of the site, or a link to one inside it, and eject again"}
	}
	dst := filepath.Join(site, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("making %s: %w", filepath.Dir(dst), err)
	}
	err = create(dst, data)
	if errors.Is(err, fs.ErrExist) {
		return "", &Refusal{Reason: dst + " already exists; not overwritten (it already overrides the theme's)",
			Hint: "edit it there, or move it away and eject again for the theme's version"}
	}
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", dst, err)
	}
	return dst, nil
}

// leavesSite looks at each folder on the way from the site to dir (a
// slash path inside it, such as "layouts/_partials") and returns the
// first that is a symbolic link out of the site, with where it leads;
// "" when none is, or a folder does not exist yet.
func leavesSite(site, dir string) (link, target string, err error) {
	root, err := filepath.EvalSymlinks(site)
	if err != nil {
		return "", "", fmt.Errorf("finding the site folder %s: %w", site, err)
	}
	at := site
	for _, elem := range strings.Split(dir, "/") {
		at = filepath.Join(at, elem)
		st, err := os.Lstat(at)
		if err != nil {
			return "", "", nil // not there yet: MkdirAll makes it inside
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		to, err := filepath.EvalSymlinks(at)
		if err != nil {
			return "", "", nil // a link to nothing: MkdirAll says so
		}
		if rel, err := filepath.Rel(root, to); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return at, to, nil
		}
	}
	return "", "", nil
}
