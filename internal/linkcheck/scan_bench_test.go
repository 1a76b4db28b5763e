package linkcheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScanHTML scans every page of a built site's output folder,
// $GLOSS_BENCH_OUT (skipped when unset), one after another on one core.
// cpu-ns/op counts the process's CPU time, the garbage collector's with
// it, which a shared machine disturbs less than the wall time:
//
//	gloss build --site /tmp/g10k --out /dev/shm/g10k-out
//	GLOSS_BENCH_OUT=/dev/shm/g10k-out go test -run '^$' -bench ScanHTML -benchtime 3x ./internal/linkcheck
func BenchmarkScanHTML(b *testing.B) {
	dir := os.Getenv("GLOSS_BENCH_OUT")
	if dir == "" {
		b.Skip("GLOSS_BENCH_OUT names no built site")
	}
	var names []string
	var pages [][]byte
	var size int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || kindOf(p) != htmlFile {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		names = append(names, p)
		pages = append(pages, data)
		size += int64(len(data))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(pages) == 0 {
		b.Fatalf("no pages in %s", dir)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		for i, data := range pages {
			scanHTML(names[i], data)
		}
	}
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}
