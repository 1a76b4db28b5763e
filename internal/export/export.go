// Package export owns putting a build on disk, the output folder (Write)
// or the offline zip as a file of its own (WriteFile), and deciding where
// gloss may write at all (CheckDir, CheckFile).
//
// Files are written to a temporary folder beside the destination and
// swapped into place only when all of them are written (atomically where
// the system can exchange two folders), so a reader (or a web server)
// never sees a half-written site and a failed write leaves the previous
// output as it was.
//
// gloss never deletes what it did not make: it replaces an output folder
// only when the folder is absent, empty, or holds the Marker file gloss
// writes into every output and no file but those the marker lists, each
// as gloss wrote it, unless Options.Force says otherwise; an
// output that is, holds or lies inside the site's sources is refused
// whatever Force says; the Keep entries (.git, CNAME, .nojekyll by
// default) are carried over into each new output; and a zip is written
// over an existing file only when that file is a zip gloss wrote.
// Temporary folders that a killed build left behind are removed on the
// next write, but only those carrying the Marker.
package export

import (
	"cmp"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/parallel"
)

// WriteDir is Write with no site to protect, no Force and the default
// Keep list.
func WriteDir(res *build.Result, dir string) error {
	return Write(res, dir, Options{})
}

// Write writes every file of res into dir, replacing what was there, once
// CheckDir allows it (its refusal is returned as it is). The Keep entries
// of the previous output are moved into the new one, unless the build
// itself writes a file of that name: then the one there is replaced if
// gloss wrote it or it has the same bytes, and refused otherwise.
func Write(res *build.Result, dir string, opt Options) (err error) {
	target, list, err := checkDir(dir, opt)
	if err != nil {
		return err
	}
	keep, _ := keepNames(opt.Keep) // checkDir validated them
	if clash, err := keptClash(target, keep, list, res); err != nil {
		return err
	} else if clash != "" {
		top, _, _ := strings.Cut(clash, "/")
		return &Refusal{Path: dir, Reason: fmt.Sprintf("it holds %s, which the site's keep: list keeps there "+
			"and the build writes too, from other bytes", clash),
			Hint: "take " + top + " out of keep:, or out of the site's static/ folder"}
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	if err := cleanLeftovers(target, keep); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".new-*")
	if err != nil {
		return fmt.Errorf("creating temporary folder: %w", err)
	}
	var carried []string
	defer func() {
		if err != nil && tmp != "" {
			putBack(tmp, target, carried)
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("creating temporary folder: %w", err)
	}
	// The marker's header goes first: a build killed while writing leaves
	// a folder that the next one knows it may remove. Its list goes last,
	// so that the marker is no older than any file it lists (strays).
	marker := filepath.Join(tmp, Marker)
	if err := os.WriteFile(marker, []byte(markerHeader), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", Marker, err)
	}
	paths := res.Paths()
	written, err := writeAll(res, paths, tmp)
	if err != nil {
		return err
	}
	if err := os.WriteFile(marker, markerText(paths, written), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", Marker, err)
	}
	if carried, err = carry(target, tmp, keep); err != nil {
		return err
	}
	old, err := place(tmp, target)
	if err != nil {
		return err
	}
	carried, tmp = nil, "" // placed: nothing to undo
	if old == "" {
		return nil
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("removing old output: %w", err)
	}
	return nil
}

// carry moves the kept entries of the old output into the new one, and
// returns the names it moved. An entry the build wrote itself is left in
// the old output, which is then removed with it.
func carry(old, tmp string, keep []string) ([]string, error) {
	var moved []string
	for _, k := range keep {
		if _, err := os.Lstat(filepath.Join(old, k)); err != nil {
			continue
		}
		if _, err := os.Lstat(filepath.Join(tmp, k)); err == nil {
			continue
		}
		if err := os.Rename(filepath.Join(old, k), filepath.Join(tmp, k)); err != nil {
			putBack(tmp, old, moved)
			return nil, fmt.Errorf("keeping %s: %w", k, err)
		}
		moved = append(moved, k)
	}
	return moved, nil
}

// putBack returns carried entries from the new output to the old one,
// after a failed write.
func putBack(tmp, old string, names []string) {
	for _, k := range names {
		os.Rename(filepath.Join(tmp, k), filepath.Join(old, k))
	}
}

// cleanLeftovers removes the temporary folders of earlier writes to dir
// that were killed: the ".NAME.new-*" and ".NAME.old-*" siblings holding
// the Marker. Nothing else is touched. When dir itself is missing (a
// kill between the two renames of the fallback swap), the newest old
// output is put back first; kept entries a leftover still holds are moved
// into dir when dir lacks them, and a leftover is left alone when it
// holds one dir has too.
func cleanLeftovers(dir string, keep []string) error {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("reading %s: %w", parent, err)
	}
	var leftovers, olds []string
	for _, e := range entries {
		name := e.Name()
		isNew, isOld := strings.HasPrefix(name, "."+base+".new-"), strings.HasPrefix(name, "."+base+".old-")
		if !e.IsDir() || !isNew && !isOld {
			continue
		}
		p := filepath.Join(parent, name)
		if st, err := os.Lstat(filepath.Join(p, Marker)); err != nil || !st.Mode().IsRegular() {
			continue
		}
		leftovers = append(leftovers, p)
		if isOld {
			olds = append(olds, p)
		}
	}
	if len(leftovers) == 0 {
		return nil
	}
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		newest := olds[0]
		for _, o := range olds[1:] {
			if modTime(o) > modTime(newest) {
				newest = o
			}
		}
		if err := os.Rename(newest, dir); err != nil {
			return fmt.Errorf("restoring the previous output: %w", err)
		}
		leftovers = slices.DeleteFunc(leftovers, func(p string) bool { return p == newest })
	}
	_, dirErr := os.Lstat(dir)
	for _, p := range leftovers {
		holds := false
		for _, k := range keep {
			if _, err := os.Lstat(filepath.Join(p, k)); err != nil {
				continue
			}
			if dirErr == nil {
				if _, err := os.Lstat(filepath.Join(dir, k)); errors.Is(err, fs.ErrNotExist) &&
					os.Rename(filepath.Join(p, k), filepath.Join(dir, k)) == nil {
					continue
				}
			}
			holds = true
		}
		if holds {
			continue // the only copy of something kept: not ours to delete
		}
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("removing a leftover of an interrupted build: %w", err)
		}
	}
	return nil
}

