package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

// These tests run the Watcher inside a synctest bubble, where time is
// fake: a batch's timing is exact and waiting costs nothing. The kernel's
// events cannot reach a bubble, so a fake notifier stands in for fsnotify
// and each test sends the events a real save makes, after doing the save
// on disk (the Watcher looks at the files: new folders, missing targets).
// Polling needs no events and runs in a bubble as it is.

// fake is a notifier whose events the test sends.
type fake struct {
	site   string
	events chan fsnotify.Event
	errs   chan error
	once   sync.Once

	mu      sync.Mutex
	watches map[string]bool
}

func (f *fake) Add(name string) error {
	if _, err := os.Stat(name); err != nil {
		return err // a missing folder: fs.ErrNotExist, as fsnotify says
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.watches[name] = true
	return nil
}

func (f *fake) Remove(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.watches[name] {
		return fsnotify.ErrNonExistentWatch
	}
	delete(f.watches, name)
	return nil
}

func (f *fake) Close() error {
	f.once.Do(func() { close(f.events); close(f.errs) })
	return nil
}

func (f *fake) WatchList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for p := range f.watches {
		out = append(out, p)
	}
	return out
}

func (f *fake) Events() <-chan fsnotify.Event { return f.events }
func (f *fake) Errors() <-chan error          { return f.errs }

// send delivers one event for a site path.
func (f *fake) send(op fsnotify.Op, rel string) {
	f.events <- fsnotify.Event{Name: filepath.Join(f.site, filepath.FromSlash(rel)), Op: op}
}

// faked starts a Watcher on dir whose notifiers are fakes; it returns the
// Watcher and a function giving the notifier in use (a restart makes a
// new one). Each notifier after the first fails if failRestart is set.
func faked(t *testing.T, dir string, opts Options, failRestart bool) (*Watcher, func() *fake) {
	t.Helper()
	var mu sync.Mutex
	var made []*fake
	opts.notify = func() (notifier, error) {
		mu.Lock()
		defer mu.Unlock()
		if failRestart && len(made) > 0 {
			return nil, errors.New("too many open files")
		}
		f := &fake{site: dir, events: make(chan fsnotify.Event, 4096), errs: make(chan error, 1),
			watches: map[string]bool{}}
		made = append(made, f)
		return f, nil
	}
	w := start(t, dir, opts)
	return w, func() *fake {
		mu.Lock()
		defer mu.Unlock()
		return made[len(made)-1]
	}
}

// timed is a batch and when it came, from the start of the test.
type timed struct {
	at time.Duration
	b  Batch
}

// record takes every batch as it comes and returns a function giving
// those so far, once the Watcher has nothing left to do.
func record(w *Watcher) func() []timed {
	var mu sync.Mutex
	var got []timed
	began := time.Now()
	go func() {
		for b := range w.Batches() {
			mu.Lock()
			got = append(got, timed{time.Since(began), b})
			mu.Unlock()
		}
	}()
	return func() []timed {
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

func TestBatchQuietWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t, "content/y.md", "y")
		w, f := faked(t, dir, Options{}, false)
		got := record(w)
		write(t, dir, "content/x.md", "x")
		f().send(fsnotify.Write, "content/x.md")
		time.Sleep(QuietWindow - time.Millisecond)
		write(t, dir, "content/y.md", "y")
		f().send(fsnotify.Write, "content/y.md")
		time.Sleep(QuietWindow - time.Millisecond)
		if bs := got(); len(bs) != 0 {
			t.Fatalf("a batch before QuietWindow passed without events: %+v", bs)
		}
		time.Sleep(time.Millisecond)
		bs := got()
		want := []timed{{2*QuietWindow - time.Millisecond, Batch{Paths: []string{"content/x.md", "content/y.md"}}}}
		if !slices.EqualFunc(bs, want, equalTimed) {
			t.Fatalf("got %+v, want %+v", bs, want)
		}
	})
}

func equalTimed(a, b timed) bool {
	return a.at == b.at && a.b.Full == b.b.Full && slices.Equal(a.b.Paths, b.b.Paths)
}

