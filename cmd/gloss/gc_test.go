package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestGCFor(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		env  map[string]string
		want gcSettings
	}{
		{"build", nil, gcSettings{gcPercent, buildMemoryLimit}},
		{"zip", nil, gcSettings{gcPercent, buildMemoryLimit}},
		{"check", nil, gcSettings{gcPercent, buildMemoryLimit}},
		{"serve", nil, gcSettings{serveGCPercent, 0}},
		{"build", map[string]string{"GOGC": "80"}, gcSettings{0, buildMemoryLimit}},
		{"build", map[string]string{"GOGC": "off"}, gcSettings{0, buildMemoryLimit}},
		{"build", map[string]string{"GOMEMLIMIT": "1GiB"}, gcSettings{gcPercent, 0}},
		{"build", map[string]string{"GOGC": "200", "GOMEMLIMIT": "1GiB"}, gcSettings{0, 0}},
		{"serve", map[string]string{"GOGC": "100"}, gcSettings{0, 0}},
		{"serve", map[string]string{"GOMEMLIMIT": "300MiB"}, gcSettings{serveGCPercent, 0}},
	} {
		got := gcFor(c.cmd, func(k string) string { return c.env[k] })
		if got != c.want {
			t.Errorf("%s with %v: %+v, want %+v", c.cmd, c.env, got, c.want)
		}
	}
}

func TestFollowHeap(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, true},
		{map[string]string{"GOGC": "80"}, true},
		{map[string]string{"GOGC": "off"}, false},
		{map[string]string{"GOGC": "OFF"}, false},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, false},
	} {
		if got := followHeap(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("with %v: %v, want %v", c.env, got, c.want)
		}
	}
}

// TestTuneGCRespectsEnvironment runs tuneGC in a child process (this test
// binary again) under each environment and reads back what the runtime
// ended up with: the user's GOGC and GOMEMLIMIT are never overridden.
func TestTuneGCRespectsEnvironment(t *testing.T) {
	if cmd := os.Getenv("GLOSS_TEST_TUNEGC"); cmd != "" {
		settings := func() string {
			limit := debug.SetMemoryLimit(-1) // -1 reads it
			percent := debug.SetGCPercent(100)
			debug.SetGCPercent(percent)
			return fmt.Sprintf("percent=%d limit=%d", percent, limit)
		}
		tuneGC(cmd)
		before := settings()
		// After the first collection (and its finalizers), a small
		// site's settings give way to the big site's.
		// Where nothing is to change, one collection shows it does not.
		after, wait := before, 5*time.Second
		if os.Getenv("GLOSS_TEST_TUNEGC_CHANGES") == "" {
			wait = 50 * time.Millisecond
		}
		for deadline := time.Now().Add(wait); after == before && time.Now().Before(deadline); {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
			after = settings()
		}
		fmt.Printf("%s then %s\n", before, after)
		os.Exit(0)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	clean := withoutGCSettings(os.Environ())
	const noLimit = math.MaxInt64
	for _, c := range []struct {
		cmd, env string
		percent  int
		limit    int64
	}{
		{"build", "", gcPercent, buildMemoryLimit}, // from the first collection on (see below)
		{"serve", "", serveGCPercent, noLimit},
		{"build", "GOGC=80", 80, buildMemoryLimit},
		{"serve", "GOGC=off", -1, noLimit},
		{"build", "GOMEMLIMIT=1GiB", gcPercent, 1 << 30},
		{"serve", "GOMEMLIMIT=300MiB", serveGCPercent, 300 << 20},
	} {
		cmd := exec.Command(exe, "-test.run=^TestTuneGCRespectsEnvironment$")
		cmd.Env = append(clean, "GLOSS_TEST_TUNEGC="+c.cmd)
		if c.cmd == "build" && c.env == "" {
			cmd.Env = append(cmd.Env, "GLOSS_TEST_TUNEGC_CHANGES=1")
		}
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", c.cmd, c.env, err, out)
		}
		want := fmt.Sprintf("percent=%d limit=%d", c.percent, c.limit)
		if c.cmd == "build" && c.env == "" { // the collector off until it must run
			want = fmt.Sprintf("percent=-1 limit=%d then %s\n", smallHeap, want)
		} else {
			want = fmt.Sprintf("%s then %s\n", want, want) // as set, throughout
		}
		if string(out) != want {
			t.Errorf("%s with %q: got %q, want %q", c.cmd, c.env, out, want)
		}
	}
}

// withoutGCSettings returns env without GOGC and GOMEMLIMIT, for a child
// process that must run under gloss's own collector settings.
func withoutGCSettings(env []string) []string {
	var clean []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") {
			clean = append(clean, kv)
		}
	}
	return clean
}
