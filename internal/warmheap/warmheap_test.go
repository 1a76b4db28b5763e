package warmheap

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestWanted(t *testing.T) {
	for cmd, want := range map[string]bool{
		"build": true, "check": true, "zip": true,
		"serve": false, "version": false, "init": false, "new": false, "-test.run=x": false,
	} {
		if got := Wanted(cmd); got != want {
			t.Errorf("Wanted(%q) = %v, want %v", cmd, got, want)
		}
	}
}

// The tests below run this test binary again as a child process, whose
// heap is then still small, as gloss's is when it starts.
// GLOSS_TEST_WARMHEAP_CHILD says what the child does: "init", wait for
// what package initialisation started (the child's first argument is the
// command gloss would see) and say whether it warmed; "reuse", warm the
// heap itself, then take new spans and say where they landed.
func TestMain(m *testing.M) {
	switch os.Getenv("GLOSS_TEST_WARMHEAP_CHILD") {
	case "init":
		Wait()
		fmt.Printf("warmed=%d inside=0 above=0 resident=0\n", block[1]-block[0])
		os.Exit(0)
	case "reuse":
		before := residentBytes()
		r := warm()
		debug.SetGCPercent(-1) // as cmd/gloss's tuneGC does next for a build
		resident := residentBytes() - before
		// New spans, as a build's pages and bodies take: the runtime
		// fills the free pages below the block first (the ends of the
		// heap's first few MB), then the block. Only what each P had
		// cached before the block was freed (up to 512 KB of pages
		// each) may come from above it.
		var inside, above int
		var keep [][]byte
		for range reuseSpans {
			b := make([]byte, 64<<10)
			keep = append(keep, b)
			switch p := uintptr(unsafe.Pointer(unsafe.SliceData(b))); {
			case p >= r[0] && p+uintptr(len(b)) <= r[1]:
				inside++
			case p >= r[1]:
				above++
			}
		}
		runtime.KeepAlive(keep) // each span stays taken until all are counted
		fmt.Printf("warmed=%d inside=%d above=%d resident=%d\n", r[1]-r[0], inside, above, resident)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The reuse child takes reuseSpans spans of 64 KB, 8 MB in all, of which
// up to abovePerP per P may come from the page cache each P filled while
// the block was still taken, above it. A runtime that did not reuse the
// block would put nearly all of them above.
const (
	reuseSpans = 128
	abovePerP  = 512 << 10 / (64 << 10)
)

type childReport struct{ warmed, inside, above, resident int }

func runChild(t *testing.T, mode string, args ...string) childReport {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "GLOSS_TEST_WARMHEAP_CHILD="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %s %v: %v\n%s", mode, args, err, out)
	}
	line := strings.TrimSpace(string(out))
	if i := strings.LastIndex(line, "\n"); i >= 0 {
		line = line[i+1:]
	}
	var r childReport
	if _, err := fmt.Sscanf(line, "warmed=%d inside=%d above=%d resident=%d", &r.warmed, &r.inside, &r.above, &r.resident); err != nil {
		t.Fatalf("child %s %v printed %q: %v", mode, args, out, err)
	}
	return r
}

// TestBlockIsReused checks that warming makes Size bytes resident and
// that the memory the runtime hands out next lies in them: the runtime
// reusing the freed block is what warming relies on, and a Go release
// that stopped doing so would fail here rather than quietly lose the
// gain.
func TestBlockIsReused(t *testing.T) {
	r := runChild(t, "reuse")
	if r.warmed != Size {
		t.Errorf("warmed %d bytes, want %d", r.warmed, Size)
	}
	if maxAbove := abovePerP * runtime.GOMAXPROCS(0); r.inside < reuseSpans/2 || r.above > maxAbove {
		t.Errorf("of %d new spans of 64 KB, %d in the warmed block and %d above it (at most %d allowed): the runtime no longer reuses the freed block before mapping more", reuseSpans, r.inside, r.above, maxAbove)
	}
	// The collector may hand some of the free block back to the system
	// before the command's policy stops it; most must stay.
	if runtime.GOOS == "linux" && r.resident < Size/2 {
		t.Errorf("warming left %d more bytes resident, want at least %d", r.resident, Size/2)
	}
}

// TestInitWarmsForBuildsOnly runs the child as gloss would be run:
// package initialisation warms the heap for build, check and zip, and not
// for the dev server or other commands.
func TestInitWarmsForBuildsOnly(t *testing.T) {
	for cmd, warms := range map[string]bool{"build": true, "check": true, "zip": true, "serve": false, "version": false} {
		r := runChild(t, "init", cmd)
		if want := map[bool]int{true: Size, false: 0}[warms]; r.warmed != want {
			t.Errorf("gloss %s: warmed %d bytes, want %d", cmd, r.warmed, want)
		}
	}
}

// residentBytes reads the process's resident memory from
// /proc/self/status; 0 where there is none.
func residentBytes() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb << 10
		}
	}
	return 0
}
