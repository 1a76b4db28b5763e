package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapAdvice runs tuneGC("build") in a child process (this test
// binary again, for a runtime in its first state) and checks with Linux's
// own account of the process (/proc/self/smaps) that the build's
// allocations land on memory advised for huge pages (the heap reserveHeap
// grew), and that with GODEBUG=disablethp=1 or GOGC set none do.
func TestHeapAdvice(t *testing.T) {
	if os.Getenv("GLOSS_TEST_HEAP") != "" {
		tuneGC("build")
		// The first few may fit in what is left of the heap's first
		// mapping; from then on the build's memory is the reserve.
		advised := 0
		for i := range 64 {
			p := uintptr(unsafe.Pointer(unsafe.SliceData(make([]byte, 256<<10))))
			if i < 32 {
				continue
			}
			flags, err := vmFlags(p)
			if err != nil {
				fmt.Println(err)
				os.Exit(1)
			}
			if strings.Contains(" "+flags+" ", " hg ") {
				advised++
			}
		}
		fmt.Printf("last 32 allocations on advised memory: %d\n", advised)
		os.Exit(0)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env, want string
	}{
		{"", "last 32 allocations on advised memory: 32"},
		{"GODEBUG=disablethp=1", "last 32 allocations on advised memory: 0"},
		{"GOGC=100", "last 32 allocations on advised memory: 0"},
	} {
		cmd := exec.Command(exe, "-test.run=^TestHeapAdvice$")
		cmd.Env = append(withoutGCSettings(os.Environ()), "GLOSS_TEST_HEAP=1")
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if string(out) != c.want+"\n" {
			t.Errorf("with %q: got %q, want %q (with none advised, does this kernel give huge pages on madvise? /sys/kernel/mm/transparent_hugepage/enabled)", c.env, out, c.want)
		}
	}
}

// vmFlags returns the VmFlags line of the mapping holding addr, from
// /proc/self/smaps.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = addr >= lo && addr < hi
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.TrimSpace(flags), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping holds %#x in /proc/self/smaps", addr)
}
