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

	"github.com/gloss-ssg/gloss/internal/export"
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
	dst := filepath.Join(site, filepath.FromSlash(name))
	folder := filepath.Dir(dst)
	to, inside, err := export.Within(folder, site)
	var broken *export.Refusal
	switch {
	case errors.As(err, &broken):
		return "", &Refusal{Reason: broken.Reason, Hint: "mend or remove the link, and eject again"}
	case err != nil:
		return "", err
	case !inside:
		return "", &Refusal{Reason: folder + " leads to " + to + ", outside the site, whose files builds do not read",
			Hint: "make it a folder of the site, or a link to one inside it, and eject again"}
	}
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
