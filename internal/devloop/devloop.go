// Package devloop is `gloss serve`'s loop: it keeps one build.Session of
// the site for the server's lifetime, rebuilds what each batch of file
// changes from package watch names, and hands each build to the HTTP
// server of package serve, which knows nothing of builds: the files of a
// good build with the output paths that changed, or a failed build's
// diagnostics. It also prints one line per build to the terminal, with a
// failed build's errors and the warnings a good build adds.
//
// The rebuild policy:
//
//   - Each batch of changes is one rebuild of what it names; a Full batch
//     (an event overflow, a watcher error, a branch switch) rebuilds
//     everything.
//   - A batch that arrives while a rebuild runs cancels it: the next
//     rebuild names the paths of both batches, so no change is lost, and
//     the cancelled build's result is never served. An author saving
//     twice in quick succession waits for one build of the latest text,
//     not two.
//   - A build that fails while a file it names is empty waits, up to
//     emptyWait, for the rest of the save (tools that truncate, then
//     write) before the failure is reported.
//   - A failed build never stops the loop: the last good build stays
//     served and browsers show the errors.
//
// After each build the loop hands memory back to the system, keeping
// resident what the next rebuilds will allocate into (settle), and, when
// the next rebuild would start a collection, starts it at once, while the
// author reads the page (collectAhead). With GLOSS_TRACE set it prints a
// line saying where the rebuild's time went, from the watcher's first
// event to the publish (traceLine).
package devloop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"sync/atomic"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/serve"
	"github.com/gloss-ssg/gloss/internal/theme"
	"github.com/gloss-ssg/gloss/internal/watch"
)

// Options configure the dev loop of `gloss serve`.
type Options struct {
	Site       string   // the site directory
	Addr       string   // listen address; serve.DefaultAddr when empty
	AllowHosts []string // extra Host names to answer
	Poll       bool     // poll the file system instead of using fsnotify
	Drafts     bool
	Out        io.Writer // one line per build; nil = silent
	// Ready, if set, is called with the server's URL once it listens and
	// the first build is published.
	Ready func(url string)
	// Built, if set, is called after every build has been published (or
	// reported as failed), for tests and benchmarks. Cancelled builds are
	// not reported.
	Built func(res *build.Result)
	// FollowHeap sets the runtime's soft memory limit after every build
	// a little above what the collector's GOGC goal makes of the live heap
	// (see settle), so that memory freed between collections goes back to
	// the system instead of staying resident, and starts a collection
	// after a rebuild that leaves the heap close to the collector's goal
	// (see collectAhead). `gloss serve` sets it unless GOMEMLIMIT is set
	// or GOGC is off (cmd/gloss/gc.go).
	FollowHeap bool
}

// Publisher is what the loop hands builds to; *serve.Server is one. Both
// take plain data: output paths to bytes, and diagnostics.
type Publisher interface {
	// Publish installs a good build; changed lists the output paths that
	// differ from the previous Publish, or is nil when not known.
	Publish(files map[string][]byte, changed []string)
	// Fail reports a failed build, whose files are not served.
	Fail(diags diag.List)
}

var _ Publisher = (*serve.Server)(nil)

