//go:build !unix

package linkcheck

import "time"

func cpuTime() time.Duration { return 0 }
