package devloop

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToReload measures the dev server as an author feels it:
// from a page's file being written to the `reload` event arriving at a
// browser's event stream, through fsnotify, the watcher's quiet window,
// the incremental rebuild and the publish. It reports the median and 95th
// percentile, and the process's resident memory while serving.
//
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench EditToReload -benchtime 50x ./internal/devloop
//
// where /tmp/g10k is the shared corpus with this repository's layouts:
//
//	python3 ../shared/bench/gencorpus.py 10000 /tmp/g10k && cp -r layouts static /tmp/g10k/
//
// Without GLOSS_BENCH_SITE it edits a copy of this repository's site.
func BenchmarkEditToReload(b *testing.B) {
	// The collector as `gloss serve` runs it (cmd/gloss/gc.go), so that
	// resident memory is measured as an author's server has it: GOGC 40,
	// and the loop following the heap (settle, collectAhead).
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
		followHeap = true
		defer func() { followHeap = false }()
	}
	site := copyRepoSite(b)
	if src := os.Getenv("GLOSS_BENCH_SITE"); src != "" {
		site = b.TempDir()
		if err := os.CopyFS(site, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(site, "content", "principles", "*.md"))
	sort.Strings(pages)
	if len(pages) < 2 {
		b.Fatal("no principle pages to edit")
	}
	file := pages[len(pages)/2]
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	_, events := serving(b, site)

	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, fmt.Appendf(append([]byte{}, orig...), "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		next(b, events, "reload")
		lat = append(lat, time.Since(start))
		b.StopTimer()
		time.Sleep(20 * time.Millisecond) // separate saves, as an author's are
		b.StartTimer()
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	rss, hwm := memory()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.Logf("after a collection: live heap %d MB, inuse %d MB, idle %d MB, released %d MB, sys %d MB, gc %d",
		m.HeapAlloc>>20, m.HeapInuse>>20, m.HeapIdle>>20, m.HeapReleased>>20, m.Sys>>20, m.NumGC)
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(hwm, "peak-rss-MB")
}

// serveGCPercent is cmd/gloss's serveGCPercent, which `gloss serve` runs with.
const serveGCPercent = 40

// memory reads the process's resident and peak resident memory, in MB.
func memory() (rss, peak float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}
