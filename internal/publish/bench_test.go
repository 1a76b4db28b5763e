package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// benchSite is GLOSS_BENCH_SITE, or this repository's site. For the
// 10,000-page corpus:
//
//	python3 ../shared/bench/gencorpus.py 10000 /tmp/g10k && cp -r layouts /tmp/g10k/
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench . -benchtime 3x ./internal/publish
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
			if o, err := publish.Run(context.Background(), theme.Overlay(os.DirFS(dir)), publish.Options{Variants: publish.HostedOnly}); err != nil || o.Failed() {
				b.Fatal("build failed")
			}
		}
	})
	b.Run("offline+zip+hosted", func(b *testing.B) {
		var size int
		for b.Loop() {
			o, err := runBoth(theme.Overlay(os.DirFS(dir)), publish.Options{})
			if err != nil || o.Failed() {
				b.Fatal("build failed")
			}
			size = int(o.Zip.Size())
		}
		b.ReportMetric(float64(size)/1e6, "zip-MB")
	})
	b.Run("both-variants-no-zip", func(b *testing.B) {
		for b.Loop() {
			if o, err := runBoth(theme.Overlay(os.DirFS(dir)), publish.Options{NoZip: true}); err != nil || o.Failed() {
				b.Fatal("build failed")
			}
		}
	})
}
