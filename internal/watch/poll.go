package watch

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/source"
)

// Polling compares snapshots of the source folders: a path that appears,
// disappears, or changes size, modification time, mode or identity (a
// file renamed over another of the same size and time) is reported.
// A write within the file system's timestamp granularity after a walk that
// leaves the size unchanged cannot be seen; that is polling's limit.

// scan walks the source folders and records every path gloss reads.
func (w *Watcher) scan() map[string]fs.FileInfo {
	snap := map[string]fs.FileInfo{}
	for _, d := range source.Dirs {
		abs := filepath.Join(w.site, d)
		st, err := os.Stat(abs) // a source folder may be a link
		if err != nil || !st.IsDir() {
			continue
		}
		snap[d] = st
		walk(abs, d, snap)
	}
	return snap
}

func walk(abs, rel string, snap map[string]fs.FileInfo) {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return // gone since listed, or unreadable: the build reports that
	}
	for _, e := range entries {
		crel := rel + "/" + e.Name()
		if source.Skipped(crel) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since listed
		}
		snap[crel] = info
		if e.IsDir() {
			walk(filepath.Join(abs, e.Name()), crel, snap)
		}
	}
}

// poll takes a new snapshot, notes what differs from the last one and
// reports whether anything did.
func (w *Watcher) poll() bool {
	cur := w.scan()
	grew := false
	for p, n := range cur {
		o, ok := w.snap[p]
		switch {
		case !ok:
			w.note(p, created)
			grew = true
		case differs(o, n):
			w.note(p, changed)
			grew = true
		}
	}
	for p := range w.snap {
		if _, ok := cur[p]; !ok {
			w.note(p, removed)
			grew = true
		}
	}
	w.snap = cur
	return grew
}

// differs reports whether a path changed between two snapshots. A folder's
// own time changes with its entries, which are reported by themselves.
func differs(o, n fs.FileInfo) bool {
	if o.IsDir() != n.IsDir() || !os.SameFile(o, n) {
		return true
	}
	if n.IsDir() {
		return false
	}
	return !o.ModTime().Equal(n.ModTime()) || o.Size() != n.Size() || o.Mode() != n.Mode()
}
