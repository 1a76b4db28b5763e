// Package hugeheap asks Linux to back the start of a one-shot command's
// heap (gloss build, check and zip) with 2 MB transparent huge pages, and
// does it from package initialisation, on the core that initialisation
// leaves idle. It owns nothing else; cmd/gloss waits for it (Wait) before
// setting the collector's policy.
//
// Why: a build touches most pages of its heap for the first time, as the
// collector is off for a small site (cmd/gloss/gc.go), and each first
// touch is a page fault: about 5,700 of them in a build of the 40-page
// benchmark corpus, where they took a sixth of the CPU (perf, 3 December
// 2026). Backed by 2 MB pages instead of 4 KB ones, the same memory costs
// a 512th of the faults. Linux backs memory with them only where a
// program asks (its usual "madvise" setting), and Go no longer asks for
// its heap (go.dev/issue/64332).
//
// How: the package cannot name the heap's addresses, so it allocates a
// block of Size bytes, which the runtime maps fresh and does not touch,
// marks it MADV_HUGEPAGE, and frees it with one collection while the heap
// is a few MB; the runtime then carves its next spans from those, the
// lowest free pages (TestBlockIsReused holds that).
//
// Why from init: the collection and the advice take 1.5 ms, and before
// main Go initialises packages on one core, chroma's lexer registry alone
// for 11 ms, while the other core waits. This package imports only
// packages that those initialised early need, so it is initialised before
// chroma (GODEBUG=inittrace=1 shows it at 2 ms, chroma at 3;
// cmd/gloss's TestHugeHeapStartsBeforeChroma keeps it so: importing
// runtime/debug, to hold the collector off meanwhile, put it after), and
// its goroutine does the work on the idle core; the allocations of the
// packages initialised after it land in huge pages too. The two
// collections it starts (the block's allocation starts one) still pause
// initialisation a little: from start to exit, `gloss build --help` took
// 22.0 and 24.9 ms without, 25.5 and 26.8 ms with the advice taken at the
// start of main, 23.8 and 27.8 ms with it taken here (perf stat, 40 runs
// each, twice). Measured on the 40-page corpus,
// 60 builds alternating, gloss alone: page faults 5,700 without, 2,900
// with the advice taken at the start of main, 1,900 with it taken here;
// CPU 132, 128 and 123 ms; wall 107, 105 and 101 ms at the median. At
// 10,000 pages, where the collector runs and memory is reused, it changed
// nothing beyond noise, and asking for more (128 or 400 MB) was slower.
//
// The long-running dev server does not ask: its memory is reused, and huge
// pages would only keep more of it resident. Go's own switch,
// GODEBUG=disablethp=1, turns this off too. Where the kernel refuses the
// advice, the build goes on with small pages.
package hugeheap

import (
	"os"
	"runtime"
	"strings"
)

// Size is how much of the heap a one-shot command asks to have on huge
// pages: a 40-page build's heap peaks at about 30 MB.
const Size = 32 << 20

// done carries the advice's error once the block is freed.
var done = make(chan error, 1)

func init() {
	if len(os.Args) < 2 || !Wanted(os.Args[1], os.Getenv("GODEBUG")) {
		done <- nil
		return
	}
	go func() { done <- backHeap() }()
}

// Wait returns once the heap is set up, with the kernel's refusal of the
// advice if it refused. Call it once, before anything counts collections
// (cmd/gloss's tuneGC), as the setup runs one.
func Wait() error { return <-done }

// Wanted reports whether the command cmd, with the GODEBUG setting
// godebug, asks for huge pages.
func Wanted(cmd, godebug string) bool {
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

// backHeap marks a fresh block of Size bytes for huge pages and frees it.
func backHeap() error {
	err := advise(make([]byte, Size))
	runtime.GC() // frees the block, which nothing refers to any more
	return err
}
