//go:build unix

package linkcheck

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far, on every
// thread (the garbage collector's too): on a shared machine it says more
// than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
