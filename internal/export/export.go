// Package export owns putting a build Result on disk. Files are written to
// a temporary folder beside the destination and swapped into place only
// when all of them are written, so a reader (or a web server) never sees a
// half-written site and a failed write leaves the previous output as it
// was.
package export

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/gloss-ssg/gloss/internal/build"
)

// WriteDir writes every file of res into dir, replacing what was there.
func WriteDir(res *build.Result, dir string) (err error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-*")
	if err != nil {
		return fmt.Errorf("creating temporary folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeAll(res, tmp); err != nil {
		return err
	}
	return swap(tmp, dir)
}

// writeAll writes the files with a few goroutines: file creation, not
// bytes, is the cost on most file systems.
func writeAll(res *build.Result, root string) error {
	paths := res.Paths()
	dirs := map[string]bool{}
	for _, p := range paths {
		d := filepath.Dir(filepath.Join(root, filepath.FromSlash(p)))
		if !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("creating %s: %w", d, err)
			}
			dirs[d] = true
		}
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		work     = make(chan string)
	)
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for p := range work {
				if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), res.Files[p], 0o644); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("writing %s: %w", p, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	return firstErr
}

// swap moves the new folder into place. A folder cannot be renamed over a
// non-empty one, so the old output is first moved aside, then removed.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-*")
		if err != nil {
			return fmt.Errorf("moving old output aside: %w", err)
		}
		os.Remove(o)
		if err := os.Rename(dir, o); err != nil {
			return fmt.Errorf("moving old output aside: %w", err)
		}
		old = o
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the previous output back
		}
		return fmt.Errorf("moving new output into place: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("removing old output: %w", err)
		}
	}
	return nil
}
