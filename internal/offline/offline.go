// Package offline owns the offline variant of a site and the zip that
// carries it to classrooms. The offline variant is the same site built so
// that it opens from disk: every internal link names a file
// ("principles/second/index.html", "index.html" for home), since file://
// has no directory index. Build reads the sources once and makes, from
// that one reading, the offline variant, its zip, and then the hosted
// variant, whose pages link to the zip with its size; BuildZip makes the
// offline variant and the zip only.
//
// The zip has one top-level folder named after the site (package zipname),
// with index.html and a README.txt at its top. Its bytes depend only on the
// sources: entries are sorted, folders have entries of their own, modes are
// 0644 and 0755, and every time is the same: $SOURCE_DATE_EPOCH when set,
// else the newest date among the pages, never before 1980 nor after 2107
// (zip cannot say earlier or later).
package offline

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/offline/zipname"
)

// Options change what Build and BuildZip make.
type Options struct {
	// Build carries Drafts and Progress; Style and Download are set here.
	Build build.Options
	// SourceDateEpoch is the value of $SOURCE_DATE_EPOCH ("" when unset):
	// seconds since 1970, the time of every zip entry.
	SourceDateEpoch string
	// NoZip builds both variants but leaves the zip empty, for a check
	// that writes nothing: compressing is a quarter of a big site's build.
	// The hosted pages link to the zip with a size of 0 bytes.
	NoZip bool
	// OfflineDone, if set, is called with the offline variant once it is
	// built without errors and zipped, before the hosted variant is built:
	// a caller checks it there. With ReleaseOffline its files are then
	// let go (Outcome.Offline keeps its Site and diagnostics, not its
	// Files or Sources), so that a big site does not hold both variants in
	// memory at once.
	OfflineDone    func(*build.Result)
	ReleaseOffline bool
}

// Outcome is what Build and BuildZip made.
type Outcome struct {
	// Hosted is the hosted variant, with the zip among its files
	// (ZipName + ".zip"); nil from BuildZip, or when the offline variant
	// failed.
	Hosted *build.Result
	// Offline is the offline variant, exactly the files inside the zip's
	// folder except README.txt.
	Offline *build.Result
	Zip     []byte // nil when a build failed; empty with NoZip
	ZipName string // the zip's name without ".zip", and its folder
	// Diags are both builds' diagnostics, sorted, each once.
	Diags diag.List
	done  bool // every build asked for was made
}

// Failed reports whether a build has errors: nothing must be written.
func (o *Outcome) Failed() bool { return !o.done || o.Diags.HasErrors() }

// Build reads the site in fsys once and builds, from that reading, the
// offline variant, its zip, and the hosted variant linking to the zip.
func Build(fsys fs.FS, opts Options) (*Outcome, error) {
	return run(fsys, opts, true)
}

// BuildZip builds only the offline variant and its zip.
func BuildZip(fsys fs.FS, opts Options) (*Outcome, error) {
	return run(fsys, opts, false)
}

func run(fsys fs.FS, opts Options, hosted bool) (*Outcome, error) {
	epoch, err := parseEpoch(opts.SourceDateEpoch)
	if err != nil {
		return nil, err
	}
	sn := build.Read(fsys, opts.Build)
	progress := opts.Build.Progress

	// Published builds minify stylesheets and scripts; the hosted one also
	// fingerprints them, for hosts that cache. From disk there is no
	// cache to outwit, and plain names are easier to look at.
	offOpts := opts.Build
	offOpts.Style, offOpts.Download = graph.Files, nil
	offOpts.Minify = true
	if progress != nil && hosted { // two builds: the first half of the work
		offOpts.Progress = func(done, total int) { progress(done, 2*total) }
	}
	off := sn.Build(offOpts)
	o := &Outcome{Offline: off, Diags: off.Diags}
	if off.Failed() || off.Site == nil || off.Site.Home == nil {
		return o, nil
	}
	o.ZipName = zipname.Of(off.Site)
	mtime := epoch
	if opts.SourceDateEpoch == "" {
		mtime = newestDate(off.Site)
	}
	files := make(map[string][]byte, len(off.Files)+1)
	for p, data := range off.Files {
		files[p] = data
	}
	files[zipname.Readme] = Readme(siteTitle(off.Site), o.ZipName)
	zip := []byte{}
	if !opts.NoZip {
		if zip, err = Zip(files, o.ZipName, clampTime(mtime)); err != nil {
			return nil, err
		}
	}
	files = nil
	if opts.OfflineDone != nil {
		opts.OfflineDone(off)
	}
	if !hosted {
		o.Zip, o.done = zip, true
		return o, nil
	}
	if opts.ReleaseOffline {
		off.Files, off.Sources = nil, nil
	}

	zipPath := o.ZipName + ".zip"
	hostOpts := opts.Build
	hostOpts.Style, hostOpts.Download = graph.Pretty, layout.NewDownload(zipPath, int64(len(zip)))
	hostOpts.Minify, hostOpts.Fingerprint = true, true
	if progress != nil {
		hostOpts.Progress = func(done, total int) { progress(total+done, 2*total) }
	}
	res := sn.Build(hostOpts)
	o.Hosted = res
	o.Diags = append(append(diag.List(nil), off.Diags...), res.Diags...).Sort()
	if res.Failed() {
		return o, nil
	}
	res.Files[zipPath] = zip
	res.Sources[zipPath] = off.Site.Home.File
	o.Zip, o.done = zip, true
	return o, nil
}

// parseEpoch reads $SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
func parseEpoch(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a whole number of seconds since 1970", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// newestDate is the latest date among the site's pages (zero if none).
func newestDate(site *graph.Site) time.Time {
	var t time.Time
	for _, p := range site.Pages {
		if d := p.Meta.Date.Time; d.After(t) {
			t = d
		}
	}
	return t.UTC()
}

// Zip times run from 1980 to 2107 (MS-DOS dates).
var (
	minTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
)

func clampTime(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Second)
	if t.Before(minTime) {
		return minTime
	}
	if t.After(maxTime) {
		return maxTime
	}
	return t
}

func siteTitle(site *graph.Site) string {
	if site.Settings.Title != "" {
		return site.Settings.Title
	}
	return site.Home.Meta.Title
}

// Readme is the README.txt at the top of the zip: how to open the site,
// in plain words, for a classroom. Lines end in CRLF for old Notepads.
func Readme(title, folder string) []byte {
	text := title + ": offline copy\n\n" +
		"This folder is the whole website. It works without the internet.\n\n" +
		"How to open it:\n\n" +
		"1. Extract all the files from the zip first.\n" +
		"   - Windows: right-click the zip file, choose \"Extract All...\", then \"Extract\".\n" +
		"   - Mac: double-click the zip file.\n" +
		"   - Chromebook or Linux: open the zip file and copy the folder out of it.\n" +
		"2. Open the folder " + folder + " (it may be inside another folder\n" +
		"   of the same name).\n" +
		"3. Open index.html. It opens in your web browser.\n\n" +
		"A page opened straight from inside the zip, without extracting it first,\n" +
		"shows without its styles and its links do not work. If that happens,\n" +
		"close it, extract all the files, and open index.html from the folder.\n\n" +
		"Keep the files together in their folder. You can copy the whole folder\n" +
		"to a USB stick or a shared drive.\n"
	return []byte(strings.ReplaceAll(text, "\n", "\r\n"))
}
