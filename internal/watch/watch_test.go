package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gloss-ssg/gloss/internal/source"
)

// These tests use real fsnotify (or real polling) in temporary folders;
// batch_test.go drives the batching with made-up events under a fake
// clock. They wait generously for a batch but assert exactly what it holds.
// A test never waits for quiet on the real clock: settle writes a sentinel
// file after the changes and takes batches up to the one naming it.
const (
	patience = 10 * time.Second
	quiet    = 3*MaxWait + 50*time.Millisecond // only under synctest's fake clock
	sentinel = "content/zz-settle.md"
)

// site makes a site folder with content/x.md and layouts/base.html; more
// files are given as path, content pairs.
func site(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	files = append([]string{"content/x.md", "# x\n", "layouts/base.html", "<html>"}, files...)
	for i := 0; i < len(files); i += 2 {
		write(t, dir, files[i], files[i+1])
	}
	return dir
}

func write(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// logs collects a watcher's messages.
type logs struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logs) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, fmt.Sprintf(format, args...))
}

func (l *logs) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.msgs, "\n")
}

func start(t *testing.T, dir string, opts Options) *Watcher {
	t.Helper()
	w, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	})
	return w
}

// next waits for one batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b, ok := <-w.Batches():
		if !ok {
			t.Fatal("Batches closed")
		}
		return b
	case <-time.After(patience):
		t.Fatalf("no batch within %v", patience)
	}
	panic("unreachable")
}

// settle returns the batches the changes made so far give, with the
// sentinel left out (and a batch that named only the sentinel dropped).
// With real events (fsnotify or polling) it writes the sentinel and takes
// batches up to the one naming it: events come in order, so every earlier
// change has been batched by then; a change that gave no batch gave none.
// A fake notifier sees no file, so with one the test waits for quiet,
// which costs nothing under synctest's fake clock.
func settle(t *testing.T, w *Watcher) []Batch {
	t.Helper()
	if w.opts.notify != nil {
		bs := []Batch{next(t, w)}
		for {
			select {
			case b, ok := <-w.Batches():
				if !ok {
					t.Fatal("Batches closed")
				}
				bs = append(bs, b)
			case <-time.After(quiet):
				return bs
			}
		}
	}
	// Each write makes the sentinel longer, so that polling sees it change
	// even within the file system's timestamp granularity.
	write(t, w.site, sentinel, strings.Repeat(".", int(settled.Add(1))))
	var bs []Batch
	for {
		b := next(t, w)
		if b.Full {
			return append(bs, b) // the sentinel is in it, or lost with the rest
		}
		seen := slices.Contains(b.Paths, sentinel)
		b.Paths = slices.DeleteFunc(slices.Clone(b.Paths), func(p string) bool { return p == sentinel })
		if len(b.Paths) > 0 {
			bs = append(bs, b)
		}
		if seen {
			return bs
		}
	}
}

// settled counts the sentinel's writes.
var settled atomic.Int64

// none checks that no batch comes.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	if w.opts.notify != nil {
		select {
		case b := <-w.Batches():
			t.Fatalf("unexpected batch %+v", b)
		case <-time.After(quiet):
		}
		return
	}
	if bs := settle(t, w); len(bs) > 0 {
		t.Fatalf("unexpected batches %+v", bs)
	}
}

