package main

import (
	"os"
	"runtime/debug"
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
// 464 MB, 5.2 s). It is soft: a site whose live data exceeds it still
// builds, paying at most half the CPU to collection (the Go runtime's cap).
//
// `gloss serve` holds a whole site in memory for hours (sources, rendered
// bodies, pages), so it gets the same gcPercent, which keeps a 10,000-page
// site well under 600 MB for a little CPU per rebuild. It gets no memory
// limit: at that size it is resident at 435 to 444 MB (docs/performance.md), right at
// buildMemoryLimit, where the limit would have the collector run through
// every rebuild; its edit-to-reload figures were measured without one.
// (The dev loop also hands memory back to the system after each full
// build, when it knows the heap has shrunk: see internal/devloop.)
//
// The user's GOGC and GOMEMLIMIT always win: each setting is made only
// when its variable is unset.
const (
	gcPercent        = 50
	buildMemoryLimit = 450 << 20
)

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
		s.limit = 0
	}
	if getenv("GOGC") != "" {
		s.percent = 0
	}
	if getenv("GOMEMLIMIT") != "" {
		s.limit = 0
	}
	return s
}

// tuneGC applies gcFor's settings for cmd to the runtime.
func tuneGC(cmd string) {
	s := gcFor(cmd, os.Getenv)
	if s.percent != 0 {
		debug.SetGCPercent(s.percent)
	}
	if s.limit != 0 {
		debug.SetMemoryLimit(s.limit)
	}
}
