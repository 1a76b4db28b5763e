package offline_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// benchSite is GLOSS_BENCH_SITE, or this repository's site. For the
// 10,000-page corpus:
//
//	python3 ../shared/bench/gencorpus.py 10000 /tmp/g10k && cp -r layouts /tmp/g10k/
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench . -benchtime 3x ./internal/offline
func benchSite(b *testing.B) string {
	if dir := os.Getenv("GLOSS_BENCH_SITE"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..")
}

// BenchmarkZip is the zip alone, from the offline variant in memory.
func BenchmarkZip(b *testing.B) {
	res, err := build.Build(context.Background(), theme.Overlay(os.DirFS(benchSite(b))), build.Options{Style: graph.Files})
	if err != nil || res.Failed() {
		b.Fatal("build failed")
	}
	total := 0
	for _, data := range res.Files {
		total += len(data)
	}
	b.SetBytes(int64(total))
	var size int
	for b.Loop() {
		z, err := offline.Zip(res.Files, "site", time.Unix(1_600_000_000, 0).UTC())
		if err != nil {
			b.Fatal(err)
		}
		size = int(z.Size())
	}
	b.ReportMetric(float64(size)/1e6, "zip-MB")
}
