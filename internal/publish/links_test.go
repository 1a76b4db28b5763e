package publish_test

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/publish"
)

// TestLinkOutOfTheSite: a symbolic link that leaves the site folder fails
// both variants: no zip, no hosted pages, one error at the link, and the
// offline build, which went on to find any other error, holds nothing
// from the link.
func TestLinkOutOfTheSite(t *testing.T) {
	fsys := themed(t, miniSite)
	fsys["static/env.txt"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("/proc/self/environ")}
	for name, build := range map[string]func(fs.FS, publish.Options) (*publish.Report, error){
		"Both": runBoth, "OfflineOnly": runZip,
	} {
		o, err := build(fsys, publish.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := o.Offline.Files["env.txt"]; !o.Failed() || o.Zip != nil || o.Hosted != nil || ok {
			t.Errorf("%s: failed %v, zip of %d bytes, hosted %v, offline env.txt %v", name, o.Failed(), o.Zip.Size(), o.Hosted != nil, ok)
		}
		var got []string
		for _, d := range o.Diags {
			got = append(got, d.String())
		}
		want := []string{"static/env.txt:1:1: error: symbolic link to /proc/self/environ leaves the site; gloss reads only files inside the site folder"}
		if !slices.Equal(got, want) {
			t.Errorf("%s: diagnostics %q, want %q", name, got, want)
		}
	}
}
