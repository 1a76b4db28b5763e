// Package watch owns noticing that a site's sources changed on disk. It
// watches content/, layouts/ and static/ of a site directory recursively
// (with fsnotify, or by polling where a file system sends no events) and
// reports batches of changed paths relative to the site. It knows nothing
// about building: what a change means is for the caller to decide.
//
// Events are filtered and grouped before they are reported:
//
//   - Only paths under source.Dirs count; the site's own dotfiles, public/
//     and anything else at the top of the site are ignored, and so is any
//     path that source.Skipped leaves out (hidden files, editor swap files,
//     backups, safe-write temporaries; but not static/.well-known/ or
//     static/.nojekyll, which are published).
//   - New folders are watched as they appear and walked at once, so files
//     created in them before their watch existed are reported too. Watches
//     of removed or renamed folders are dropped.
//   - Events are batched: a batch closes when QuietWindow passes without a
//     new relevant event, or MaxWait after its first event. A path that
//     existed and is missing when the window closes holds the batch (up to
//     MaxWait), because rename-over saves remove the target an instant
//     before they recreate it; a path created and removed again within one
//     batch is no change and is left out.
//   - A batch with more than MaxBatch paths, an fsnotify overflow or error,
//     or a lost event stream is reported as Full: the caller should rescan
//     everything. The watcher resynchronises its own watches first, so
//     nothing that happens after a Full batch is missed.
//
// A batch the caller has not received yet absorbs later changes, so a busy
// caller never makes the watcher stop reading events.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gloss-ssg/gloss/internal/source"
)

// QuietWindow is how long a batch stays open after its last relevant event.
// Editors' saves (vim's rename-over: rename x→x~, create x, write, chmod,
// remove x~; atomic writers' write-temporary-then-rename) emit all their
// events within a millisecond or two, so 2 ms gathers a save into one
// batch. It is all waiting, on every edit (a tenth of edit-to-reload at
// 1,000 pages), so it is no longer: a save split in two anyway is still
// built once, as a batch that comes while a build runs cancels it, and
// a rename-over save half done holds its batch (see expire).
const QuietWindow = 2 * time.Millisecond

// MaxWait caps how long a batch stays open after its first event, so that a
// continuous stream of events (a long copy, a script saving in a loop)
// still yields a batch every tenth of a second instead of none.
const MaxWait = 100 * time.Millisecond

// MaxBatch is the most paths a batch names; a larger one (a branch switch,
// an unpacked archive) is reported as Full. Past a couple of hundred
// changed files an incremental rebuild of a 1,000-page site touches most
// of it anyway, and a full rebuild is the simpler, surely correct answer.
const MaxBatch = 200

// DefaultPollInterval is the polling period when Options.PollInterval is
// zero: a walk of a 1,000-page site takes a few milliseconds, so four walks
// a second cost little and a save shows within a quarter of a second.
const DefaultPollInterval = 250 * time.Millisecond

// Options tune a Watcher.
type Options struct {
	Poll         bool                             // poll the tree instead of using fsnotify (WSL /mnt, network mounts)
	PollInterval time.Duration                    // default DefaultPollInterval
	Logf         func(format string, args ...any) // messages such as "watch: event overflow, rescanning"; nil = silent

	// notify makes the event source instead of fsnotify.NewWatcher, for
	// tests that deliver made-up events under a fake clock.
	notify func() (notifier, error)
}

// Batch is one group of changes. A Full batch names no paths.
type Batch struct {
	Paths []string // changed paths relative to the site dir, slash-separated, sorted, deduplicated; files or folders, including deleted ones and files found inside new folders
	Full  bool     // rescan everything: event overflow, a watcher error, or more than MaxBatch paths
	// First is when the batch's first relevant event arrived and Closed
	// when the batch closed: what GLOSS_TRACE reports of the watcher.
	First, Closed time.Time
}

// Watcher reports batches of changes under a site directory.
type Watcher struct {
	site string // absolute, cleaned
	opts Options
	out  chan Batch
	done chan struct{} // closed by Close
	stop sync.Once
	exit chan struct{} // closed when run returns
	err  error         // from closing fsnotify, set by run before exit

	// Everything below belongs to the run goroutine once New returns.
	fsw    notifier        // nil when polling
	dirs   map[string]bool // absolute folders watched through fsw
	snap   map[string]fs.FileInfo
	pend   pending
	ready  *Batch // closed batch the caller has not received yet
	timer  *time.Timer
	due    time.Time    // when timer should fire
	ticker *time.Ticker // when polling
}