// TestBatchMaxWait saves a file every millisecond for 350 ms, as a script
// in a loop might: a batch closes every MaxWait all the same, and the last
// one QuietWindow after the last save.
func TestBatchMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		w, f := faked(t, dir, Options{}, false)
		got := record(w)
		const saves = 350
		for i := range saves {
			write(t, dir, "content/x.md", fmt.Sprintf("save %d", i))
			f().send(fsnotify.Write, "content/x.md")
			if i < saves-1 {
				time.Sleep(time.Millisecond)
			}
		}
		time.Sleep(MaxWait)
		bs := got()
		var at []time.Duration
		for _, b := range bs {
			if !slices.Equal(b.b.Paths, []string{"content/x.md"}) || b.b.Full {
				t.Fatalf("batch %+v", b)
			}
			at = append(at, b.at)
		}
		// The save at each multiple of MaxWait falls in one batch or the
		// next, which moves the later ones by a millisecond.
		want := []time.Duration{MaxWait, 2 * MaxWait, 3 * MaxWait, (saves-1)*time.Millisecond + QuietWindow}
		if len(at) != len(want) {
			t.Fatalf("batches at %v, want at %v", at, want)
		}
		for i := range want {
			if at[i] < want[i] || at[i] > want[i]+time.Duration(i)*time.Millisecond {
				t.Fatalf("batches at %v, want at %v", at, want)
			}
		}
	})
}

// TestBatchHoldsMissingTarget is a rename-over save (vim's) whose rename
// and create are 21 ms apart, over four quiet windows: the missing target
// holds the batch, which then waits one more window for the rest of the
// save. A target that never comes back is reported as deleted after
// MaxWait. (The steps fall between the Watcher's timer ticks: at the same
// instant, which goroutine runs first is up to the scheduler.)
func TestBatchHoldsMissingTarget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		w, f := faked(t, dir, Options{}, false)
		got := record(w)
		x := filepath.Join(dir, "content", "x.md")
		must(t, os.Rename(x, x+"~"))
		f().send(fsnotify.Rename, "content/x.md")
		f().send(fsnotify.Create, "content/x.md~")
		const gap = 4*QuietWindow + time.Millisecond
		time.Sleep(gap)
		write(t, dir, "content/x.md", "# saved")
		f().send(fsnotify.Create, "content/x.md")
		f().send(fsnotify.Write, "content/x.md")
		f().send(fsnotify.Chmod, "content/x.md")
		must(t, os.Remove(x+"~"))
		f().send(fsnotify.Remove, "content/x.md~")
		time.Sleep(MaxWait)
		want := []timed{{gap + 2*QuietWindow, Batch{Paths: []string{"content/x.md"}}}}
		if bs := got(); !slices.EqualFunc(bs, want, equalTimed) {
			t.Fatalf("got %+v, want %+v", bs, want)
		}

		// At gap+MaxWait now; nothing comes back this time.
		must(t, os.Rename(x, x+"~"))
		f().send(fsnotify.Rename, "content/x.md")
		time.Sleep(2 * MaxWait)
		want = append(want, timed{gap + 2*MaxWait, Batch{Paths: []string{"content/x.md"}}})
		if bs := got(); !slices.EqualFunc(bs, want, equalTimed) {
			t.Fatalf("a target that stays away: got %+v, want %+v", bs, want)
		}
	})
}

// TestBatchLeavesOutComeAndGone is sed -i: a temporary file written and
// renamed over the target within one batch is no change of its own.
func TestBatchLeavesOutComeAndGone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		w, f := faked(t, dir, Options{}, false)
		tmp := filepath.Join(dir, "content", "sedAb12Cd")
		must(t, os.WriteFile(tmp, []byte("# via sed"), 0o644))
		f().send(fsnotify.Create, "content/sedAb12Cd")
		f().send(fsnotify.Write, "content/sedAb12Cd")
		must(t, os.Rename(tmp, filepath.Join(dir, "content", "x.md")))
		f().send(fsnotify.Rename, "content/sedAb12Cd")
		f().send(fsnotify.Create, "content/x.md")
		expect(t, "sed -i", next(t, w).Paths, "content/x.md")
		none(t, w)
	})
}

// TestBatchWaitsForCaller checks that batches the caller has not taken
// yet merge into one, and become Full past MaxBatch paths.
func TestBatchWaitsForCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		w, f := faked(t, dir, Options{}, false)
		f().send(fsnotify.Write, "content/x.md")
		time.Sleep(MaxWait)
		f().send(fsnotify.Write, "layouts/base.html")
		time.Sleep(MaxWait)
		f().send(fsnotify.Write, "content/x.md")
		time.Sleep(MaxWait)
		expect(t, "while busy", next(t, w).Paths, "content/x.md", "layouts/base.html")
		none(t, w)

		for i := range MaxBatch {
			f().send(fsnotify.Write, fmt.Sprintf("content/p%03d.md", i))
			time.Sleep(QuietWindow) // each its own batch
		}
		if b := next(t, w); b.Full || len(b.Paths) != MaxBatch {
			t.Fatalf("%d paths in batches while busy: got Full=%v with %d paths", MaxBatch, b.Full, len(b.Paths))
		}
		for i := range MaxBatch + 1 {
			f().send(fsnotify.Write, fmt.Sprintf("content/p%03d.md", i))
			time.Sleep(QuietWindow)
		}
		if b := next(t, w); !b.Full || b.Paths != nil {
			t.Fatalf("%d paths in batches while busy: got %+v, want Full", MaxBatch+1, b)
		}
	})
}