// Run builds the site into memory, serves it, and rebuilds what each batch
// of file changes affects until ctx is done.
func Run(ctx context.Context, o Options) error {
	if o.Addr == "" {
		o.Addr = serve.DefaultAddr
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	logf := func(format string, args ...any) { fmt.Fprintf(out, "gloss: "+format+"\n", args...) }

	srv := serve.New(serve.Options{AllowHosts: o.AllowHosts, Logf: logf})
	// The site with the default theme under it; only the site is watched,
	// as the theme is in the binary and never changes.
	fsys := theme.Overlay(os.DirFS(o.Site))
	sess := build.NewSession(fsys, buildOptions(o.Drafts))

	// Watch before the first build, so that no save made while it runs is
	// missed.
	w, err := watch.New(o.Site, watch.Options{Poll: o.Poll, Logf: logf})
	if err != nil {
		return fmt.Errorf("watching %s: %w", o.Site, err)
	}
	defer w.Close()

	ln, err := srv.Listen(o.Addr)
	if err != nil {
		return err
	}
	l := &loop{sess: sess, fsys: fsys, batches: w.Batches(), pub: srv, out: out, built: o.Built,
		trace: os.Getenv("GLOSS_TRACE") != "", followHeap: o.FollowHeap}
	runErr := l.first(ctx)
	if runErr == nil && ctx.Err() == nil {
		logf("serving %s at %s (Ctrl+C to stop)", o.Site, ln.URL)
		if o.Ready != nil {
			o.Ready(ln.URL)
		}
		runErr = l.run(ctx, ln.Failed())
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if err := ln.Shutdown(shutdown); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

// buildOptions are the options of the dev loop's builds. StableNames:
// the search index keeps one name, so that an edit does not change (and
// reload) every page that links to it. ServedAt: the server serves the
// site at its root, where 404.html's URLs must start.
func buildOptions(drafts bool) build.Options {
	return build.Options{Drafts: drafts, StableNames: true, ServedAt: "/"}
}

// shutdownWait bounds how long stopping waits for requests in flight: a
// page or two at most on a dev server, so a few seconds is plenty, and
// Ctrl+C must not hang on a stuck client.
const shutdownWait = 5 * time.Second

// emptyWait bounds how long a failed build waits for the rest of a save
// when a file it names is empty: twice watch.MaxWait covers a truncating
// save whose write comes within one batch's time on a loaded machine, and
// an error that is real shows a fifth of a second late at most.
const emptyWait = 2 * watch.MaxWait

// errWatcherStopped ends Run when the watcher closes its batches.
var errWatcherStopped = errors.New("the file watcher stopped")

// loop is the dev loop's state. Its session is used by one build at a
// time: a build runs on its own goroutine only so that the loop can take
// newer batches meanwhile, and the loop waits for it before the next.
type loop struct {
	sess    *build.Session
	fsys    fs.FS // the site, for anyEmpty
	batches <-chan watch.Batch
	pub     Publisher
	out     io.Writer
	built   func(*build.Result)
	trace   bool // GLOSS_TRACE: a line per rebuild saying where its time went (traceLine)
	// followHeap: settle sets the memory limit (Options.FollowHeap).
	followHeap bool
	good       bool // whether any build has succeeded: a failure says what is served
	// warned holds the warnings the last good build printed: the next
	// prints only those not among them, so that a warning left as it is
	// is printed once, not after every save.
	warned map[string]bool
	// unserved is set when a build succeeded but was not published, as a
	// newer batch came just as it ended: the session then measures
	// Changed from output that was never served, and the server must
	// work out what changed itself, until the next good build is published.
	unserved bool
	// collecting is set while a collection collectAhead started runs.
	collecting atomic.Bool
}

// first builds and publishes the whole site. It returns nil, having
// published nothing, if ctx ended first.
func (l *loop) first(ctx context.Context) error {
	res, _, took, err := l.build(ctx, watch.Batch{Full: true})
	if err != nil || res == nil {
		return err
	}
	l.publish(res, took)
	l.settle(res, true)
	return nil
}

// settle hands memory back to the system after a build. A full build, or
// one that made much of the site again (a layout edit), allocates several
// times what the site keeps: that is handed back at once rather than held
// for the whole session, except, with followHeap, the room the next
// rebuilds allocate into (warmHeadroom). With followHeap, the soft memory
// limit is then
// set heapSlack above the heap the collector's own goal allows (the live
// heap and GOGC percent of it, as of the last collection): the collector
// runs as GOGC says, but the free memory it keeps between collections,
// which a 9 MB search index written on every edit leaves fragmented, goes
// back to the system (at 10,000 pages, about 410 MB resident with the
// room kept, against 445 to 470 with no limit). Set after each build, the limit follows the site as it
// grows.
func (l *loop) settle(res *build.Result, full bool) {
	if full || len(res.Changed) > len(res.Files)/4 {
		debug.FreeOSMemory()
		if l.followHeap {
			warmHeadroom()
		}
	}
	if l.followHeap {
		followLimit()
	}
}

// warmHeadroom makes resident again, once, the memory the next rebuilds
// will allocate into before the collector runs: GOGC percent of the live
// heap. FreeOSMemory has just handed every free page back, so without
// this each of those rebuilds faults its allocations in from the kernel,
// page by page, until the first collection frees pages already resident
// (at 10,000 pages, 3,000 faults and 12 MB an edit for the first three
// edits: 13 to 18 ms instead of 5 with gloss alone, 60 to 120 ms beside
// hugo server on this virtual machine, where a fault costs more when
// another process has used much memory). The pages are touched now,
// while the author reads, then collected: they stay resident and free
// at the low addresses the allocator takes first (the scavenger hands
// back the highest first), within the memory limit followLimit sets.
func warmHeadroom() {
	live, percent, ok := collectorGoal()
	if !ok {
		return
	}
	room := live * percent / 100
	const chunk = 1 << 20
	touched := make([][]byte, 0, room/chunk+1)
	for n := uint64(0); n < room; n += chunk {
		b := make([]byte, chunk)
		for i := 0; i < len(b); i += 4096 { // one write a page faults it in
			b[i] = 1
		}
		touched = append(touched, b)
	}
	runtime.KeepAlive(touched)
	touched = nil
	runtime.GC()
}

// followLimit sets the soft memory limit heapSlack above the heap the
// collector's goal allows, as of the last collection (see settle).
func followLimit() {
	live, percent, ok := collectorGoal()
	if !ok || live == 0 {
		return
	}
	goal := live + live*percent/100
	debug.SetMemoryLimit(max(int64(goal+goal*heapSlack/100), minHeapLimit))
}

// collectorGoal is what the collector's goal is made of: the live heap as
// of the last collection, and GOGC's percent of it; ok is false when this
// runtime does not measure them.
func collectorGoal() (live, percent uint64, ok bool) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0, 0, false
	}
	return s[0].Value.Uint64(), s[1].Value.Uint64(), true
}

// run rebuilds and publishes each batch until ctx is done, the watcher
// stops or the HTTP server fails.
func (l *loop) run(ctx context.Context, served <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return fmt.Errorf("serving: %w", err)
		case b, ok := <-l.batches:
			if !ok {
				return errWatcherStopped
			}
			received := time.Now()
			var allocs uint64
			if l.followHeap {
				allocs = heapAllocs()
			}
			var before runtime.MemStats
			if l.trace {
				runtime.ReadMemStats(&before)
			}
			res, took, full, err := l.rebuildSave(ctx, b)
			if err != nil || res == nil {
				return err
			}
			l.publish(res, took)
			if l.trace {
				l.traceLine(b, received, &before, res)
			}
			l.settle(res, full)
			if l.followHeap {
				l.collectAhead(heapAllocs() - allocs)
			}
		}
	}
}

