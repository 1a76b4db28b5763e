package main

import (
	"runtime"
	"strings"
)

// A build touches every page of its heap for the first time, as the
// collector is off for a small site (gc.go), and each first touch is a page
// fault: about 5,700 of them in a build of the 40-page benchmark corpus,
// where they took a sixth of the CPU (perf, 3 December 2026). Backed by the
// kernel's 2 MB transparent huge pages instead of 4 KB ones, the same
// memory costs a 512th of the faults. Linux backs memory with them only
// where a program asks (its usual "madvise" setting), and Go no longer asks
// for its heap (go.dev/issue/64332), so a command that builds and exits asks
// for the first hugeHeap bytes of it here.
//
// It cannot name the heap's addresses, so it allocates hugeHeap bytes,
// which the runtime maps fresh and does not touch, marks them, and frees
// them with one collection while the heap is still a few MB; the runtime
// then carves its next spans from those lowest free pages
// (TestHugeHeapIsReused holds that). Measured on that corpus, 80 builds
// alternating with and without: faults 5,700 to 2,900 (2,000 of the rest
// are before main, in package initialisation), CPU 108 to 101 ms, wall
// 87 to 84 ms at the median, peak memory 35 to 39 MB. At 10,000 pages,
// where the collector runs and reuses memory, it changed nothing beyond
// noise; asking for more (128 or 400 MB) was slower there.
//
// The long-running dev server does not ask: its memory is reused, and
// huge pages would only hold more of it resident. Go's own switch,
// GODEBUG=disablethp=1, turns this off too.
const hugeHeap = 32 << 20

// wantsHugeHeap reports whether the command cmd, with the GODEBUG setting
// godebug, should back its heap with huge pages.
func wantsHugeHeap(cmd, godebug string) bool {
	switch cmd {
	case "build", "check", "zip":
	default:
		return false
	}
	for _, setting := range strings.Split(godebug, ",") {
		if strings.TrimSpace(setting) == "disablethp=1" {
			return false
		}
	}
	return true
}

// backHeapWithHugePages asks the kernel to back the next hugeHeap bytes of
// the heap with huge pages. It must run before anything counts
// collections (tuneGC), as it runs one. An error means the kernel did not
// take the advice, which costs only the faults it would have saved.
func backHeapWithHugePages() error {
	err := adviseHugePages(make([]byte, hugeHeap))
	runtime.GC() // frees the block, which nothing refers to any more
	return err
}
