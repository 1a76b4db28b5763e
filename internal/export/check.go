package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/source"
)

// Marker is the file gloss writes at the top of every output folder,
// listing the files it wrote there (marker.go). A folder holding it is
// gloss's to replace while it holds no other files and none of them was
// changed; gloss never deletes anything else, unless told to with
// Options.Force.
const Marker = ".gloss-output"

// DefaultKeep are the top-level entries of an output folder that survive a
// rebuild: a deploy worktree's .git, and the files GitHub Pages and other
// hosts read from the published folder.
var DefaultKeep = []string{".git", "CNAME", ".nojekyll"}

// Options say where gloss may write.
type Options struct {
	// Site is the site folder. An output that is, holds or lies inside
	// the site folder's sources (or is or holds the site folder itself) is
	// refused, whatever Force says. Empty skips the check.
	Site string
	// Force lets gloss replace a non-empty folder that has no Marker,
	// keeping the Keep entries. It never applies to the site's sources,
	// to a file, to the file-system root, a .git folder, the home folder
	// or a folder holding the current one.
	Force bool
	// Keep names further top-level entries of the output folder that
	// survive a rebuild, besides DefaultKeep.
	Keep []string
}

// Refusal is the error for an output gloss will not write: it says what
// is there. Forceable reports whether Options.Force would allow it.
type Refusal struct {
	Path      string // the output as given
	Reason    string // what is there, such as "it is the site's content/ folder"
	Forceable bool
	// Added says the folder is gloss's output, but holds files put there
	// or changed since gloss wrote it.
	Added bool
	// Hint, when set, says how to proceed, where neither Force nor
	// another output is the answer.
	Hint string
}

func (r *Refusal) Error() string { return r.Path + ": " + r.Reason }

// CheckDir decides whether Write may replace the folder dir, and returns
// the path Write will write: dir with every symbolic link resolved, so
// that a link pointing into the sources is caught, and an output that is
// a link to a folder is written where it points. A refusal is a *Refusal.
func CheckDir(dir string, opt Options) (string, error) {
	target, _, err := checkDir(dir, opt)
	return target, err
}

// checkDir is CheckDir that also returns what the output's marker lists
// (nil for an output that is new, or that lists nothing).
func checkDir(dir string, opt Options) (target string, list map[string]listed, err error) {
	target, err = resolve(dir)
	if err != nil {
		return "", nil, err
	}
	refuse := func(forceable bool, format string, args ...any) (string, map[string]listed, error) {
		return "", nil, &Refusal{Path: dir, Reason: fmt.Sprintf(format, args...), Forceable: forceable}
	}
	if opt.Site != "" {
		if why, err := inSources(target, opt.Site); err != nil {
			return "", nil, err
		} else if why != "" {
			return refuse(false, "%s", why)
		}
	}
	keep, err := keepNames(opt.Keep)
	if err != nil {
		return "", nil, err
	}
	st, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return target, nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("checking %s: %w", dir, err)
	}
	if !st.IsDir() {
		return refuse(false, "it is a file, not a folder")
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return "", nil, fmt.Errorf("checking %s: %w", dir, err)
	}
	var foreign []string
	marked := false
	for _, e := range entries {
		switch {
		case e.Name() == Marker && e.Type().IsRegular():
			marked = true
		case slices.Contains(keep, e.Name()), !e.IsDir() && systemMetadata(e.Name()):
		case e.IsDir():
			foreign = append(foreign, e.Name()+"/")
		default:
			foreign = append(foreign, e.Name())
		}
	}
	own, list, why, err := ownFiles(target, keep, marked)
	switch {
	case err != nil:
		return "", nil, err
	case own == asLeft || len(foreign) == 0:
		return target, list, nil // gloss's own output as gloss left it, or nothing to lose
	}
	if opt.Force {
		if why := forceDenied(target); why != "" {
			return refuse(false, "%s; --force does not apply to it", why)
		}
		return target, list, nil
	}
	switch own {
	case withStrays:
		return "", nil, &Refusal{Path: dir, Reason: why, Forceable: true, Added: true}
	case badMarker:
		return refuse(true, "%s", why)
	}
	shown := foreign
	if len(shown) > 3 {
		shown = append(shown[:3:3], "...")
	}
	reason := fmt.Sprintf("it holds %d %s gloss did not write (%s) and no %s marker",
		len(foreign), diag.Plural(len(foreign), "entry", "entries"), strings.Join(shown, ", "), Marker)
	switch {
	case marked:
		// An earlier gloss's marker, or the header of a build that never
		// finished: it does not say which files are gloss's.
		reason = fmt.Sprintf("it holds %d %s (%s) and a %s marker that lists no files, from a gloss that did not list them: "+
			"if nothing of yours is in it, build once with --force",
			len(foreign), diag.Plural(len(foreign), "entry", "entries"), strings.Join(shown, ", "), Marker)
	case earlierGloss(target):
		// Versions before the marker wrote none: say so, but still let
		// the author look before anything goes, since files may have been
		// added since.
		reason += "; it looks like the output of an earlier gloss, which wrote no marker: if nothing of yours is in it, build once with --force"
	}
	return refuse(true, "%s", reason)
}

