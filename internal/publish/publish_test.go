package publish_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/publish"
)

// TestRunBothVariants: one Run makes the offline variant, its zip and the
// hosted variant holding the zip and linking to it; the offline variant's
// files are let go once the hosted one is built.
func TestRunBothVariants(t *testing.T) {
	rep, err := publish.Run(context.Background(), themed(t, miniSite), publish.Options{})
	if err != nil || rep.Failed() {
		t.Fatalf("Run: %v\n%s", err, diagText(rep))
	}
	if rep.Hosted == nil || rep.Offline == nil {
		t.Fatalf("hosted %v, offline %v: want both", rep.Hosted != nil, rep.Offline != nil)
	}
	if rep.ZipName != "mini" || rep.Zip.Size() == 0 {
		t.Fatalf("zip %q, %d bytes", rep.ZipName, rep.Zip.Size())
	}
	if got, ok := rep.Hosted.Pieced["mini.zip"]; !ok || got.Size() != rep.Zip.Size() || !got.Equal(rep.Zip.Bytes()) {
		t.Errorf("the hosted files' mini.zip is not the zip (%v, want %d bytes)", got, rep.Zip.Size())
	}
	if data, ok := rep.Hosted.Files["mini.zip"]; !ok || data != nil {
		t.Errorf("the hosted files list mini.zip %v, with %d bytes: want it listed with none, held in Pieced", ok, len(data))
	}
	if rep.Hosted.Sources["mini.zip"] != "content/_index.md" {
		t.Errorf("mini.zip comes from %q, want the home page", rep.Hosted.Sources["mini.zip"])
	}
	if !strings.Contains(string(rep.Hosted.Files["index.html"]), `href="mini.zip"`) {
		t.Errorf("the hosted home page does not link to the zip")
	}
	_, files := readZip(t, rep.Zip.Bytes())
	if _, ok := files["mini/points/one/index.html"]; !ok {
		t.Errorf("the zip lacks the offline page mini/points/one/index.html: %v", sortedKeys(files))
	}
	if rep.Offline.Files != nil || rep.Offline.Site == nil {
		t.Errorf("the offline variant's files were kept after the hosted one was built")
	}
	if rep.Pages != rep.Hosted.Pages || rep.Pages < 5 {
		t.Errorf("Pages = %d, hosted built %d", rep.Pages, rep.Hosted.Pages)
	}
}

// TestRunOneVariant: HostedOnly makes no zip and no link to one;
// OfflineOnly makes the zip and no hosted variant.
func TestRunOneVariant(t *testing.T) {
	fsys := themed(t, miniSite)
	host, err := publish.Run(context.Background(), fsys, publish.Options{Variants: publish.HostedOnly})
	if err != nil || host.Failed() {
		t.Fatalf("HostedOnly: %v\n%s", err, diagText(host))
	}
	if host.Offline != nil || host.Zip != nil {
		t.Errorf("HostedOnly made an offline variant or a zip")
	}
	for p, data := range host.Hosted.Files {
		if strings.HasSuffix(p, ".zip") || bytes.Contains(data, []byte("mini.zip")) {
			t.Errorf("HostedOnly: %s is or links to a zip", p)
		}
	}
	off, err := publish.Run(context.Background(), fsys, publish.Options{Variants: publish.OfflineOnly})
	if err != nil || off.Failed() {
		t.Fatalf("OfflineOnly: %v\n%s", err, diagText(off))
	}
	if off.Hosted != nil || off.Zip.Size() == 0 {
		t.Errorf("OfflineOnly: hosted %v, zip %d bytes", off.Hosted != nil, off.Zip.Size())
	}
}

// TestRunLinkErrorsOnce: a link a layout breaks in both variants is one
// diagnostic naming both; one broken only offline names the offline
// variant; neither is repeated.
func TestRunLinkErrorsOnce(t *testing.T) {
	fsys := themed(t, miniSite)
	page := string(fsys["layouts/page.html"].Data)
	if !strings.Contains(page, "<article>") {
		t.Fatal("layouts/page.html has no <article> to add links to")
	}
	page = strings.Replace(page, "<article>", `<article><a href="#nowhere">x</a><a href="{{ .Root }}">top</a>`, 1)
	fsys["layouts/page.html"] = &fstest.MapFile{Data: []byte(page)}
	for _, v := range []publish.Variants{publish.Both, publish.OfflineOnly, publish.HostedOnly} {
		rep, err := publish.Run(context.Background(), fsys, publish.Options{Variants: v})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Failed() {
			t.Fatalf("variants %d: broken links did not fail the build", v)
		}
		var anchor, folder []string
		for _, d := range rep.Diags {
			switch {
			case strings.Contains(d.Msg, `"#nowhere"`):
				anchor = append(anchor, d.String())
			case strings.Contains(d.Msg, "names the folder at the site's root"):
				folder = append(folder, d.String())
			default:
				t.Errorf("variants %d: unexpected %s", v, d)
			}
		}
		wantAnchor := map[publish.Variants]string{publish.Both: "(hosted and offline)", publish.OfflineOnly: "(offline)", publish.HostedOnly: "(hosted)"}[v]
		if len(anchor) != 1 || !strings.Contains(anchor[0], wantAnchor) {
			t.Errorf("variants %d: the missing anchor reported as %q, want once, %s", v, anchor, wantAnchor)
		}
		if wantFolder := v != publish.HostedOnly; len(folder) != map[bool]int{true: 1}[wantFolder] ||
			wantFolder && !strings.Contains(folder[0], "(offline)") {
			t.Errorf("variants %d: the folder link reported as %q", v, folder)
		}
	}
}

