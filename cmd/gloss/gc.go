package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// The garbage collector's policy, for every command, set here and nowhere
// else.
//
// A one-shot build holds every page of both variants, the zip and, while
// it checks links, the parse of each page: for the 10,000-page corpus its
// live heap peaks near 300 MB. Go's default collector lets the heap grow to
// twice the live data before collecting, which put the peak at 760 MB.
// gcPercent halves that headroom, for no measurable time (5.0 s against
// 5.4 s on that corpus); buildMemoryLimit is a soft limit on top, which
// makes the collector work harder only when the heap nears it (peak
// 464 MB, 5.2 s, at 450 MiB). Since the zip and the search analysis leave
// the heap before the hosted variant is built, 430 MiB costs no
// measurable time and peaks at 443 MB, under a quarter of Hugo's lowest
// peak on that corpus (1,796 MB); 420 MiB cost 11% (docs/performance.md).
// It is soft: a site whose live data exceeds it still builds, paying at
// most half the CPU to collection (the Go runtime's cap).
//
// `gloss serve` holds a whole site in memory for hours (sources, rendered
// bodies, pages, the search index's pieces): about 280 MB live at 10,000
// pages. It gets serveGCPercent, a little below gcPercent, and no fixed
// memory limit, which a bigger site would exceed; instead the dev loop
// sets the soft limit after every build a tenth above the heap that GOGC
// allows (live × 1.4), which returns to the system the free memory the
// heap keeps between collections (followHeap, internal/devloop's settle).
// At 10,000 pages that is 390 to 410 MB resident (445 to 470 with GOGC 40
// and no limit; 550 to 570 before, with GOGC 50 and bodies' search text
// kept). An edit there allocates about 13 MB (9 MB of it the new search
// index), so a collection comes every three edits, which the loop starts
// itself just after an edit is served (collectAhead). A layout edit,
// which renders every page while the last output is still served, has the
// collector work harder for that one rebuild (the runtime caps it at half
// the CPU), after which the loop hands the memory back.
//
// A small site never needs a collection at all: a one-shot command whose
// settings are both gloss's starts with the collector off under a soft
// limit of smallHeap, and takes gcPercent and buildMemoryLimit at the
// first collection, which only a big site's heap reaches. On the 40-page
// corpus that made the whole build about a fifth faster (0.10 to 0.12 s
// against 0.13 to 0.14 s, 20 builds each, alternating); at 10,000 pages
// it changes nothing, as the first collection comes within the first
// second. The collector off throughout, the 10,000-page build took 12 s
// against 10 s and 510 MB: past the soft limit the runtime collects
// far more often than gcPercent would. For build, check and zip on
// Linux, tuneGC first grows the heap by smallHeap in one piece on huge
// pages, which the build uses up before its first collection
// (hugepages.go).
//
// The user's GOGC and GOMEMLIMIT always win: each setting is made only
// when its variable is unset, and with GOMEMLIMIT set, or GOGC=off, the
// dev loop sets no limit either.
const (
	smallHeap        = 128 << 20
	gcPercent        = 50
	serveGCPercent   = 40
	buildMemoryLimit = 430 << 20
)

// followHeap reports whether `gloss serve`'s dev loop should set the soft
// memory limit from the live heap (devloop.Options.FollowHeap), given the
// environment through getenv.
func followHeap(getenv func(string) string) bool {
	return getenv("GOMEMLIMIT") == "" && !strings.EqualFold(getenv("GOGC"), "off")
}

// afterFirstCollection calls f once the collector has run: it is the
// finalizer of an object nothing refers to, which the first collection
// finds unreachable.
func afterFirstCollection(f func()) {
	sentinel := new(gcSentinel) // not tiny: those may never be finalized
	runtime.SetFinalizer(sentinel, func(*gcSentinel) { f() })
}

type gcSentinel struct{ _ [64]byte }

// gcSettings are what tuneGC tells the runtime; zero leaves a setting as
// the runtime has it (its default, or the environment's).
type gcSettings struct {
	percent int   // for debug.SetGCPercent
	limit   int64 // for debug.SetMemoryLimit, in bytes
}

// gcFor decides the collector's settings for the command cmd, given the
// environment through getenv.
func gcFor(cmd string, getenv func(string) string) gcSettings {
	s := gcSettings{percent: gcPercent, limit: buildMemoryLimit}
	if cmd == "serve" {
		s.percent, s.limit = serveGCPercent, 0
	}
	if getenv("GOGC") != "" {
		s.percent = 0
	}
	if getenv("GOMEMLIMIT") != "" {
		s.limit = 0
	}
	return s
}

// publishes reports whether cmd builds a whole site in one go, the
// commands whose heap reserveHeap grows (hugepages.go).
func publishes(cmd string) bool {
	return cmd == "build" || cmd == "zip" || cmd == "check"
}

// tuneGC applies gcFor's settings for cmd to the runtime.
func tuneGC(cmd string) {
	s := gcFor(cmd, os.Getenv)
	if s.percent != 0 && s.limit != 0 {
		debug.SetGCPercent(-1)
		if hugePagesAsked && publishes(cmd) && !hugePagesDisabled(os.Getenv("GODEBUG")) {
			_ = reserveHeap(smallHeap) // its collection must come before the sentinel
		}
		debug.SetMemoryLimit(smallHeap)
		afterFirstCollection(func() {
			debug.SetGCPercent(s.percent)
			debug.SetMemoryLimit(s.limit)
		})
		return
	}
	if s.percent != 0 {
		debug.SetGCPercent(s.percent)
	}
	if s.limit != 0 {
		debug.SetMemoryLimit(s.limit)
	}
}