// ownership is what a folder's marker says of the files in it.
type ownership int

const (
	unlisted   ownership = iota // no marker, or one that lists no files
	asLeft                      // every file in it listed and unchanged
	withStrays                  // files in it that gloss did not write, or changed since
	badMarker                   // a marker gloss did not write
)

// ownFiles reads the folder dir against its marker, if it has one
// (marked), and returns what the marker lists and why gloss may not
// replace the folder when it may not: which files are not gloss's
// (strayReason), or what is wrong with the marker.
func ownFiles(dir string, keep []string, marked bool) (ownership, map[string]listed, string, error) {
	if !marked {
		return unlisted, nil, "", nil
	}
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return 0, nil, "", fmt.Errorf("checking %s: %w", dir, err)
	}
	list, err := parseMarker(data)
	switch {
	case errors.Is(err, errUnlisted):
		return unlisted, nil, "", nil
	case err != nil:
		return badMarker, nil, fmt.Sprintf("its %s file was not written by gloss (%v)", Marker, err), nil
	}
	found, err := strays(dir, list, keep)
	switch {
	case err != nil:
		return 0, nil, "", err
	case len(found) > 0:
		return withStrays, list, strayReason(found), nil
	}
	return asLeft, list, "", nil
}

// earlierGloss reports whether dir's index.html names gloss as its
// generator, as every page gloss has written does.
func earlierGloss(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "index.html"))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096) // the generator meta is in the head
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(`<meta name="generator" content="gloss `))
}

// forceDenied names the folders --force must never empty, however they
// look: the file-system root, a repository's .git folder, the home folder,
// and the current folder or one holding it.
func forceDenied(target string) string {
	if filepath.Dir(target) == target {
		return "it is the root of the file system"
	}
	if slices.Contains(strings.Split(filepath.ToSlash(target), "/"), ".git") {
		return "it is or lies inside a .git folder"
	}
	if home, err := os.UserHomeDir(); err == nil && sameOrInside(target, home) == "same" {
		return "it is your home folder"
	}
	if wd, err := os.Getwd(); err == nil {
		if wd, err := filepath.EvalSymlinks(wd); err == nil && sameOrInside(wd, target) != "" {
			return "it is or holds the current folder"
		}
	}
	return ""
}

// CheckFile decides whether a zip may be written to file, and returns
// the path to write (symbolic links resolved). An existing file is
// replaced only when it is a zip gloss wrote; a file inside the site's
// sources is refused. A refusal is a *Refusal, never forceable.
func CheckFile(file, site string) (string, error) {
	target, err := resolve(file)
	if err != nil {
		return "", err
	}
	refuse := func(format string, args ...any) (string, error) {
		return "", &Refusal{Path: file, Reason: fmt.Sprintf(format, args...)}
	}
	if site != "" {
		if why, err := inSources(target, site); err != nil {
			return "", err
		} else if why != "" {
			return refuse("%s", why)
		}
	}
	st, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return target, nil
	}
	if err != nil {
		return "", fmt.Errorf("checking %s: %w", file, err)
	}
	switch {
	case st.IsDir():
		return refuse("it is a folder")
	case !st.Mode().IsRegular():
		return refuse("it is not a regular file")
	case !IsGlossZip(target):
		return refuse("it exists and is not a zip gloss wrote")
	}
	return target, nil
}

