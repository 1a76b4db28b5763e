package main

import (
	"os"
	"runtime/debug"
)

// A one-shot build holds every page of both variants, the zip and, while
// it checks links, the parse of each page: for the 10,000-page corpus its
// live heap peaks near 300 MB. Go's default collector lets the heap grow to
// twice the live data before collecting, which put the peak at 760 MB.
//
// buildGCPercent halves that headroom, for no measurable time (5.0 s
// against 5.4 s on that corpus); buildMemoryLimit is a soft limit on top,
// which makes the collector work harder only when the heap nears it (peak
// 464 MB, 5.2 s). It is soft: a site whose live data exceeds it still
// builds, paying at most half the CPU to collection (the Go runtime's cap).
// Both defer to GOGC and GOMEMLIMIT when the user sets them.
const (
	buildGCPercent   = 50
	buildMemoryLimit = 450 << 20
)

// tuneGC applies the settings above unless the environment overrides them.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
}
