package build_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/build"
)

// buildOnce is build.Build for a site that can be read: an error (I/O or
// cancellation) fails the test.
func buildOnce(t testing.TB, fsys fs.FS, opts build.Options) *build.Result {
	t.Helper()
	res, err := build.Build(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// failingFS is a MapFS whose Open fails for one path with an error other
// than fs.ErrNotExist, as a failing disk or a permission would.
type failingFS struct {
	fstest.MapFS
	bad string
}

var errDisk = errors.New("input/output error")

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errDisk}
	}
	return f.MapFS.Open(name)
}

// manyPages is a site of one section with n pages, in layoutsTxtar.
func manyPages(t testing.TB, n int) fstest.MapFS {
	archive := layoutsTxtar + homeTxtar + "-- content/notes/_index.md --\n---\ntitle: Notes\n---\n"
	for i := range n {
		archive += fmt.Sprintf("-- content/notes/p%d.md --\n---\ntitle: P%d\n---\nText of page %d.\n", i, i, i)
	}
	return newSite(t, archive).fs
}

// TestBuildIOFailure: a file that cannot be read is an error of Build,
// naming the file and wrapping the file system's error, not a diagnostic
// in a Result, even beside a problem of the site's own making.
func TestBuildIOFailure(t *testing.T) {
	fsys := failingFS{MapFS: manyPages(t, 2), bad: "content/notes/p1.md"}
	// A link to nothing beside it, which alone would be a diagnostic,
	// does not hide the I/O failure.
	fsys.MapFS["static/gone.css"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("nowhere.css")}
	res, err := build.Build(context.Background(), fsys, build.Options{})
	if err == nil || !errors.Is(err, errDisk) {
		t.Fatalf("Build: %v, %v; want an error wrapping the disk's", res, err)
	}
	if want := "reading the site: content/notes/p1.md: cannot read: input/output error"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if res != nil {
		t.Errorf("a Result with an I/O error: %v", res.Paths())
	}
	// A site without content/ is the site's problem: a diagnostic.
	res = buildOnce(t, fstest.MapFS{"layouts/x.html": {Data: []byte("x")}}, build.Options{})
	if !res.Failed() {
		t.Errorf("a site without content/ did not fail")
	}
}

// TestBuildCancelled: a cancelled context stops the build between pages
// and Build returns context.Canceled; a context cancelled while pages are
// rendered stops the rest.
func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := build.Build(ctx, manyPages(t, 3), build.Options{})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("Build with a cancelled context: %v, %v; want context.Canceled", res, err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var pages atomic.Int64
	const n = 200 // far more pages than cores
	_, err = build.Build(ctx, manyPages(t, n), build.Options{Progress: func(int) {
		pages.Add(1)
		cancel()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Build cancelled during the pages: %v, want context.Canceled", err)
	}
	if got := pages.Load(); got >= n/2 {
		t.Errorf("%d of %d pages rendered after the first cancelled the build", got, n+2)
	}
}

// TestBuildProgress: Progress is called once for each page, with the
// number of pages.
func TestBuildProgress(t *testing.T) {
	var calls atomic.Int64
	res := buildOnce(t, manyPages(t, 5), build.Options{Progress: func(pages int) {
		calls.Add(1)
		if pages != 7 { // home, notes and its five pages
			t.Errorf("Progress(%d), want 7 pages", pages)
		}
	}})
	if res.Failed() || calls.Load() != int64(res.Pages) {
		t.Errorf("Progress called %d times for %d pages (%v)", calls.Load(), res.Pages, res.Diags)
	}
}
