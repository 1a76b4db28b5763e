package hugeheap

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

// The tests run this test binary again as a child process, whose heap is
// then still small, as gloss's is when it starts, and which reads its own
// /proc/self/smaps. GLOSS_TEST_HUGEHEAP_CHILD says what the child does:
// "init", wait for what package initialisation started (the child's first
// argument is the command gloss would see); "reuse", set the heap up
// itself, then take new spans and say where they landed.
func TestMain(m *testing.M) {
	switch os.Getenv("GLOSS_TEST_HUGEHEAP_CHILD") {
	case "init":
		err := Wait()
		fmt.Printf("err=%v marked=%d inside=0 above=0\n", err, markedBytes(markedForHugePages()))
		os.Exit(0)
	case "reuse":
		err := backHeap()
		debug.SetGCPercent(-1) // as cmd/gloss's tuneGC does next for a build
		marked := markedForHugePages()
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
			p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
			switch {
			case covers(marked, p, len(b)):
				inside++
			case len(marked) > 0 && p >= marked[len(marked)-1][1]:
				above++
			}
		}
		runtime.KeepAlive(keep) // each span stays taken until all are counted
		fmt.Printf("err=%v marked=%d inside=%d above=%d\n", err, markedBytes(marked), inside, above)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The reuse child takes reuseSpans spans of 64 KB, 16 MB in all, of which
// up to abovePerP per P may come from the page cache each P filled while
// the block was still taken, above it. A runtime that did not reuse the
// block would put nearly all of them above.
const (
	reuseSpans = 256
	abovePerP  = 512 << 10 / (64 << 10)
)

// childReport is what a child process printed.
type childReport struct {
	adviceErr             string // "<nil>" when the kernel took the advice
	marked, inside, above int
}

func runChild(t *testing.T, mode string, env []string, args ...string) childReport {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), "GLOSS_TEST_HUGEHEAP_CHILD="+mode), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %s %v: %v\n%s", mode, args, err, out)
	}
	line := strings.TrimSpace(string(out))
	if i := strings.LastIndex(line, "\n"); i >= 0 {
		line = line[i+1:]
	}
	var r childReport
	rest, _ := strings.CutPrefix(line, "err=")
	r.adviceErr, rest, _ = strings.Cut(rest, " marked=")
	if _, err := fmt.Sscanf(rest, "%d inside=%d above=%d", &r.marked, &r.inside, &r.above); err != nil {
		t.Fatalf("child %s %v printed %q: %v", mode, args, out, err)
	}
	return r
}

// thpEnabled reads the kernel's transparent huge page setting; a kernel
// without them refuses the advice, and the build goes on with small pages.
func thpEnabled(t *testing.T, r childReport) bool {
	t.Helper()
	thp, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		if r.adviceErr == "<nil>" {
			t.Errorf("no transparent huge pages here (%v), yet the advice was taken", err)
		}
		return false
	}
	if r.adviceErr != "<nil>" {
		t.Fatalf("the kernel (transparent huge pages %q) refused MADV_HUGEPAGE: %s", strings.TrimSpace(string(thp)), r.adviceErr)
	}
	return true
}

// TestBlockIsReused checks that the kernel marked Size bytes for huge
// pages and that the memory the runtime hands out next lies in them: the
// runtime reusing the freed block is what the advice relies on, and a Go
// release that stopped doing so would fail here rather than quietly lose
// the gain.
func TestBlockIsReused(t *testing.T) {
	r := runChild(t, "reuse", nil)
	if !thpEnabled(t, r) {
		return
	}
	if r.marked < Size {
		t.Errorf("%d bytes of the heap marked for huge pages, want at least %d", r.marked, Size)
	}
	if maxAbove := abovePerP * runtime.GOMAXPROCS(0); r.inside < reuseSpans/2 || r.above > maxAbove {
		t.Errorf("of %d new spans of 64 KB, %d in the memory marked for huge pages and %d above it (at most %d allowed): the runtime no longer reuses the freed block before mapping more", reuseSpans, r.inside, r.above, maxAbove)
	}
}

// TestInitAsksForBuildsOnly runs the child as gloss would be run: package
// initialisation asks for huge pages for build, check and zip, and not
// for the dev server or with GODEBUG=disablethp=1.
func TestInitAsksForBuildsOnly(t *testing.T) {
	for _, c := range []struct {
		cmd, godebug string
		asks         bool
	}{
		{"build", "", true},
		{"check", "", true},
		{"zip", "", true},
		{"serve", "", false},
		{"build", "disablethp=1", false},
	} {
		r := runChild(t, "init", []string{"GODEBUG=" + c.godebug}, c.cmd)
		if !c.asks {
			if r.marked != 0 || r.adviceErr != "<nil>" {
				t.Errorf("gloss %s with GODEBUG=%q: %d bytes marked (%s), want none", c.cmd, c.godebug, r.marked, r.adviceErr)
			}
			continue
		}
		if thpEnabled(t, r) && r.marked < Size {
			t.Errorf("gloss %s: %d bytes of the heap marked for huge pages, want at least %d", c.cmd, r.marked, Size)
		}
	}
}

// markedForHugePages reads the address ranges that /proc/self/smaps shows
// with the hg (MADV_HUGEPAGE) flag.
func markedForHugePages() [][2]uintptr {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var marked [][2]uintptr
	var current [2]uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			for _, flag := range strings.Fields(flags) {
				if flag == "hg" {
					marked = append(marked, current)
				}
			}
			continue
		}
		span, _, _ := strings.Cut(line, " ")
		from, to, ok := strings.Cut(span, "-")
		if !ok {
			continue
		}
		lo, err1 := strconv.ParseUint(from, 16, 64)
		hi, err2 := strconv.ParseUint(to, 16, 64)
		if err1 == nil && err2 == nil {
			current = [2]uintptr{uintptr(lo), uintptr(hi)}
		}
	}
	return marked
}

func markedBytes(ranges [][2]uintptr) int {
	var n uintptr
	for _, r := range ranges {
		n += r[1] - r[0]
	}
	return int(n)
}

func covers(ranges [][2]uintptr, p uintptr, n int) bool {
	for _, r := range ranges {
		if p >= r[0] && p+uintptr(n) <= r[1] {
			return true
		}
	}
	return false
}
