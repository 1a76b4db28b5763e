// Package warmheap faults in the start of a one-shot command's heap
// (gloss build, check and zip) from package initialisation, on the core
// that initialisation leaves idle, so that the build that follows finds
// those pages already in memory. It owns nothing else; cmd/gloss waits
// for it (Wait) before setting the collector's policy.
//
// Why: with the collector off for a small site (cmd/gloss/gc.go), a build
// touches most pages of its heap for the first time, and each first touch
// is a page fault: about 5,700 of them in a build of the 40-page benchmark
// corpus, a fifth of its CPU (perf, 3 December 2026), on the cores the
// build's own work needs. Before main, though, Go initialises packages on
// one core (chroma's lexer registry alone takes 11 ms) while the other
// waits.
//
// How: the package cannot name the addresses the heap will use, so it
// allocates a block of Size bytes, writes one byte in each page (the
// kernel faults them in), and frees the block with one collection while
// the heap is a few MB; the runtime carves its next spans from those, the
// lowest free pages (TestBlockIsReused), and zeroes them itself, without
// a fault. It imports only packages that those initialised early need, so
// Go initialises it before chroma (GODEBUG=inittrace=1 shows it at 2 ms,
// chroma at 3; cmd/gloss's TestWarmHeapStartsBeforeChroma keeps it so).
//
// Measured on the 40-page corpus, alternating with the binary of before
// and with Hugo's builds between, as .ci/bench runs (100 rounds, three
// times): the mean build 81.4 to 77.1 ms, 78.5 to 74.2 ms and 89.6 to
// 86.4 ms, the median of the rounds' ratios to Hugo 0.520x to 0.479x,
// 0.514x to 0.478x and 0.515x to 0.506x, the slowest builds unchanged.
// The CPU is the same (129.6 and 128.4 ms, perf stat): the faults moved
// to the idle core, and there are 700 more of them, for pages the build
// would not have used. Warming 24 or 32 MB was slower: touching them
// outlasts initialisation, and main waits. Asking for 2 MB pages instead
// (MADV_HUGEPAGE, tried on 4 December) made the median build faster and
// the mean slower on this virtual machine, whose host backs a fresh 2 MB
// page lazily: see docs/performance.md. At 10,000 pages, where the
// collector runs and memory is reused, none of this shows.
//
// The long-running dev server does not warm: its memory is reused, and
// warming would only keep more of it resident.
package warmheap

import (
	"os"
	"runtime"
	"unsafe"
)

// Size is how much of the heap a one-shot command warms: about half of a
// 40-page build's heap, as much as this machine faults in before
// initialisation ends.
const Size = 16 << 20

// block is the address range that was warmed, for tests; zero when none.
var block [2]uintptr

var done = make(chan struct{})

func init() {
	if len(os.Args) < 2 || !Wanted(os.Args[1]) {
		close(done)
		return
	}
	go func() {
		block = warm()
		close(done)
	}()
}

// Wait returns once the heap is warmed. Call it before setting the
// collector's policy (cmd/gloss's tuneGC), as warming runs a collection.
func Wait() { <-done }

// Wanted reports whether the command cmd warms its heap.
func Wanted(cmd string) bool {
	switch cmd {
	case "build", "check", "zip":
		return true
	}
	return false
}

// warm faults in a fresh block of Size bytes, frees it, and returns the
// range it took.
func warm() [2]uintptr {
	b := make([]byte, Size)
	for i := 0; i < len(b); i += os.Getpagesize() {
		b[i] = 1
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	b = nil
	runtime.GC() // frees the block, which nothing refers to any more
	return [2]uintptr{start, start + Size}
}