// collectAhead starts a collection at once, on its own goroutine, when the
// next rebuild, allocating as much as the last one did (perBuild bytes),
// would start one. A collection marks the whole live heap, 280 MB at
// 10,000 pages: started by the allocations of a rebuild, it runs beside
// that rebuild, which then shares the cores with it and helps it mark (an
// edit there took 100 to 300 ms instead of 15). Started just after an edit
// is published, it runs while the author reads the page. It adds no
// collections: it runs, one rebuild early at most, one GOGC would have run.
func (l *loop) collectAhead(perBuild uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	for _, v := range s {
		if v.Value.Kind() != metrics.KindUint64 {
			return // not measured by this runtime
		}
	}
	if !collectSoon(s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64(), perBuild) || !l.collecting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer l.collecting.Store(false)
		runtime.GC()
		followLimit() // the live heap just measured
	}()
}

// collectSoon reports whether a heap of heap bytes, live of them live at
// the last collection, would start a collection aiming at goal within one
// more rebuild allocating perBuild bytes, with half as much again to
// spare. The runtime starts one once the heap has grown by 70% of the way
// from live to goal, at the earliest (what 10,000 pages show too).
func collectSoon(heap, live, goal, perBuild uint64) bool {
	if goal <= live || perBuild == 0 {
		return false
	}
	trigger := live + (goal-live)*7/10
	return heap >= trigger || trigger-heap <= perBuild+perBuild/2
}