// IsGlossZip reports whether the file at name is a zip gloss wrote: its
// comment is offline.ZipComment, or, for zips from before gloss wrote
// the comment, it holds one folder with gloss's README.txt at its top.
func IsGlossZip(name string) bool {
	r, err := zip.OpenReader(name)
	if err != nil {
		return false
	}
	defer r.Close()
	if r.Comment == offline.ZipComment {
		return true
	}
	if len(r.File) == 0 {
		return false
	}
	top, _, _ := strings.Cut(r.File[0].Name, "/")
	var readme *zip.File
	for _, f := range r.File {
		if !strings.HasPrefix(f.Name, top+"/") {
			return false
		}
		if f.Name == top+"/README.txt" {
			readme = f
		}
	}
	if readme == nil || readme.UncompressedSize64 > 1<<16 {
		return false
	}
	rc, err := readme.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return false
	}
	return bytes.Contains(data, []byte("offline copy\r\n\r\nThis folder is the whole website."))
}

// inSources says why target may not be written for the site: it is or
// holds the site folder, or is, holds or lies inside one of its source
// folders. Folders are compared by identity (os.SameFile), not by name,
// so symbolic links, bind mounts and case-insensitive file systems cannot
// hide one from the check; a source folder not there yet is compared by
// its path, since writing there would make it. "" means target is fine.
func inSources(target, site string) (string, error) {
	root, err := resolve(site)
	if err != nil {
		return "", err
	}
	switch sameOrInside(root, target) {
	case "same":
		return "it is the site folder itself, which holds the sources", nil
	case "inside":
		return "it holds the site folder " + site, nil
	}
	for _, d := range source.Dirs {
		src := filepath.Join(root, d)
		if r, err := filepath.EvalSymlinks(src); err == nil {
			src = r
		} else {
			// Not there yet (a site using the theme's layouts and
			// static files): an output there would make the folder,
			// and the next build would read the output as sources.
			// target is resolved, and so is root: compare by name.
			switch {
			case target == src:
				return "it is the site's " + d + "/ folder", nil
			case strings.HasPrefix(target, src+string(filepath.Separator)):
				return "it lies inside the site's " + d + "/ folder", nil
			}
			continue
		}
		switch sameOrInside(target, src) {
		case "same":
			return "it is the site's " + d + "/ folder", nil
		case "inside":
			return "it lies inside the site's " + d + "/ folder", nil
		}
		if sameOrInside(src, target) != "" {
			return "it holds the site's " + d + "/ folder", nil
		}
	}
	return "", nil
}

// Within resolves every symbolic link in p, which need not exist yet, and
// reports where p leads and whether that is the folder dir or lies inside
// it, comparing folders by identity. A broken link on the way is a
// *Refusal.
func Within(p, dir string) (to string, inside bool, err error) {
	to, err = resolve(p)
	if err != nil {
		return "", false, err
	}
	return to, sameOrInside(to, dir) != "", nil
}

// sameOrInside reports whether p is the folder dir ("same"), lies inside
// it ("inside"), or neither (""), comparing each existing ancestor of p
// with dir by identity.
func sameOrInside(p, dir string) string {
	dst, err := os.Stat(dir)
	if err != nil {
		return ""
	}
	for q, first := p, true; ; q, first = filepath.Dir(q), false {
		if st, err := os.Stat(q); err == nil && os.SameFile(st, dst) {
			if first {
				return "same"
			}
			return "inside"
		}
		if filepath.Dir(q) == q {
			return ""
		}
	}
}

// resolve makes p absolute and resolves every symbolic link in it: the
// nearest existing ancestor through filepath.EvalSymlinks, the rest (not
// there yet) appended as it is.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", p, err)
	}
	var rest []string
	for q := abs; ; q = filepath.Dir(q) {
		r, err := filepath.EvalSymlinks(q)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if _, lerr := os.Lstat(q); lerr == nil {
			// There, but a link that leads nowhere (or a loop).
			return "", &Refusal{Path: p, Reason: "it is or passes through a broken symbolic link: " + q}
		}
		if filepath.Dir(q) == q {
			return "", fmt.Errorf("resolving %s: %w", p, err)
		}
		rest = append([]string{filepath.Base(q)}, rest...)
	}
}

// CheckKeep reports the first of names that cannot be a Keep entry: each
// must be one name at the top of the output folder.
func CheckKeep(names []string) error {
	_, err := keepNames(names)
	return err
}

// keepNames is DefaultKeep and the extra names, each a single top-level
// name.
func keepNames(extra []string) ([]string, error) {
	keep := slices.Clone(DefaultKeep)
	for _, k := range extra {
		if k == "" || k == "." || k == ".." || k == Marker || strings.ContainsAny(k, `/\`) || path.Clean(k) != k {
			return nil, fmt.Errorf("keep: %q is not one name at the top of the output folder", k)
		}
		if !slices.Contains(keep, k) {
			keep = append(keep, k)
		}
	}
	return keep, nil
}
