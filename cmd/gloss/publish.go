package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// publishSite runs the publish driver over the site, showing progress on
// a terminal, and prints the diagnostics. Its error is an I/O failure
// (exit 3); a bad SOURCE_DATE_EPOCH is a usage error (exit 2).
func publishSite(b *buildFlags, stderr io.Writer, opts publish.Options) (*publish.Report, error) {
	if opts.Variants != publish.HostedOnly {
		t, err := offline.ParseEpoch(os.Getenv("SOURCE_DATE_EPOCH"))
		if err != nil {
			fmt.Fprintf(stderr, "gloss: %v\n", err)
			return nil, exitError(2)
		}
		opts.ZipTime = t
	}
	opts.Drafts = b.drafts
	progress, stop := progressReporter(stderr)
	opts.Progress = progress
	rep, err := publish.Run(context.Background(), theme.Overlay(os.DirFS(b.site)), opts)
	stop()
	if err != nil {
		return nil, err
	}
	rep.Diags.Write(stderr, b.format)
	noteDrafts(stderr, b.format, cmp.Or(rep.Hosted, rep.Offline))
	return rep, nil
}

// progressDelay is how long a build runs before it shows progress: a
// second, so fast builds stay silent and slow ones show they are alive.
const progressDelay = time.Second

// progressReporter shows "rendering pages N/M" on a terminal for builds
// that take longer than progressDelay, as publish counts them (M is the
// pages times the variants built); in CI and when stderr is not a
// terminal it is silent.
func progressReporter(stderr io.Writer) (func(done, total int), func()) {
	f, ok := stderr.(*os.File)
	if !ok || os.Getenv("CI") != "" {
		return nil, func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	var done, total atomic.Int64
	start := time.Now()
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-quit:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
				if time.Since(start) >= progressDelay && total.Load() > 0 {
					fmt.Fprintf(f, "\r\033[Krendering pages %d/%d", done.Load(), total.Load())
					shown = true
				}
			}
		}
	}()
	return func(d, t int) { done.Store(int64(d)); total.Store(int64(t)) },
		func() { close(quit); <-finished }
}
