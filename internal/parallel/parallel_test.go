package parallel_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gloss-ssg/gloss/internal/parallel"
)

func TestForEachCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		calls := make([]atomic.Int32, n)
		parallel.ForEach(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d: fn(%d) called %d times", n, i, c)
			}
		}
	}
}

// TestRunWorkerState checks that start runs once per goroutine and that
// no more goroutines start than asked for or than there are items.
func TestRunWorkers(t *testing.T) {
	for _, tc := range []struct{ workers, n, want int }{{3, 100, 3}, {8, 2, 2}, {0, 5, 1}, {4, 0, 0}} {
		var mu sync.Mutex
		started, total := 0, 0
		parallel.Run(tc.workers, tc.n, func() func(int) {
			mu.Lock()
			started++
			mu.Unlock()
			return func(int) {
				mu.Lock()
				total++
				mu.Unlock()
			}
		})
		if started != tc.want || total != tc.n {
			t.Errorf("Run(%d, %d): %d goroutines started, %d calls; want %d and %d", tc.workers, tc.n, started, total, tc.want, tc.n)
		}
	}
}

// TestForEachContextStops: once the context is cancelled, no call starts.
func TestForEachContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	parallel.ForEachContext(ctx, 1000, func(i int) {
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	// Each goroutine may have taken one index before it saw the
	// cancellation.
	if n := calls.Load(); n < 10 || n > 10+int32(runtime.GOMAXPROCS(0)) {
		t.Errorf("%d calls after cancelling at the 10th", n)
	}
}