// TestRunProgress: pages are counted once per variant built, one at a
// time, up to the pages times the variants.
func TestRunProgress(t *testing.T) {
	fsys := themed(t, miniSite)
	for _, tc := range []struct {
		opts     publish.Options
		variants int
	}{
		{publish.Options{}, 2},
		{publish.Options{NoZip: true}, 2},
		{publish.Options{Variants: publish.HostedOnly}, 1},
		{publish.Options{Variants: publish.OfflineOnly}, 1},
	} {
		var mu sync.Mutex
		var calls [][2]int
		tc.opts.Progress = func(done, total int) {
			mu.Lock()
			calls = append(calls, [2]int{done, total})
			mu.Unlock()
		}
		rep, err := publish.Run(context.Background(), fsys, tc.opts)
		if err != nil || rep.Failed() {
			t.Fatalf("Run: %v\n%s", err, diagText(rep))
		}
		want := rep.Pages * tc.variants
		if len(calls) != want {
			t.Errorf("%d variants of %d pages: %d calls, want %d", tc.variants, rep.Pages, len(calls), want)
		}
		for i, c := range calls {
			if c != [2]int{i + 1, want} {
				t.Errorf("%d variants: call %d was (%d, %d), want (%d, %d)", tc.variants, i, c[0], c[1], i+1, want)
				break
			}
		}
	}
}

// TestRunCancelled: a cancelled context stops the build and Run returns
// context.Canceled, before the first variant or between pages.
func TestRunCancelled(t *testing.T) {
	fsys := themed(t, miniSite)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := publish.Run(ctx, fsys, publish.Options{}); !errors.Is(err, context.Canceled) || rep != nil {
		t.Errorf("Run with a cancelled context: %v, %v; want context.Canceled", rep, err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	pages := 0
	rep, err := publish.Run(ctx, fsys, publish.Options{Progress: func(done, total int) {
		pages = done
		cancel()
	}})
	if !errors.Is(err, context.Canceled) || rep != nil {
		t.Errorf("Run cancelled at the first page: %v, %v; want context.Canceled", rep, err)
	}
	// The page whose progress cancelled, and those started beside it.
	if pages == 0 || pages > runtime.GOMAXPROCS(0) {
		t.Errorf("%d pages rendered after the cancel", pages)
	}
}

// failingFS fails to open one file with an error other than
// fs.ErrNotExist, as a failing disk does.
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

// TestRunIOFailure: a file that cannot be read is Run's error, not a
// diagnostic, and nothing is built.
func TestRunIOFailure(t *testing.T) {
	fsys := failingFS{MapFS: themed(t, miniSite), bad: "content/points/two.md"}
	pages := 0
	rep, err := publish.Run(context.Background(), fsys, publish.Options{Progress: func(done, total int) { pages = done }})
	if !errors.Is(err, errDisk) || rep != nil {
		t.Fatalf("Run: %v, %v; want the disk's error", rep, err)
	}
	if want := "reading the site: content/points/two.md: cannot read: input/output error"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if pages != 0 {
		t.Errorf("%d pages rendered from a site that could not be read", pages)
	}
}

// TestSpill: with Spill the hosted variant is built with the zip
// kept on disk, and the Report reads the same zip, and the same hosted
// site, as one that kept it in memory, until it is closed.
func TestSpill(t *testing.T) {
	fsys := themed(t, miniSite)
	// A big file that deflate cannot shrink makes a zip big enough to be
	// kept on disk (a small one stays in memory).
	noise := make([]byte, 5<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	fsys["static/noise.bin"] = &fstest.MapFile{Data: noise}
	mem := mustBuild(t, fsys, publish.Options{})
	disk := mustBuild(t, fsys, publish.Options{Spill: true})
	want := mem.Zip.Bytes()
	if len(want) == 0 || !bytes.Equal(disk.Zip.Bytes(), want) || !disk.Hosted.Pieced["mini.zip"].Equal(want) {
		t.Fatalf("a spilled zip reads %d bytes, not the %d of one kept in memory", disk.Zip.Size(), len(want))
	}
	if !equalFiles(disk.Hosted.Files, mem.Hosted.Files) {
		t.Error("the hosted site differs with the zip on disk")
	}
	if err := disk.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := disk.Zip.WriteTo(io.Discard); err == nil {
		t.Error("the zip was read after Close")
	}
	if err := mem.Close(); err != nil || !bytes.Equal(mem.Zip.Bytes(), want) {
		t.Errorf("Close of a Report with the zip in memory: %v, and the zip is gone", err)
	}
}
