package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWarmHeapStartsBeforeChroma checks, from this binary's own
// GODEBUG=inittrace=1 lines, that internal/warmheap is initialised before
// chroma's lexer registry, so that its page faults and collection run on
// the core that registry leaves idle (internal/warmheap's doc). Go
// initialises a package once its imports are, in import-path order among
// those ready: importing a package that nothing initialised early needs
// (runtime/debug did, in an earlier version) puts warmheap after chroma,
// and this test fails.
func TestWarmHeapStartsBeforeChroma(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i
		}
	}
	const warmheap, chroma = "github.com/gloss-ssg/gloss/internal/warmheap", "github.com/alecthomas/chroma/v2/lexers"
	h, okH := order[warmheap]
	c, okC := order[chroma]
	if !okH || !okC {
		t.Fatalf("inittrace shows warmheap %v, chroma's lexers %v; want both:\n%s", okH, okC, out)
	}
	if h > c {
		t.Errorf("%s is initialised after %s: warming the heap no longer overlaps chroma's 11 ms of initialisation", warmheap, chroma)
	}
}