// heapAllocs is the bytes the heap has allocated since the process started.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// traceLine prints, for GLOSS_TRACE, where a rebuild's time went: the
// instants (Unix microseconds) at which the batch's first event arrived,
// the batch closed, the loop took it and the build was published; the
// stages of the last build run (microseconds); and the collections
// meanwhile. .ci/servebench reads these lines.
func (l *loop) traceLine(b watch.Batch, received time.Time, before *runtime.MemStats, res *build.Result) {
	published := time.Now()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t := l.sess.Timing()
	fmt.Fprintf(l.out, "gloss: trace event=%d closed=%d received=%d read=%d build=%d compare=%d published=%d gc=%d gcpause=%d changed=%d heap=%d sys=%d idle=%d released=%d\n",
		b.First.UnixMicro(), b.Closed.UnixMicro(), received.UnixMicro(),
		t.Read.Microseconds(), t.Build.Microseconds(), t.Compare.Microseconds(), published.UnixMicro(),
		after.NumGC-before.NumGC, (after.PauseTotalNs-before.PauseTotalNs)/1000, len(res.Changed), after.HeapAlloc>>20, after.Sys>>20, after.HeapIdle>>20, after.HeapReleased>>20)
}

// publish hands a build to the server and reports it.
func (l *loop) publish(res *build.Result, took time.Duration) {
	if res.Failed() {
		l.pub.Fail(res.Diags)
		reportFailure(l.out, res.Diags, took, l.good)
	} else {
		l.good = true
		var changed []string // nil: the server compares
		if !l.unserved {
			changed = res.Changed
			if changed == nil {
				changed = []string{} // nothing changed, as opposed to unknown
			}
		}
		l.unserved = false
		l.pub.Publish(res.Files, changed)
		l.warn(res.Diags)
		fmt.Fprintf(l.out, "gloss: built %d pages in %s, %d %s changed\n", res.Pages, took.Round(time.Millisecond),
			len(res.Changed), diag.Plural(len(res.Changed), "file", "files"))
	}
	if l.built != nil {
		l.built(res)
	}
}

// warn prints the warnings of a good build, as `gloss build` does, but
// only those the last good build did not print: a raw HTML tag left out
// or a hidden file of static/ would otherwise go unseen, since a good
// build shows the browser nothing but the page.
func (l *loop) warn(diags diag.List) {
	warned := map[string]bool{}
	for _, d := range diags {
		if d.Severity != diag.Warning {
			continue
		}
		line := d.String()
		if !l.warned[line] && !warned[line] {
			fmt.Fprintln(l.out, line)
		}
		warned[line] = true
	}
	l.warned = warned
}

// rebuildSave rebuilds what a batch names. A save that truncates a file
// and writes it a few milliseconds later can be caught in between: the
// build read an empty file and failed. Before that is reported, the next
// batch (the write's) is awaited for up to emptyWait and built; only a
// file still empty, or still broken, is reported. A file is checked before
// the build too, since the write may land while it runs. full reports
// whether any batch built was Full; res is nil if ctx ended first.
func (l *loop) rebuildSave(ctx context.Context, b watch.Batch) (res *build.Result, took time.Duration, full bool, err error) {
	var deadline time.Time // emptyWait after the first build
	for {
		empty := l.anyEmpty(b)
		res, b, took, err = l.build(ctx, b)
		full = full || b.Full
		if err != nil || res == nil {
			return nil, 0, full, err
		}
		if !res.Failed() || !empty && !l.anyEmpty(b) {
			return res, took, full, nil
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(emptyWait)
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return res, took, full, nil
		}
		t := time.NewTimer(wait)
		select {
		case next, ok := <-l.batches:
			t.Stop()
			if !ok {
				return nil, 0, full, errWatcherStopped
			}
			// The failed build ran to its end: its paths are read, and a
			// failed build moves nothing Changed is measured from.
			b = next
		case <-ctx.Done():
			t.Stop()
			return nil, 0, full, nil
		case <-t.C:
			return res, took, full, nil
		}
	}
}

