package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/export"
	"github.com/gloss-ssg/gloss/internal/source"
	"github.com/gloss-ssg/gloss/internal/starter"
)

// Init writes the starter site (package starter) into dir, which must
// not exist yet or be an empty folder (a .git folder alone is fine: a
// fresh repository), and must not lie in the content/, layouts/ or
// static/ of a site around it, whose next build would read the starter's
// files as its own. Otherwise it returns a *Refusal and writes nothing.
func Init(dir string) error {
	if err := emptyDir(dir); err != nil {
		return &Refusal{Reason: err.Error() + "; gloss init writes only into an empty or new folder",
			Hint: "name a new folder, such as: gloss init my-explainer"}
	}
	why, err := inSiteSources(dir)
	if err != nil {
		return err
	}
	if why != "" {
		return &Refusal{Reason: "will not write to " + dir + ": " + why,
			Hint: "name a folder outside that site's content/, layouts/ and static/"}
	}
	return writeTree(dir, starter.FS())
}

// emptyDir says why dir may not take the starter: it is not a folder, or
// holds something other than .git.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if to, lerr := os.Readlink(dir); lerr == nil {
			return fmt.Errorf("%s is a symbolic link to %s, which does not exist", dir, to)
		}
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			return fmt.Errorf("%s is not empty (it holds %s)", dir, e.Name())
		}
	}
	return nil
}

// inSiteSources says why dir, empty or not there yet, lies in the
// sources of a site around it; or returns "".
func inSiteSources(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	site, err := source.Find(abs)
	if err != nil {
		return "", nil // no site around it
	}
	_, err = export.CheckDir(dir, export.Options{Site: site})
	var r *export.Refusal
	if errors.As(err, &r) {
		return "the site in " + site + " would read the starter as its own (" + r.Reason + ")", nil
	}
	return "", nil // anything else is for writing to find out
}

// writeTree copies src into dir, creating each file anew (O_EXCL), so
// that even a file that appeared since the checks is kept.
func writeTree(dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return fmt.Errorf("making %s: %w", dst, err)
			}
			return nil
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return fmt.Errorf("reading the starter's %s: %w", p, err)
		}
		if err := create(dst, data); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		return nil
	})
}
