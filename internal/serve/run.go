package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/watch"
)

// RunOptions configure the dev server loop of `gloss serve`.
type RunOptions struct {
	Site       string   // the site directory
	Addr       string   // listen address; loopback unless said otherwise
	AllowHosts []string // extra Host names to answer
	Poll       bool     // poll the file system instead of using fsnotify
	Drafts     bool
	Out        io.Writer // one line per build; nil = silent
	// Ready, if set, is called with the server's URL once it listens.
	Ready func(url string)
	// Built, if set, is called after every build has been published (or
	// reported as failed), for tests and benchmarks.
	Built func(res *build.Result)
}

// gcPercent is the garbage collector's target while serving. The dev
// server holds a whole site in memory for hours (sources, rendered bodies,
// pages); with Go's default of 100 the heap may grow to twice that before
// a collection. 50 costs a little CPU per rebuild and keeps a 10,000-page
// site well under 600 MB.
const gcPercent = 50

// DefaultAddr is where `gloss serve` listens: loopback, so a dev server on
// a shared machine or café Wi-Fi is not reachable from elsewhere.
const DefaultAddr = "127.0.0.1:1313"

// CheckAddr reports whether addr is a listen address Run can try:
// HOST:PORT, where HOST is empty (every interface), an IP address (with a
// zone if need be) or a host name, and PORT a number up to 65535 (0 picks
// a free port). It checks the form only: whether the port is free shows
// when Run listens.
func CheckAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not HOST:PORT", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if _, err := netip.ParseAddr(host); err != nil && host != "" && !hostName(host) {
		return fmt.Errorf("%q: %q is not an IP address or host name", addr, host)
	}
	return nil
}

// hostName reports whether s has the form of a DNS name: dot-separated
// labels of letters, digits and inner hyphens.
func hostName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// Run builds the site into memory, serves it, and rebuilds what each batch
// of file changes affects until ctx is done. A failed build never stops it:
// the last good build stays served and browsers show the errors.
func Run(ctx context.Context, o RunOptions) error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if err := CheckAddr(o.Addr); err != nil {
		return fmt.Errorf("listen address %w", err)
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	logf := func(format string, args ...any) { fmt.Fprintf(out, "gloss: "+format+"\n", args...) }

	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	srv := New(Options{AllowHosts: o.AllowHosts, Logf: logf})
	// StableNames: the search index keeps one name, so that an edit does
	// not change (and reload) every page that links to it. ServedAt: the
	// server serves the site at its root, where 404.html's URLs must start.
	sess := build.NewSession(os.DirFS(o.Site), build.Options{Drafts: o.Drafts, StableNames: true, ServedAt: "/"})

	// Watch before the first build, so that no save made while it runs is
	// missed.
	w, err := watch.New(o.Site, watch.Options{Poll: o.Poll, Logf: logf})
	if err != nil {
		return fmt.Errorf("watching %s: %w", o.Site, err)
	}
	defer w.Close()

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", o.Addr, err)
	}
	srv.SetListenAddr(ln.Addr().String())
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	url := "http://" + ln.Addr().String() + "/"
	good := false // whether any build has succeeded: a failure says what is served
	publish := func(res *build.Result, took time.Duration) {
		if res.Failed() {
			srv.Fail(res.Diags)
			reportFailure(out, res.Diags, took, good)
		} else {
			good = true
			changed := res.Changed
			if changed == nil {
				changed = []string{} // nothing changed, as opposed to unknown
			}
			srv.Publish(res.Files, changed)
			logf("built %d pages in %s, %d %s changed", res.Pages, took.Round(time.Millisecond),
				len(res.Changed), diag.Plural(len(res.Changed), "file", "files"))
		}
		if o.Built != nil {
			o.Built(res)
		}
	}

	start := time.Now()
	res := sess.Build(nil)
	publish(res, time.Since(start))
	// A full build allocates several times what the site keeps; hand that
	// back to the system now rather than hold it for the whole session.
	debug.FreeOSMemory()
	logf("serving %s at %s (Ctrl+C to stop)", o.Site, url)
	if o.Ready != nil {
		o.Ready(url)
	}

	var runErr error
	batches := w.Batches()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			runErr = fmt.Errorf("serving: %w", err)
			break loop
		case batch, ok := <-batches:
			if !ok {
				runErr = errWatcherStopped
				break loop
			}
			res, took, full, err := rebuildSave(ctx, sess, o.Site, batches, batch)
			if err != nil {
				runErr = err
				break loop
			}
			if res == nil {
				break loop // ctx is done
			}
			publish(res, took)
			if full {
				debug.FreeOSMemory()
			}
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && runErr == nil {
		runErr = fmt.Errorf("stopping the server: %w", err)
	}
	return runErr
}

// emptyWait bounds how long a failed build waits for the rest of a save
// when a file it names is empty: twice watch.MaxWait covers a truncating
// save whose write comes within one batch's time on a loaded machine, and
// an error that is real shows a fifth of a second late at most.
const emptyWait = 2 * watch.MaxWait

// errWatcherStopped ends Run when the watcher closes its batches.
var errWatcherStopped = errors.New("the file watcher stopped")

// rebuildSave rebuilds what a batch names. A save that truncates a file
// and writes it a few milliseconds later can be caught in between: the
// build read an empty file and failed. Before that is reported, the next
// batch (the write's) is awaited for up to emptyWait and built; only a
// file still empty, or still broken, is reported. A file is checked before
// the build too, since the write may land while it runs. full reports
// whether any batch built was Full; res is nil if ctx ended the wait.
func rebuildSave(ctx context.Context, sess *build.Session, site string, batches <-chan watch.Batch, b watch.Batch) (res *build.Result, took time.Duration, full bool, err error) {
	var deadline time.Time // emptyWait after the first build
	for {
		full = full || b.Full
		empty := anyEmpty(site, b)
		start := time.Now()
		res = rebuild(sess, b)
		took = time.Since(start)
		if !res.Failed() || !empty && !anyEmpty(site, b) {
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
		case next, ok := <-batches:
			t.Stop()
			if !ok {
				return nil, 0, full, errWatcherStopped
			}
			b = next
		case <-ctx.Done():
			t.Stop()
			return nil, 0, full, nil
		case <-t.C:
			return res, took, full, nil
		}
	}
}

// rebuild builds what a batch names; a Full batch rebuilds everything.
func rebuild(sess *build.Session, b watch.Batch) *build.Result {
	if b.Full {
		return sess.Build(nil)
	}
	return sess.Build(b.Paths)
}

// anyEmpty reports whether a path the batch names is an empty file now.
// A Full batch names none.
func anyEmpty(site string, b watch.Batch) bool {
	for _, p := range b.Paths {
		st, err := os.Stat(filepath.Join(site, filepath.FromSlash(p)))
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
