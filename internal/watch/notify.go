package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"

	"github.com/gloss-ssg/gloss/internal/source"
)

// inotify watches one folder, not a tree: the Watcher keeps a watch on
// every folder under the source folders, plus one on the site folder itself
// so that a source folder created later (static/ added to a site) is seen.

// errNoSpace is what inotify_add_watch returns when the user's watch limit
// is reached.
var errNoSpace = syscall.ENOSPC

// notifier is what the Watcher uses of an fsnotify.Watcher. Tests put a
// fake in its place (Options.notify) to drive the batching with made-up
// events under synctest's fake clock, where the kernel's events cannot
// reach.
type notifier interface {
	Add(name string) error
	Remove(name string) error
	Close() error
	WatchList() []string
	Events() <-chan fsnotify.Event
	Errors() <-chan error
}

// fsNotifier is the real notifier.
type fsNotifier struct{ w *fsnotify.Watcher }

func newFSNotifier() (notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return fsNotifier{w}, nil
}

func (n fsNotifier) Add(name string) error         { return n.w.Add(name) }
func (n fsNotifier) Remove(name string) error      { return n.w.Remove(name) }
func (n fsNotifier) Close() error                  { return n.w.Close() }
func (n fsNotifier) WatchList() []string           { return n.w.WatchList() }
func (n fsNotifier) Events() <-chan fsnotify.Event { return n.w.Events }
func (n fsNotifier) Errors() <-chan error          { return n.w.Errors }

// startNotify creates the event source and watches the site.
func (w *Watcher) startNotify() error {
	mk := w.opts.notify
	if mk == nil {
		mk = newFSNotifier
	}
	fsw, err := mk()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	w.fsw = fsw
	w.dirs = map[string]bool{}
	if err := w.watchAll(); err != nil {
		fsw.Close()
		w.fsw, w.dirs = nil, nil
		return err
	}
	return nil
}

// watchAll watches the site folder and every folder under its source
// folders.
func (w *Watcher) watchAll() error {
	if err := w.fsw.Add(w.site); err != nil {
		return fmt.Errorf("watch %s: %w", w.site, err)
	}
	var errs []error
	for _, d := range source.Dirs {
		abs := filepath.Join(w.site, d)
		st, err := os.Stat(abs) // a source folder may be a link
		if err != nil || !st.IsDir() {
			continue
		}
		errs = append(errs, w.addTree(abs, d, false))
	}
	return errors.Join(errs...)
}

// addTree watches the folder abs (site path rel) and every folder below
// it. The watch is added before the folder is read, so a file created in
// between is either read or reported by the watch. With report set, every
// path found is noted as created: the folder is new, and so is all in it.
func (w *Watcher) addTree(abs, rel string, report bool) error {
	if err := w.fsw.Add(abs); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // gone again: its removal is reported by the parent
		}
		if errors.Is(err, errNoSpace) {
			return fmt.Errorf("watch %s: %w (raise fs.inotify.max_user_watches, or poll)", rel, err)
		}
		return fmt.Errorf("watch %s: %w", rel, err)
	}
	w.dirs[abs] = true
	entries, err := os.ReadDir(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("watch %s: %w", rel, err)
	}
	var errs []error
	for _, e := range entries {
		crel := rel + "/" + e.Name()
		if source.Skipped(crel) {
			continue
		}
		if report {
			w.note(crel, created)
		}
		if e.IsDir() {
			errs = append(errs, w.addTree(filepath.Join(abs, e.Name()), crel, report))
		}
	}
	return errors.Join(errs...)
}

// dropTree forgets the watches of folder abs and everything below it. The
// kernel has already dropped them if the folder was deleted; a renamed
// folder keeps its watches under its old name, so they must go before the
// new name is watched.
func (w *Watcher) dropTree(abs string) {
	if !w.dirs[abs] {
		return // not a watched folder, so nothing below it is watched
	}
	prefix := abs + string(filepath.Separator)
	for d := range w.dirs {
		if d == abs || strings.HasPrefix(d, prefix) {
			_ = w.fsw.Remove(d) // ErrNonExistentWatch when the kernel dropped it
			delete(w.dirs, d)
		}
	}
}

// handle takes one fsnotify event and reports whether it was relevant.
func (w *Watcher) handle(ev fsnotify.Event) bool {
	rel, ok := w.rel(ev.Name)
	if !ok {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		w.note(rel, created)
		stat := os.Lstat
		if !strings.Contains(rel, "/") {
			stat = os.Stat // a source folder may be a link
		}
		if st, err := stat(ev.Name); err == nil && st.IsDir() {
			w.dropTree(ev.Name) // a folder replaced by another: old watches are stale
			if err := w.addTree(ev.Name, rel, true); err != nil {
				w.logf("%v", err)
			}
		}
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		w.note(rel, removed)
		w.dropTree(ev.Name)
	default: // Write, Chmod
		w.note(rel, changed)
	}
	return true
}

// resync rewatches the whole site after events were lost: folders may have
// come and gone unseen.
func (w *Watcher) resync() {
	if w.fsw == nil {
		w.snap = w.scan()
		return
	}
	for d := range w.dirs {
		_ = w.fsw.Remove(d)
		delete(w.dirs, d)
	}
	_ = w.fsw.Remove(w.site)
	if err := w.watchAll(); err != nil {
		w.logf("%v", err)
	}
}

// restart replaces an fsnotify watcher that stopped delivering events, or
// falls back to polling if a new one cannot be made; either way the next
// batch is Full.
func (w *Watcher) restart(reason string) {
	w.logf("watch: %s, restarting", reason)
	_ = w.fsw.Close()
	w.fsw, w.dirs = nil, nil
	if err := w.startNotify(); err != nil {
		w.logf("%v; polling every %v instead", err, w.opts.PollInterval)
		w.snap = w.scan()
	}
	w.pend.full = true
	clear(w.pend.paths)
	w.touch()
}