// exchange and rename are variables so that tests can take the fallback
// path and make it fail.
var (
	exchange = exchangeFolders
	rename   = os.Rename
)

// Unmarked lists the ".NAME.new-*" and ".NAME.old-*" folders beside the
// output dir that cleanLeftovers leaves because they lack the Marker:
// leftovers of killed builds of a gloss from before the marker, of a
// build forced over a foreign folder, or someone else's. They are for
// the user to judge.
func Unmarked(dir string) []string {
	target, err := resolve(dir)
	if err != nil {
		return nil
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, _ := os.ReadDir(parent)
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "."+base+".new-") && !strings.HasPrefix(name, "."+base+".old-") {
			continue
		}
		if st, err := os.Lstat(filepath.Join(parent, name, Marker)); err != nil || !st.Mode().IsRegular() {
			out = append(out, filepath.Join(parent, name))
		}
	}
	return out
}

func modTime(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.ModTime().UnixNano()
}

// writeAll writes the files at paths (res.Paths) with a few goroutines
// (file creation, not bytes, is the cost on most file systems), and
// returns the size and checksum of each, for the marker.
func writeAll(res *build.Result, paths []string, root string) ([]listed, error) {
	// At least two writers even on one core: writing waits on the disk.
	workers := max(2, runtime.GOMAXPROCS(0))
	if err := makeDirs(root, paths, workers); err != nil {
		return nil, err
	}
	var (
		mu       sync.Mutex
		firstErr error
		written  = make([]listed, len(paths))
	)
	parallel.Run(workers, len(paths), func() func(int) {
		return func(i int) {
			p := paths[i]
			var err error
			if pieced, ok := res.Pieced[p]; ok {
				written[i], err = writePieced(filepath.Join(root, filepath.FromSlash(p)), pieced)
			} else {
				written[i] = listed{size: int64(len(res.Files[p])), sum: checksum(res.Files[p])}
				err = os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), res.Files[p], 0o644)
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("writing %s: %w", p, err)
				}
				mu.Unlock()
			}
		}
	})
	return written, firstErr
}

// makeDirs creates under root, an empty folder, the folders that the
// files at paths go in, with their parents. Each is one mkdir, made after
// its parent and beside the others of its depth on workers goroutines:
// os.MkdirAll for each folder in turn (a stat, then a mkdir) took 0.1 s
// of one core for the 10,000 folders of a 10,000-page site.
func makeDirs(root string, paths []string, workers int) error {
	seen := map[string]bool{}
	var byDepth [][]string
	for _, p := range paths {
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			depth := strings.Count(d, "/")
			for len(byDepth) <= depth {
				byDepth = append(byDepth, nil)
			}
			byDepth[depth] = append(byDepth[depth], d)
		}
	}
	for _, dirs := range byDepth {
		errs := make([]error, len(dirs))
		parallel.Run(workers, len(dirs), func() func(int) {
			return func(i int) {
				d := filepath.Join(root, filepath.FromSlash(dirs[i]))
				err := os.Mkdir(d, 0o755)
				if errors.Is(err, fs.ErrExist) {
					// As os.MkdirAll: a folder that is there will do, a
					// file in its place will not.
					if info, serr := os.Stat(d); serr == nil && info.IsDir() {
						err = nil
					}
				}
				if err != nil {
					errs[i] = fmt.Errorf("creating %s: %w", d, err)
				}
			}
		})
		if err := cmp.Or(errs...); err != nil {
			return err
		}
	}
	return nil
}

// writePieced writes a file held as pieces to name, and returns its
// size and checksum.
func writePieced(name string, pieced build.Pieced) (listed, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return listed{}, err
	}
	sum := crc32.New(castagnoli)
	n, err := pieced.WriteTo(io.MultiWriter(f, sum))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return listed{size: n, sum: sum.Sum32()}, err
}

// place moves the new folder tmp to dir, and returns where the old
// output now is, for the caller to remove ("" if there was none). On an
// error, tmp and dir are as they were. Where the system can, the two
// folders trade places in one step (exchange), so there is always an
// output; elsewhere the old output is moved aside and the new one moved
// in, and a kill between the two leaves the old one for cleanLeftovers
// to put back.
func place(tmp, dir string) (string, error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return "", fmt.Errorf("moving new output into place: %w", err)
		}
		return "", nil
	}
	if exchange(tmp, dir) == nil {
		return tmp, nil // tmp now holds the old output
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-*")
	if err != nil {
		return "", fmt.Errorf("moving old output aside: %w", err)
	}
	os.Remove(old)
	if err := os.Rename(dir, old); err != nil {
		return "", fmt.Errorf("moving old output aside: %w", err)
	}
	if err := rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the previous output back
		return "", fmt.Errorf("moving new output into place: %w", err)
	}
	return old, nil
}
