package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unsafe"
)

// Transparent huge pages for a small site's build.
//
// A small site builds with the collector off (gc.go), so all the heap it
// uses is fresh memory, and on Linux each 4 KB of it costs a page fault
// when first written: 5,400 faults for the 40-page corpus, about a third
// of that build's CPU on this project's CI machine. With the heap backed
// by 2 MB pages the same build takes 2,500 faults and a sixth less time
// (docs/performance.md).
//
// Linux gives huge pages to memory that asks for them (the usual
// "madvise" setting). The runtime maps its heap 4 MB at a time as it
// grows, and each new mapping starts without advice, so advice given to
// the heap as it stands would miss the memory the build goes on to use.
// So reserveHeap grows the heap by smallHeap in one allocation that it
// drops at once, and remembers where that memory is: the runtime hands it
// out again, lowest addresses first, for the pages the build allocates.
// Once the site is known, adviseHeap asks for huge pages there if the site
// is small.
//
// Only for small sites: a big site's build collects and reuses its heap
// under the soft memory limit, and there huge pages measured slower
// (10,000 pages 9 to 19% slower, with or without withdrawing the advice
// at the first collection), while growing the heap without the advice
// measured the same as not growing it (5,000 and 10,000 pages).
//
// GODEBUG=disablethp=1, Go's own switch against huge pages for the heap,
// turns all of this off, as do GOGC and GOMEMLIMIT (tuneGC then leaves the
// heap as Go has it).

// smallSiteFiles is the most files content/ may hold for its build to
// get huge pages. Measured on the shared corpus, each against the same
// build without the advice: 40 pages 0.81x the time, 500 pages 0.56x,
// 2,000 pages 0.88x, 3,500 pages 0.89x; 5,000 pages from 0.95x to 1.18x
// in two runs; 10,000 pages 1.09x to 1.19x.
const smallSiteFiles = 3000

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

// heapReserve is the span of heap reserveHeap grew: its address, not a
// pointer, so that it does not keep the memory alive.
var heapReserve struct{ start, size uintptr }

// reserveHeap grows the heap by size bytes in one mapping, free for the
// build to use, and notes where (see above). It runs one collection, to
// free that memory again: call it before anything waits for the first.
func reserveHeap(size int) {
	heapReserve.start = allocateUntouched(size)
	heapReserve.size = uintptr(size)
	runtime.GC()
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

// adviseHeap asks for huge pages on the heap reserveHeap grew, if the site
// at dir is small. A failure (a kernel without transparent huge pages)
// only costs the speed-up: publishSite ignores it; the tests show it.
func adviseHeap(dir string) error {
	if heapReserve.size == 0 || !smallSite(filepath.Join(dir, "content"), smallSiteFiles) {
		return nil
	}
	if err := adviseHugePages(heapReserve.start, heapReserve.size); err != nil {
		return fmt.Errorf("madvise(MADV_HUGEPAGE): %w", err)
	}
	return nil
}

// smallSite reports whether the folder at dir holds at most limit files,
// reading no more of it than it must to tell. A symbolic link counts as
// one file, whatever it points to: this is a guess at the build's size,
// for its speed only.
func smallSite(dir string, limit int) bool {
	left := limit
	var count func(string) bool
	count = func(dir string) bool {
		f, err := os.Open(dir)
		if err != nil {
			return true // the build reports what cannot be read
		}
		defer f.Close()
		for {
			entries, err := f.ReadDir(left + 1)
			for _, e := range entries {
				if e.IsDir() {
					if !count(filepath.Join(dir, e.Name())) {
						return false
					}
					continue
				}
				if left--; left < 0 {
					return false
				}
			}
			if err != nil || len(entries) == 0 { // io.EOF: all read
				return true
			}
		}
	}
	return count(dir)
}