// TestBatchTooMany moves a folder of MaxBatch files in, like a branch
// switch: the batch is Full, and the new folder is watched for what
// follows.
func TestBatchTooMany(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		w, f := faked(t, dir, Options{}, false)
		for i := range MaxBatch {
			write(t, dir, fmt.Sprintf("attic/many/p%03d.md", i), "p")
		}
		must(t, os.Rename(filepath.Join(dir, "attic/many"), filepath.Join(dir, "content/many")))
		f().send(fsnotify.Create, "content/many")
		if b := next(t, w); !b.Full || b.Paths != nil {
			t.Fatalf("%d new paths: got %+v, want Full", MaxBatch+1, b)
		}
		none(t, w)
		if !slices.Contains(f().WatchList(), filepath.Join(dir, "content/many")) {
			t.Fatal("the folder moved in is not watched")
		}
		f().send(fsnotify.Write, "content/many/p000.md")
		expectPaths(t, w, "edit after Full", "content/many/p000.md")

		// Exactly MaxBatch paths are still named.
		for i := range MaxBatch {
			f().send(fsnotify.Write, fmt.Sprintf("content/many/p%03d.md", i))
		}
		if b := next(t, w); b.Full || len(b.Paths) != MaxBatch {
			t.Fatalf("%d paths: got Full=%v with %d paths", MaxBatch, b.Full, len(b.Paths))
		}
	})
}

// TestBatchOverflow checks that an overflow or an error gives one Full
// batch, says why, and watches every folder again: a folder whose
// creation was lost is watched after it.
func TestBatchOverflow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t, "content/sec/a.md", "a")
		var l logs
		w, f := faked(t, dir, Options{Logf: l.logf}, false)
		sec := filepath.Join(dir, "content/sec")
		must(t, f().Remove(sec)) // as if its creation had been missed
		f().send(fsnotify.Write, "content/x.md")
		f().errs <- fsnotify.ErrEventOverflow
		if b := next(t, w); !b.Full || b.Paths != nil {
			t.Fatalf("after overflow: got %+v, want Full", b)
		}
		none(t, w)
		if !strings.Contains(l.all(), "watch: event overflow, rescanning") {
			t.Errorf("log %q lacks the overflow message", l.all())
		}
		if !slices.Contains(f().WatchList(), sec) {
			t.Error("the rescan did not watch content/sec again")
		}
		f().send(fsnotify.Write, "content/sec/a.md")
		expectPaths(t, w, "edit after overflow", "content/sec/a.md")

		f().errs <- errors.New("read failed")
		if b := next(t, w); !b.Full {
			t.Fatalf("after error: got %+v, want Full", b)
		}
		if !strings.Contains(l.all(), "watch: read failed, rescanning") {
			t.Errorf("log %q lacks the error message", l.all())
		}
		f().send(fsnotify.Write, "content/x.md")
		expectPaths(t, w, "edit after error", "content/x.md")
	})
}

// TestBatchStreamLost closes the event stream under the Watcher: it makes
// a new notifier and reports a Full batch; if none can be made it polls.
func TestBatchStreamLost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		var l logs
		w, f := faked(t, dir, Options{Logf: l.logf}, false)
		old := f()
		must(t, old.Close())
		if b := next(t, w); !b.Full {
			t.Fatalf("after the stream closed: got %+v, want Full", b)
		}
		if f() == old || !strings.Contains(l.all(), "event stream closed, restarting") {
			t.Fatalf("no new notifier; log %q", l.all())
		}
		f().send(fsnotify.Write, "content/x.md")
		expectPaths(t, w, "edit after restart", "content/x.md")
	})
	synctest.Test(t, func(t *testing.T) {
		dir := site(t)
		var l logs
		w, f := faked(t, dir, Options{Logf: l.logf, PollInterval: 20 * time.Millisecond}, true)
		must(t, f().Close())
		if b := next(t, w); !b.Full {
			t.Fatalf("after the stream closed: got %+v, want Full", b)
		}
		if !strings.Contains(l.all(), "too many open files; polling every 20ms instead") {
			t.Fatalf("log %q lacks the fallback", l.all())
		}
		write(t, dir, "content/x.md", "polled")
		expectPaths(t, w, "edit seen by polling", "content/x.md")
	})
}
