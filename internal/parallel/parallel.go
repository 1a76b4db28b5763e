// Package parallel owns the one worker pool gloss uses wherever a stage
// does the same work for many items (parsing front matter, rendering
// bodies and pages, analysing pages for the search index, checking output
// files, compressing zip entries, writing files): items are handed out by
// index, in order, to a fixed number of goroutines, so a slow item never
// holds up the others and no goroutine is started per item.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// ForEach calls fn(i) for every i in [0, n) on up to GOMAXPROCS
// goroutines and returns when every call has returned. fn must be safe
// to call concurrently.
func ForEach(n int, fn func(i int)) {
	pool(context.Background(), runtime.GOMAXPROCS(0), n, func() func(int) { return fn })
}

// ForEachContext is ForEach that starts no call once ctx is done (calls
// under way finish); the caller tells by ctx.Err() that some were not
// made.
func ForEachContext(ctx context.Context, n int, fn func(i int)) {
	pool(ctx, runtime.GOMAXPROCS(0), n, func() func(int) { return fn })
}

// Run is ForEach with the number of goroutines chosen by the caller (at
// least one, at most n) and state of each goroutine's own: start is called
// once by each goroutine, and the function it returns is called for the
// indexes that goroutine takes, never concurrently with itself.
func Run(workers, n int, start func() func(i int)) {
	pool(context.Background(), workers, n, start)
}

func pool(ctx context.Context, workers, n int, start func() func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Go(func() {
			fn := start()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
