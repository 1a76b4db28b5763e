package main

import (
	"runtime"
	"strings"
	"unsafe"
)

// Transparent huge pages for the first part of a build's heap.
//
// On Linux each 4 KB of fresh memory costs a page fault when first
// written, and on this project's CI machine (a virtual machine) a fault
// costs about 10 µs: 5,400 faults for the 40-page corpus, about a third of
// that build's CPU; some 127,000 for the 10,000-page corpus, about a tenth
// of its CPU. Backed by 2 MB pages, the same memory costs a fault per 2 MB.
//
// Linux gives huge pages to memory that asks for them (the usual
// "madvise" setting). The runtime maps its heap 4 MB at a time as it
// grows, and each new mapping starts without advice, so advice given to
// the heap as it stands would miss the memory the build goes on to use.
// So reserveHeap grows the heap by smallHeap in one allocation, asks for
// huge pages there, and drops it at once: the runtime hands that memory
// out again, lowest addresses first, for the pages the build allocates
// while the collector is off (gc.go), so all of it is in use before the
// first collection and none of it is returned to the system half used.
//
// The whole heap is not advised: a bigger reserve is partly free after
// the first collection, and the runtime's scavenger then returns pieces
// of it to the system, splitting the huge pages (measured: 256 MB and
// 440 MB reserves were no faster than 128 MB, or slower).
//
// On 4 December the advice was kept for sites of at most 3,000 files,
// because 10,000 pages measured 9 to 19% slower with it; measured again
// on 5 December, with the build's heap smaller by then, it made 3,500
// and 5,000 pages 0.91x the time and 10,000 pages 0.95x to 0.96x, at the
// same peak memory (docs/performance.md), so it now applies to every
// site.
//
// GODEBUG=disablethp=1, Go's own switch against huge pages for the heap,
// turns all of this off, as do GOGC and GOMEMLIMIT (tuneGC then leaves the
// heap as Go has it).

// hugePagesDisabled reports whether GODEBUG, whose value is godebug, turns
// huge pages for the heap off (disablethp=1; the last setting wins, as
// for Go).
func hugePagesDisabled(godebug string) bool {
	disabled := false
	for _, kv := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "disablethp="); ok {
			disabled = v == "1"
		}
	}
	return disabled
}

// reserveHeap grows the heap by size bytes in one mapping and asks for
// huge pages there (see above). It runs one collection, to free that
// memory again: call it before anything waits for the first. A kernel
// without transparent huge pages refuses the advice, which costs only the
// speed-up: tuneGC ignores the error (TestHeapAdvice fails there).
func reserveHeap(size int) error {
	start := allocateUntouched(size)
	err := adviseHugePages(start, uintptr(size))
	runtime.GC()
	return err
}

// allocateUntouched allocates size bytes and returns their address,
// keeping no pointer to them. A large allocation is fresh memory from the
// system, which the runtime knows to be zero: nothing writes to it, so
// none of it is faulted in.
//
//go:noinline
func allocateUntouched(size int) uintptr {
	return uintptr(unsafe.Pointer(unsafe.SliceData(make([]byte, size))))
}
