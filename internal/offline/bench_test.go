package offline_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/offline"
)

// benchSite is GLOSS_BENCH_SITE, or this repository's site. For the
// 10,000-page corpus:
//
//	python3 ../shared/bench/gencorpus.py 10000 /tmp/g10k && cp -r layouts static /tmp/g10k/
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench . -benchtime 3x ./internal/offline
func benchSite(b *testing.B) string {
	if dir := os.Getenv("GLOSS_BENCH_SITE"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..")
}

// BenchmarkBuild compares the hosted build alone with what gloss build
// makes: the offline variant, its zip and the hosted variant.
func BenchmarkBuild(b *testing.B) {
	dir := benchSite(b)
	b.Run("hosted-only", func(b *testing.B) {
		for b.Loop() {
			if res := build.Build(os.DirFS(dir), build.Options{}); res.Failed() {
				b.Fatal("build failed")
			}
		}
	})
	b.Run("offline+zip+hosted", func(b *testing.B) {
		var size int
		for b.Loop() {
			o, err := offline.Build(os.DirFS(dir), offline.Options{})
			if err != nil || o.Failed() {
				b.Fatal("build failed")
			}
			size = len(o.Zip)
		}
		b.ReportMetric(float64(size)/1e6, "zip-MB")
	})
	b.Run("both-variants-no-zip", func(b *testing.B) {
		for b.Loop() {
			if o, err := offline.Build(os.DirFS(dir), offline.Options{NoZip: true}); err != nil || o.Failed() {
				b.Fatal("build failed")
			}
		}
	})
}

// BenchmarkZip is the zip alone, from the offline variant in memory.
func BenchmarkZip(b *testing.B) {
	res := build.Build(os.DirFS(benchSite(b)), build.Options{Style: graph.Files})
	if res.Failed() {
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
		size = len(z)
	}
	b.ReportMetric(float64(size)/1e6, "zip-MB")
}