// build builds what b names. Each batch that arrives meanwhile cancels
// the build in progress and joins b, and the build starts again; it
// returns the result of the build that ran to its end, the batch that
// build named, and the time that build took. res is nil if ctx ended
// first. A build that ran to its end just as a newer batch came is
// dropped too (see loop.unserved).
func (l *loop) build(ctx context.Context, b watch.Batch) (*build.Result, watch.Batch, time.Duration, error) {
	type outcome struct {
		res *build.Result
		err error
	}
	for {
		bctx, cancel := context.WithCancel(ctx)
		done := make(chan outcome, 1)
		start := time.Now()
		changed := b.Paths
		if b.Full {
			changed = nil
		}
		go func() {
			// Labelled, so that a CPU profile of `gloss serve`
			// (GLOSS_CPUPROFILE) tells rebuilds from full builds:
			// go tool pprof -tagfocus build=edit.
			kind := "edit"
			if b.Full {
				kind = "full"
			}
			pprof.Do(bctx, pprof.Labels("build", kind), func(bctx context.Context) {
				res, err := l.sess.Build(bctx, changed)
				done <- outcome{res, err}
			})
		}()
		select {
		case o := <-done:
			cancel()
			took := time.Since(start)
			switch {
			case ctx.Err() != nil:
				return nil, b, 0, nil
			case o.err != nil && o.res == nil:
				// A site the loop could not read at all is a failed build
				// like any other: the server goes on, and says why.
				return &build.Result{Diags: diag.List{diag.Errorf(".", 0, 0, "%v", o.err)}}, b, took, nil
			}
			// With a Result, an error (such as an unreadable file) is
			// among its diagnostics.
			return o.res, b, took, nil
		case next, ok := <-l.batches:
			cancel()
			o := <-done // one build at a time on the session
			if !ok {
				return nil, b, 0, errWatcherStopped
			}
			if o.err == nil && !o.res.Failed() {
				l.unserved = true
			}
			b = merge(b, next)
		}
	}
}

// merge joins two batches: the paths of both, or Full if either is or if
// there are more paths than the watcher itself would name.
func merge(a, b watch.Batch) watch.Batch {
	if a.Full || b.Full {
		return watch.Batch{Full: true}
	}
	paths := append(slices.Clone(a.Paths), b.Paths...)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	if len(paths) > watch.MaxBatch {
		return watch.Batch{Full: true, First: a.First, Closed: b.Closed}
	}
	return watch.Batch{Paths: paths, First: a.First, Closed: b.Closed}
}

// anyEmpty reports whether a path the batch names is an empty file now.
// A Full batch names none.
func (l *loop) anyEmpty(b watch.Batch) bool {
	for _, p := range b.Paths {
		st, err := fs.Stat(l.fsys, p)
		if err == nil && st.Mode().IsRegular() && st.Size() == 0 {
			return true
		}
	}
	return false
}

// maxPrinted is how many errors a failed build prints in the terminal;
// the browser's overlay lists them all. A deleted page that a hundred
// others link to should not push everything else off the screen.
const maxPrinted = 20

// reportFailure prints a failed build's errors, one per line as `gloss
// build` prints them, then a line saying what is served now.
func reportFailure(out io.Writer, diags diag.List, took time.Duration, good bool) {
	errs, _ := diags.Count()
	printed := 0
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		if printed == maxPrinted {
			fmt.Fprintf(out, "... and %d more (the browser shows them all)\n", errs-printed)
			break
		}
		fmt.Fprintln(out, d.String())
		printed++
	}
	served := "still serving the last good build"
	if !good {
		served = "no build has succeeded yet, so there are no pages to serve; fix the errors above and save"
	}
	fmt.Fprintf(out, "gloss: build failed in %s with %d %s; %s\n",
		took.Round(time.Millisecond), errs, diag.Plural(errs, "error", "errors"), served)
}

// heapSlack is how far above the collector's goal, in percent, settle sets
// the memory limit: memory returned to the system costs a page fault when
// it is used again, and an edit at 10,000 pages allocates 22 MB, so a limit
// right at the goal made each rebuild a fifth slower.
const heapSlack = 10

// minHeapLimit is the least limit settle sets. A small site's live heap is
// a few MB and an edit allocates as much again (the search index, the
// stylesheets): a limit that close had the collector run two to four times
// per edit at 40 pages, and memory there is no concern.
const minHeapLimit = 64 << 20