// pending is the batch being gathered.
type pending struct {
	first time.Time       // of its first relevant event; zero when empty
	paths map[string]kind // path → how it was first seen in this batch
	full  bool            // too many paths, or events were lost
	lost  bool            // events were lost: resync watches before reporting
	held  bool            // the last window closed on a half-done save
}

type kind uint8

const (
	changed kind = iota // written, or its attributes changed
	created             // first seen being created in this batch
	removed             // first seen being removed or renamed away
)

// New starts watching siteDir. The folders it watches are in place when it
// returns: any change after that is reported.
func New(siteDir string, opts Options) (*Watcher, error) {
	abs, err := filepath.Abs(siteDir)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", siteDir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("watch %s: not a folder", siteDir)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	w := &Watcher{
		site:  abs,
		opts:  opts,
		out:   make(chan Batch),
		done:  make(chan struct{}),
		exit:  make(chan struct{}),
		timer: time.NewTimer(time.Hour),
	}
	w.timer.Stop()
	w.pend.reset()
	if opts.Poll {
		w.snap = w.scan()
	} else if err := w.startNotify(); err != nil {
		return nil, err
	}
	go w.run()
	return w, nil
}

// Batches delivers the batches; it is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Close stops watching: every goroutine has ended, the Batches channel is
// closed and every watch released when it returns. Closing twice is safe.
func (w *Watcher) Close() error {
	w.stop.Do(func() { close(w.done) })
	<-w.exit
	return w.err
}

func (w *Watcher) logf(format string, args ...any) {
	if w.opts.Logf != nil {
		w.opts.Logf(format, args...)
	}
}

// run is the one goroutine that owns the watcher's state.
func (w *Watcher) run() {
	defer close(w.exit)
	defer close(w.out)
	defer w.timer.Stop()
	defer func() {
		if w.fsw != nil {
			if err := w.fsw.Close(); err != nil {
				w.err = fmt.Errorf("watch: closing: %w", err)
			}
		}
	}()

	var tick <-chan time.Time
	if w.fsw == nil {
		w.ticker = time.NewTicker(w.opts.PollInterval)
		tick = w.ticker.C
	}
	defer func() {
		if w.ticker != nil {
			w.ticker.Stop()
		}
	}()
	for {
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.fsw != nil {
			events, errs = w.fsw.Events(), w.fsw.Errors()
		}
		var out chan<- Batch
		var next Batch
		if w.ready != nil {
			out, next = w.out, *w.ready
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				tick = w.lostStream(tick)
				continue
			}
			if w.handle(ev) {
				w.touch()
			}
		case err, ok := <-errs:
			if !ok {
				tick = w.lostStream(tick)
				continue
			}
			w.fail(err)
		case <-tick:
			if w.poll() {
				w.touch()
			}
		case <-w.timer.C:
			w.expire()
		case out <- next:
			w.ready = nil
		}
	}
}

// lostStream restarts fsnotify after its channels closed under us, and
// starts polling if it had to fall back to that.
func (w *Watcher) lostStream(tick <-chan time.Time) <-chan time.Time {
	w.restart("event stream closed")
	if w.fsw != nil || tick != nil {
		return tick
	}
	w.ticker = time.NewTicker(w.opts.PollInterval)
	return w.ticker.C
}

// fail records an fsnotify error: events may have been lost, so the batch
// becomes Full and watches are resynchronised before it is reported.
func (w *Watcher) fail(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.logf("watch: event overflow, rescanning")
	} else {
		w.logf("watch: %v, rescanning", err)
	}
	w.pend.full, w.pend.lost = true, true
	w.touch()
}

// note adds a site path to the pending batch; k is kept only if the path
// is new to the batch.
func (w *Watcher) note(rel string, k kind) {
	p := &w.pend
	if p.full {
		return
	}
	if _, ok := p.paths[rel]; ok {
		return
	}
	if len(p.paths) >= MaxBatch {
		p.full = true
		clear(p.paths)
		return
	}
	p.paths[rel] = k
}

// touch (re)arms the batch timer after a relevant event.
func (w *Watcher) touch() {
	now := time.Now()
	if w.pend.first.IsZero() {
		w.pend.first = now
	}
	w.arm(now)
}

