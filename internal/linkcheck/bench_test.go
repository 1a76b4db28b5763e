package linkcheck_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// BenchmarkCheck checks both variants of the site in $GLOSS_BENCH_SITE
// (the repository's own site when unset), built once beforehand:
//
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench Check ./internal/linkcheck
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("GLOSS_BENCH_SITE")
	if dir == "" {
		dir = "../.."
	}
	fsys := theme.Overlay(os.DirFS(dir))
	hosted, err1 := build.Build(context.Background(), fsys, build.Options{Style: graph.Pretty})
	off, err2 := build.Build(context.Background(), fsys, build.Options{Style: graph.Files})
	if err := errors.Join(err1, err2); err != nil {
		b.Fatal(err)
	}
	if hosted.Failed() || off.Failed() {
		b.Fatalf("the site does not build: %v %v", hosted.Diags, off.Diags)
	}
	outs := []linkcheck.Output{
		{Name: "hosted", Style: graph.Pretty, Files: hosted.Files, Sources: hosted.Sources},
		{Name: "offline", Style: graph.Files, Files: off.Files, Sources: off.Sources},
	}
	var size int64
	for _, o := range outs {
		for _, data := range o.Files {
			size += int64(len(data))
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if ds := linkcheck.Check(linkcheck.Options{Site: fsys, SiteURL: hosted.Site.Settings.SiteURL}, outs...); len(ds) > 0 {
			b.Fatalf("%d problems, the first: %s", len(ds), ds[0])
		}
	}
	b.ReportMetric(float64(hosted.Pages), "pages")
}