// union is every path of the batches, which must not be Full.
func union(t *testing.T, bs []Batch) []string {
	t.Helper()
	var all []string
	for _, b := range bs {
		if b.Full {
			t.Fatalf("unexpected Full batch in %+v", bs)
		}
		if !slices.IsSorted(b.Paths) || len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
			t.Fatalf("paths not sorted and unique: %q", b.Paths)
		}
		all = append(all, b.Paths...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func expect(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
}

// expectPaths checks that the batches that come name exactly want.
func expectPaths(t *testing.T, w *Watcher, what string, want ...string) {
	t.Helper()
	expect(t, what, union(t, settle(t, w)), want...)
}

// once checks that a save gives exactly one batch, naming want. save
// returns how long its steps took that QuietWindow must cover (the hold on
// a missing target covers the rest). Steps further apart than that may
// rightly give two batches, so a save the machine stalled in is not
// judged but tried again.
func once(t *testing.T, w *Watcher, what string, save func() time.Duration, want ...string) {
	t.Helper()
	for range 5 {
		d := save()
		bs := settle(t, w)
		expect(t, what, union(t, bs), want...)
		if d >= QuietWindow {
			t.Logf("%s: steps took %v, longer than QuietWindow; trying again", what, d)
			continue
		}
		if len(bs) != 1 {
			t.Fatalf("%s: got %d batches %+v, want one", what, len(bs), bs)
		}
		return
	}
	t.Fatalf("%s: the machine stalled every save", what)
}

// until takes batches until one names path.
func until(t *testing.T, w *Watcher, path string) {
	t.Helper()
	for {
		b := next(t, w)
		if b.Full {
			t.Fatalf("unexpected Full batch waiting for %s", path)
		}
		if slices.Contains(b.Paths, path) {
			return
		}
	}
}

// watched is the folders fsnotify watches, relative to dir.
func watched(t *testing.T, w *Watcher, dir string) []string {
	t.Helper()
	var out []string
	for _, p := range w.fsw.WatchList() {
		r, err := filepath.Rel(dir, p)
		must(t, err)
		out = append(out, filepath.ToSlash(r))
	}
	slices.Sort(out)
	return out
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("New of a missing folder: no error")
	}
	f := filepath.Join(dir, "file")
	must(t, os.WriteFile(f, nil, 0o644))
	if _, err := New(f, Options{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("New of a file: got %v", err)
	}
	// A site with no source folders yet is watched: they may come.
	w := start(t, dir, Options{})
	write(t, dir, "content/x.md", "x")
	expectPaths(t, w, "first folder", "content", "content/x.md")
}

func TestEdit(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	write(t, dir, "content/x.md", "# x edited\n")
	expectPaths(t, w, "edit", "content/x.md")
	write(t, dir, "layouts/base.html", "<html lang=en>")
	expectPaths(t, w, "layout edit", "layouts/base.html")
	must(t, os.Remove(filepath.Join(dir, "content/x.md")))
	expectPaths(t, w, "delete", "content/x.md")
}

func TestNewFolders(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	// Each file is written right after its mkdir -p, racing the watches;
	// twenty folders make twenty races.
	var made, edited []string
	for i := range 20 {
		a := fmt.Sprintf("content/a%02d", i)
		c := filepath.Join(dir, a, "b", "c")
		must(t, os.MkdirAll(c, 0o755))
		must(t, os.WriteFile(filepath.Join(c, "x.md"), []byte("x"), 0o644))
		made = append(made, a, a+"/b", a+"/b/c", a+"/b/c/x.md")
		edited = append(edited, a+"/b/c/x.md", a+"/b/c/y.md")
	}
	expect(t, "mkdir -p then write", union(t, settle(t, w)), made...)

	for i := range 20 {
		c := filepath.Join(dir, fmt.Sprintf("content/a%02d/b/c", i))
		must(t, os.WriteFile(filepath.Join(c, "x.md"), []byte("x edited"), 0o644))
		must(t, os.WriteFile(filepath.Join(c, "y.md"), []byte("y"), 0o644))
	}
	expect(t, "edits in new folders", union(t, settle(t, w)), edited...)
}

// vimSave saves x the way vim does with 'backupcopy' off: probe with 4913,
// rename x to x~, write a new x, remove x~. It returns how long the
// writing of the new x took: the rename's gap is covered by the hold on a
// missing target.
func vimSave(t *testing.T, x, data string, pause time.Duration) time.Duration {
	t.Helper()
	probe := filepath.Join(filepath.Dir(x), "4913")
	must(t, os.WriteFile(probe, nil, 0o644))
	must(t, os.Remove(probe))
	must(t, os.Rename(x, x+"~"))
	time.Sleep(pause)
	began := time.Now()
	must(t, os.WriteFile(x, []byte(data), 0o644))
	must(t, os.Chmod(x, 0o644))
	took := time.Since(began)
	must(t, os.Remove(x+"~"))
	return took
}

func TestVimSave(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	x := filepath.Join(dir, "content", "x.md")
	once(t, w, "vim save", func() time.Duration {
		return vimSave(t, x, "# x by vim\n", 0)
	}, "content/x.md")
	for i := range 3 {
		must(t, os.WriteFile(x, []byte(fmt.Sprintf("# x save %d\n", i)), 0o644))
		expectPaths(t, w, "save after vim save", "content/x.md")
	}
	once(t, w, "second vim save", func() time.Duration {
		return vimSave(t, x, "# x by vim again\n", 0)
	}, "content/x.md")
}

func TestAtomicWriters(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	x := filepath.Join(dir, "content", "x.md")
	for _, tmp := range []string{
		".x.md.1234",            // renameio and most atomic writers
		"x.md___jb_tmp___",      // JetBrains
		".goutputstream-4XK2Q1", // GTK
		"x.md.tmp",              // generic
		"sedAb12Cd",             // sed -i: not ignorable, but created and gone within the batch
	} {
		once(t, w, "rename "+tmp+" over x.md", func() time.Duration {
			// Only the rename counts, unless the temporary is seen too.
			p := filepath.Join(dir, "content", tmp)
			began := time.Now()
			must(t, os.WriteFile(p, []byte("# via "+tmp+"\n"), 0o644))
			if source.Ignored(tmp) {
				began = time.Now()
			}
			must(t, os.Rename(p, x))
			return time.Since(began)
		}, "content/x.md")
	}
}

func TestIgnoredPaths(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	for _, rel := range []string{
		"public/index.html", // gloss build output
		".gitignore",        // the site's own dotfiles
		"go.mod",            // anything else at the top
		".git/index",
		"content/.x.md.swp",
		"content/.x.md.swx",
		"content/x.md.swp",
		"content/4913",
		"content/x.md~",
		"content/.#x.md",
		"content/#x.md#",
		"content/x.md___jb_tmp___",
		"content/x.md___jb_old___",
		"content/.DS_Store",
		"content/.goutputstream-4XK2Q1",
		"content/x.md.tmp",
		"content/.hidden/page.md",
		"layouts/.base.html.swp",
		"static/.DS_Store", // static/ is created by this: static itself is reported below
	} {
		write(t, dir, rel, "ignored")
	}
	bs := settle(t, w)
	expect(t, "ignored files", union(t, bs), "static")
	must(t, os.WriteFile(filepath.Join(dir, "content/.hidden/page.md"), []byte("again"), 0o644))
	must(t, os.RemoveAll(filepath.Join(dir, "public")))
	none(t, w)
	write(t, dir, "content/x.md", "# x\n")
	expectPaths(t, w, "edit after ignored files", "content/x.md")
}

// TestPublishedHiddenPaths: the hidden static files gloss publishes
// (static/.well-known/…, static/.nojekyll) are watched like any other.
func TestPublishedHiddenPaths(t *testing.T) {
	dir := site(t)
	must(t, os.MkdirAll(filepath.Join(dir, "static"), 0o755))
	w := start(t, dir, Options{})
	write(t, dir, "static/.nojekyll", "")
	expectPaths(t, w, ".nojekyll", "static/.nojekyll")
	write(t, dir, "static/.well-known/security.txt", "Contact: mailto:a@example.org\n")
	bs := settle(t, w)
	expect(t, ".well-known", union(t, bs), "static/.well-known", "static/.well-known/security.txt")
}

func TestSourceFolderAppears(t *testing.T) {
	dir := site(t)
	w := start(t, dir, Options{})
	write(t, dir, "static/css/site.css", "body{}")
	expect(t, "static created", union(t, settle(t, w)), "static", "static/css", "static/css/site.css")
	write(t, dir, "static/css/site.css", "body{color:red}")
	expectPaths(t, w, "edit in new static", "static/css/site.css")

	must(t, os.RemoveAll(filepath.Join(dir, "static")))
	expect(t, "static removed", union(t, settle(t, w)), "static", "static/css", "static/css/site.css")
	expect(t, "watches after removing static", watched(t, w, dir),
		".", "content", "layouts")

	write(t, dir, "static/site.js", "1")
	expect(t, "static again", union(t, settle(t, w)), "static", "static/site.js")
	write(t, dir, "static/site.js", "2")
	expectPaths(t, w, "edit in static again", "static/site.js")
}

func TestFolderDeleted(t *testing.T) {
	dir := site(t, "content/sec/a.md", "a", "content/sec/sub/b.md", "b")
	w := start(t, dir, Options{})
	must(t, os.RemoveAll(filepath.Join(dir, "content/sec")))
	expectPaths(t, w, "rm -rf", "content/sec", "content/sec/a.md", "content/sec/sub", "content/sec/sub/b.md")
	expect(t, "watches", watched(t, w, dir), ".", "content", "layouts")
	write(t, dir, "content/sec/sub/b.md", "b again")
	expect(t, "recreated", union(t, settle(t, w)), "content/sec", "content/sec/sub", "content/sec/sub/b.md")
	write(t, dir, "content/sec/sub/b.md", "b edited")
	expectPaths(t, w, "edit in recreated", "content/sec/sub/b.md")
}

func TestFolderRenamed(t *testing.T) {
	dir := site(t, "content/old/sub/c.md", "c")
	w := start(t, dir, Options{})
	must(t, os.Rename(filepath.Join(dir, "content/old"), filepath.Join(dir, "content/new")))
	expect(t, "renamed", union(t, settle(t, w)), "content/new", "content/new/sub", "content/new/sub/c.md", "content/old")
	expect(t, "watches", watched(t, w, dir), ".", "content", "content/new", "content/new/sub", "layouts")
	write(t, dir, "content/new/sub/c.md", "c edited")
	expectPaths(t, w, "edit in renamed folder", "content/new/sub/c.md")

	// Out of the tree and back in.
	out := filepath.Join(dir, "attic")
	must(t, os.Rename(filepath.Join(dir, "content/new"), out))
	expect(t, "moved out", union(t, settle(t, w)), "content/new")
	expect(t, "watches", watched(t, w, dir), ".", "content", "layouts")
	write(t, dir, "attic/sub/c.md", "not watched")
	none(t, w)
	must(t, os.Rename(out, filepath.Join(dir, "layouts/partials")))
	expect(t, "moved in", union(t, settle(t, w)), "layouts/partials", "layouts/partials/sub", "layouts/partials/sub/c.md")
	write(t, dir, "layouts/partials/sub/c.md", "c edited again")
	expectPaths(t, w, "edit in moved-in folder", "layouts/partials/sub/c.md")
}

func TestFolderReplaced(t *testing.T) {
	dir := site(t, "content/rep/a.md", "a", "content/empty/.keep", "")
	w := start(t, dir, Options{})

	// Deleted and made again at once.
	rep := filepath.Join(dir, "content/rep")
	must(t, os.RemoveAll(rep))
	write(t, dir, "content/rep/z.md", "z")
	expect(t, "replaced", union(t, settle(t, w)), "content/rep", "content/rep/a.md", "content/rep/z.md")
	write(t, dir, "content/rep/z.md", "z edited")
	expectPaths(t, w, "edit in replaced folder", "content/rep/z.md")

	// Renamed over an empty folder.
	write(t, dir, "content/staged/f.md", "f")
	settle(t, w)
	must(t, os.Remove(filepath.Join(dir, "content/empty/.keep")))
	// os.Rename refuses to replace a folder; rename(2) does it.
	must(t, syscall.Rename(filepath.Join(dir, "content/staged"), filepath.Join(dir, "content/empty")))
	expect(t, "renamed over", union(t, settle(t, w)), "content/empty", "content/empty/f.md", "content/staged")
	expect(t, "watches", watched(t, w, dir), ".", "content", "content/empty", "content/rep", "layouts")
	write(t, dir, "content/empty/f.md", "f edited")
	expectPaths(t, w, "edit in folder renamed over", "content/empty/f.md")
}

func TestStreamClosed(t *testing.T) {
	dir := site(t)
	var l logs
	w := start(t, dir, Options{Logf: l.logf})
	must(t, w.fsw.Close()) // fsnotify stops as if it had failed
	if b := next(t, w); !b.Full {
		t.Fatalf("after the stream closed: got %+v, want Full", b)
	}
	if !strings.Contains(l.all(), "restarting") {
		t.Errorf("log %q lacks the restart message", l.all())
	}
	write(t, dir, "content/x.md", "x edited")
	expectPaths(t, w, "edit after restart", "content/x.md")
}

// TestPoll runs a polling Watcher in a synctest bubble: its ticker and
// batch timer run on the fake clock, its walks read the real files.
func TestPoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		var l logs
		w := start(t, dir, Options{Poll: true, PollInterval: 20 * time.Millisecond, Logf: l.logf})
		if w.fsw != nil {
			t.Fatal("polling watcher uses fsnotify")
		}
		x := filepath.Join(dir, "content", "x.md")

		write(t, dir, "content/new.md", "new")
		expectPaths(t, w, "poll create", "content/new.md")

		// Same size, same content length; only the time says it changed.
		st, err := os.Stat(x)
		must(t, err)
		must(t, os.WriteFile(x, []byte("# y\n"), 0o644))
		must(t, os.Chtimes(x, st.ModTime().Add(time.Second), st.ModTime().Add(time.Second)))
		expectPaths(t, w, "poll modify same size", "content/x.md")

		must(t, os.Remove(x))
		expectPaths(t, w, "poll delete", "content/x.md")

		must(t, os.MkdirAll(filepath.Join(dir, "content/a/b/c"), 0o755))
		write(t, dir, "content/a/b/c/x.md", "x")
		write(t, dir, "content/a/b/c/.x.md.swp", "swap")
		write(t, dir, "public/index.html", "out")
		expect(t, "poll mkdir -p", union(t, settle(t, w)), "content/a", "content/a/b", "content/a/b/c", "content/a/b/c/x.md")

		write(t, dir, "static/site.css", "body{}")
		expect(t, "poll new static", union(t, settle(t, w)), "static", "static/site.css")

		// A vim-style save, slowed past a poll, is still one batch.
		y := filepath.Join(dir, "content/new.md")
		must(t, os.Rename(y, y+"~"))
		time.Sleep(30 * time.Millisecond)
		must(t, os.WriteFile(y, []byte("new!"), 0o644))
		must(t, os.Remove(y+"~"))
		if bs := settle(t, w); len(bs) != 1 {
			t.Fatalf("poll vim save: %d batches %+v, want one", len(bs), bs)
		} else {
			expect(t, "poll vim save", bs[0].Paths, "content/new.md")
		}

		must(t, os.RemoveAll(filepath.Join(dir, "content/a")))
		expectPaths(t, w, "poll rm -rf", "content/a", "content/a/b", "content/a/b/c", "content/a/b/c/x.md")
		if l.all() != "" {
			t.Errorf("unexpected log %q", l.all())
		}
	})
}

