package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHugeHeapIsReused runs backHeapWithHugePages in a child process (this
// test binary again, whose heap is then still small, as gloss's is when it
// starts) and checks, from /proc/self/smaps, that the kernel marked
// hugeHeap bytes for huge pages and that the memory the runtime hands out
// next lies in them: the runtime reusing the freed block is what the
// advice relies on, and a Go release that stopped doing so would fail
// here rather than quietly lose the gain.
func TestHugeHeapIsReused(t *testing.T) {
	if os.Getenv("GLOSS_TEST_HUGEHEAP") != "" {
		err := backHeapWithHugePages()
		tuneGC("build") // as main does next: the collector off from here
		marked := markedForHugePages()
		var total uintptr
		for _, r := range marked {
			total += r[1] - r[0]
		}
		// New spans, as a build's pages and bodies take: the runtime
		// fills the free pages below the block first (the ends of the
		// heap's first few MB), then the block; none may come from
		// memory it maps above the block while the block has room.
		var inside, above int
		var keep [][]byte
		for range 64 {
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
		fmt.Printf("err=%v marked=%d inside=%d above=%d\n", err, total, inside, above)
		os.Exit(0)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHugeHeapIsReused$")
	cmd.Env = append(os.Environ(), "GLOSS_TEST_HUGEHEAP=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var adviceErr string
	var marked, inside, above int
	line := strings.TrimSpace(string(out))
	if i := strings.LastIndex(line, "\n"); i >= 0 {
		line = line[i+1:]
	}
	rest, _ := strings.CutPrefix(line, "err=")
	adviceErr, rest, _ = strings.Cut(rest, " marked=")
	if _, err := fmt.Sscanf(rest, "%d inside=%d above=%d", &marked, &inside, &above); err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	thp, thpErr := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if thpErr != nil {
		// A kernel without transparent huge pages refuses the advice,
		// and the build goes on with small pages.
		if adviceErr == "<nil>" {
			t.Errorf("no transparent huge pages here (%v), yet the advice was taken", thpErr)
		}
		return
	}
	if adviceErr != "<nil>" {
		t.Fatalf("the kernel (transparent huge pages %q) refused MADV_HUGEPAGE: %s", strings.TrimSpace(string(thp)), adviceErr)
	}
	if marked < hugeHeap {
		t.Errorf("%d bytes of the heap marked for huge pages, want at least %d", marked, hugeHeap)
	}
	if inside == 0 || above > 0 {
		t.Errorf("of 64 new spans of 64 KB, %d in the memory marked for huge pages and %d above it: the runtime no longer reuses the freed block before mapping more", inside, above)
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

func covers(ranges [][2]uintptr, p uintptr, n int) bool {
	for _, r := range ranges {
		if p >= r[0] && p+uintptr(n) <= r[1] {
			return true
		}
	}
	return false
}