func (w *Watcher) arm(now time.Time) {
	d := QuietWindow
	if left := w.pend.first.Add(MaxWait).Sub(now); left < d {
		d = max(left, 0)
	}
	w.due = now.Add(d)
	w.timer.Reset(d)
}

// expire runs when the batch timer fires: it closes the batch unless
// events are still arriving or a rename-over save is half done.
func (w *Watcher) expire() {
	if w.pend.first.IsZero() {
		return
	}
	now := time.Now()
	capped := now.Sub(w.pend.first) >= MaxWait
	if !capped {
		// Events that arrived while the timer fired belong to this batch.
		if w.drain() {
			w.arm(now)
			return
		}
		if now.Sub(w.due) > QuietWindow {
			// The timer fired late: the process was starved, and events
			// may be waiting unread in the kernel. Look once more.
			w.arm(now)
			return
		}
		if w.halfSaved() {
			w.pend.held = true
			w.arm(now)
			return
		}
		if w.pend.held {
			// The target is back, but the events of its creation may
			// still be on their way: give them one more window.
			w.pend.held = false
			w.arm(now)
			return
		}
	}
	w.emit()
}

// drain takes the events already waiting, without blocking, and reports
// whether any was relevant.
func (w *Watcher) drain() bool {
	if w.fsw == nil {
		return w.poll()
	}
	grew := false
	for range 64 {
		select {
		case ev, ok := <-w.fsw.Events():
			if !ok {
				return grew
			}
			if w.handle(ev) {
				grew = true
			}
		case err, ok := <-w.fsw.Errors():
			if !ok {
				return grew
			}
			w.fail(err)
			grew = true
		default:
			return grew
		}
	}
	return grew
}

// halfSaved reports whether a path that existed before this batch is
// missing now: rename-over saves move the target away an instant before
// they create it again, and a batch closed in between would report a
// deletion followed by a creation.
func (w *Watcher) halfSaved() bool {
	if w.pend.full {
		return false
	}
	for rel, k := range w.pend.paths {
		if k == removed && !w.exists(rel) {
			return true
		}
	}
	return false
}

func (w *Watcher) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(w.site, filepath.FromSlash(rel)))
	return err == nil
}

// emit ends the pending batch and queues it for the caller.
func (w *Watcher) emit() {
	p := &w.pend
	if p.lost {
		w.resync()
	}
	b := Batch{Full: p.full, First: p.first, Closed: time.Now()}
	if !b.Full {
		for rel, k := range p.paths {
			if k == created && !w.exists(rel) {
				continue // came and went within the batch: no change
			}
			b.Paths = append(b.Paths, rel)
		}
		sort.Strings(b.Paths)
	}
	p.reset()
	if !b.Full && len(b.Paths) == 0 {
		return
	}
	if w.ready == nil {
		w.ready = &b
		return
	}
	w.ready = merge(*w.ready, b)
}

func (p *pending) reset() {
	p.first = time.Time{}
	p.full, p.lost, p.held = false, false, false
	if p.paths == nil {
		p.paths = map[string]kind{}
	}
	clear(p.paths)
}

// merge joins two batches the caller has not received yet.
func merge(a, b Batch) *Batch {
	first, closed := a.First, b.Closed // a came first
	if a.Full || b.Full {
		return &Batch{Full: true, First: first, Closed: closed}
	}
	paths := append(a.Paths, b.Paths...)
	sort.Strings(paths)
	out := paths[:0]
	for i, p := range paths {
		if i == 0 || p != paths[i-1] {
			out = append(out, p)
		}
	}
	if len(out) > MaxBatch {
		return &Batch{Full: true, First: first, Closed: closed}
	}
	return &Batch{Paths: out, First: first, Closed: closed}
}

// rel turns an absolute path into a site path, and reports whether it is
// one gloss reads: under one of source.Dirs, and not one source.Skipped
// leaves out (so static/.well-known/ is watched, as it is published).
func (w *Watcher) rel(abs string) (string, bool) {
	r, ok := strings.CutPrefix(abs, w.site+string(filepath.Separator))
	if !ok {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if !isSourceDir(top) {
		return "", false
	}
	if strings.Contains(r, "//") || strings.HasSuffix(r, "/") || source.Skipped(r) {
		return "", false
	}
	return r, true
}

func isSourceDir(top string) bool {
	for _, d := range source.Dirs {
		if top == d {
			return true
		}
	}
	return false
}