// TestStable checks that watchers leave nothing behind: no goroutines, no
// open files, no watches of folders that are gone.
func TestStable(t *testing.T) {
	fds := func() int {
		es, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			return -1
		}
		return len(es)
	}
	// Settle and count; goroutines of earlier tests may still be exiting.
	count := func() (int, int) {
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
		return runtime.NumGoroutine(), fds()
	}
	g0, f0 := count()

	dir := site(t)
	for i := range 50 {
		w, err := New(dir, Options{Poll: i%10 == 9})
		must(t, err)
		must(t, w.Close())
		must(t, w.Close()) // twice is fine
		if _, ok := <-w.Batches(); ok {
			t.Fatal("Batches open after Close")
		}
	}
	g1, f1 := count()
	if g1 > g0+2 || f0 >= 0 && f1 > f0+2 {
		t.Fatalf("after 50 watchers: goroutines %d → %d, fds %d → %d", g0, g1, f0, f1)
	}

	w, err := New(dir, Options{})
	must(t, err)
	base := len(w.fsw.WatchList())
	x := filepath.Join(dir, "content", "x.md")
	// 100 saves and 10 folders made and removed: what a cycle could leak
	// (a goroutine, a file, a watch) grows with the cycles and shows
	// against the slack of 2 to 5 long before 100.
	for i := range 100 {
		must(t, os.WriteFile(x, []byte(fmt.Sprintf("# cycle %d\n", i)), 0o644))
		until(t, w, "content/x.md")
		if i%10 == 0 {
			d := fmt.Sprintf("content/d%d", i)
			must(t, os.MkdirAll(filepath.Join(dir, d, "e"), 0o755))
			until(t, w, d+"/e")
			must(t, os.RemoveAll(filepath.Join(dir, d)))
			until(t, w, d)
		}
		if i == 50 {
			if g, f := count(); g > g1+5 || f0 >= 0 && f > f1+5 {
				t.Fatalf("mid-way: goroutines %d → %d, fds %d → %d", g1, g, f1, f)
			}
		}
	}
	if n := len(w.fsw.WatchList()); n != base {
		t.Errorf("watches: %d before folder cycles, %d after", base, n)
	}
	must(t, w.Close())
	g2, f2 := count()
	if g2 > g0+2 || f0 >= 0 && f2 > f0+2 {
		t.Fatalf("after 100 cycles: goroutines %d → %d, fds %d → %d", g0, g2, f0, f2)
	}
	t.Logf("goroutines %d → %d → %d, fds %d → %d → %d", g0, g1, g2, f0, f1, f2)
}

// BenchmarkSaveToBatch measures the watcher's share of edit-to-reload: from
// a save of one file to its batch. Expect QuietWindow plus a little.
func BenchmarkSaveToBatch(b *testing.B) {
	dir := b.TempDir()
	x := filepath.Join(dir, "content", "x.md")
	if err := os.MkdirAll(filepath.Dir(x), 0o755); err != nil {
		b.Fatal(err)
	}
	w, err := New(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(x, []byte(fmt.Sprintf("# save %d\n", i)), 0o644); err != nil {
			b.Fatal(err)
		}
		if bt := <-w.Batches(); bt.Full || len(bt.Paths) != 1 {
			b.Fatalf("got %+v", bt)
		}
	}
}
