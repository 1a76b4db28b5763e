// Package publish is the driver of a published build, what gloss build,
// gloss check and gloss zip run. Top to bottom, Run:
//
//  1. reads the site once (build.Read), so that both variants come from
//     the same sources even if an author saves a file meanwhile;
//  2. renders the offline variant (graph.Files: links name files, for
//     file://), rendering each body and executing each layout once for
//     both variants where it can (build.Options.Twin), and, with Spill,
//     keeping the hosted variant's page templates past a budget in a
//     temporary file;
//  3. checks its links;
//  4. zips it (offline.Pack), letting each file go as it is compressed,
//     so that a big site holds one variant at a time, and, with Spill,
//     keeps the zip in a temporary file until the end;
//  5. renders the hosted variant (graph.Pretty), whose pages link to the
//     zip with its size and whose files hold it;
//  6. checks the hosted variant's links and reports every diagnostic of
//     both variants once.
//
// Content problems (front matter, links, layouts) are diagnostics in the
// Report, which then has Failed set and must not be written; Run's error
// is for I/O failures and cancellation only. Writing the Report is the
// caller's: package export for a folder, an atomic file for the zip.
package publish

import (
	"context"
	"io/fs"
	"maps"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
	"github.com/gloss-ssg/gloss/internal/offline"
)

// Variants says which variants Run builds.
type Variants int

const (
	// Both builds the offline variant, its zip and the hosted variant
	// linking to it (gloss build, gloss check).
	Both Variants = iota
	// HostedOnly builds the hosted variant alone, with no zip and no link
	// to one (gloss build --no-offline).
	HostedOnly
	// OfflineOnly builds the offline variant and its zip (gloss zip).
	OfflineOnly
)

// Options change what Run makes.
type Options struct {
	Drafts   bool // include pages marked draft: true
	Variants Variants
	// NoZip builds the variants but leaves the zip empty, for a check that
	// writes nothing: compressing is a quarter of a big site's build. The
	// hosted pages then link to a zip of 0 bytes.
	NoZip bool
	// ZipTime is the time of every zip entry ($SOURCE_DATE_EPOCH, see
	// offline.ParseEpoch); zero: the newest date among the pages.
	ZipTime time.Time
	// Progress, if set, is called as pages are rendered, from worker
	// goroutines but never two at once: done counts the pages rendered in
	// every variant so far, total is the pages times the variants built.
	// done only grows.
	Progress func(done, total int)
	// Spill keeps what waits for the hosted variant in temporary files,
	// not in memory, where it can (package spill): the zip
	// (offline.Archive.Spill), which the Report reads from there until
	// closed, and the page templates past the offline build's budget
	// (build.Options.Spill).
	Spill bool
	// KeepOffline keeps the offline variant's Files and Sources in the
	// Report after the hosted variant is built (for tests); by default
	// they are let go before it is.
	KeepOffline bool
}

// Report is what Run made.
type Report struct {
	// Hosted is the hosted variant, with the zip among its files (ZipName
	// + ".zip", held in its Pieced) unless HostedOnly; nil with
	// OfflineOnly, or when the offline variant failed.
	Hosted *build.Result
	// Offline is the offline variant: the files inside the zip's folder
	// but README.txt. Its Files and Sources are nil once the hosted
	// variant is built, unless Options.KeepOffline. Nil with HostedOnly.
	Offline *build.Result
	// Zip is the offline zip: of size 0 with NoZip; nil when no zip was
	// made.
	Zip     *offline.Archive
	ZipName string // the zip's name without ".zip", and its folder
	// Diags are every variant's diagnostics and link problems, sorted,
	// each once.
	Diags diag.List
	// Pages is the number of pages of the site (in each variant).
	Pages int
	done  bool // every variant asked for was made
}

// Close lets go of what the Report holds outside memory (a spilled zip):
// its Zip cannot be read after it.
func (r *Report) Close() error { return r.Zip.Close() }

// Failed reports whether a variant has errors: nothing must be written.
func (r *Report) Failed() bool { return !r.done || r.Diags.HasErrors() }

// Run builds the site in fsys as Options say. The error is for I/O
// failures (a file or folder of the site that cannot be read) and for ctx
// cancelled, which stops rendering between pages; every other problem is
// a diagnostic in the Report.
func Run(ctx context.Context, fsys fs.FS, opts Options) (*Report, error) {
	sn, err := build.Read(fsys, build.Options{Drafts: opts.Drafts})
	if err != nil {
		return nil, err
	}
	defer sn.Close()
	variants := 2
	if opts.Variants != Both {
		variants = 1
	}
	count := &counter{report: opts.Progress, variants: variants}
	rep := &Report{}
	var (
		off          *build.Result
		offFound     []linkcheck.Findings
		zipPath      string
		offlineFirst = opts.Variants != HostedOnly
	)

	if offlineFirst {
		// Published builds minify stylesheets and scripts; only the hosted
		// one fingerprints them, for hosts that cache: from disk there is
		// no cache to outwit, and plain names are easier to look at.
		// With both variants, each body is rendered once, for both.
		off, err = sn.Build(ctx, build.Options{Drafts: opts.Drafts, Style: graph.Files, Minify: true, Progress: count.page,
			Twin: opts.Variants == Both, Spill: opts.Spill})
		if err != nil {
			return nil, err
		}
		rep.Offline, rep.Diags, rep.Pages = off, off.Diags, off.Pages
		if off.Failed() || off.Site == nil || off.Site.Home == nil {
			return rep, nil
		}
		rep.ZipName = offline.ZipName(off.Site)
		// Links are checked first, while every file is there; Pack then
		// lets each file go as it compresses it, so that a big site never
		// holds its offline pages and its zip at once.
		offFound = []linkcheck.Findings{scan(fsys, off, "offline", graph.Files)}
		zip := &offline.Archive{}
		if !opts.NoZip {
			files := off.Files
			if opts.KeepOffline || opts.Variants == OfflineOnly {
				files = maps.Clone(files)
			}
			if zip, err = offline.Pack(off.Site, files, opts.ZipTime); err != nil {
				// The build's own checks of output names keep this from
				// happening; should one miss, it is still the site's.
				rep.Diags = append(rep.Diags, diag.Errorf(off.Site.Home.File, 1, 1, "%v", err))
				return rep, nil
			}
		}
		rep.Zip = zip
		if opts.Variants == OfflineOnly {
			rep.Diags = withLinks(rep.Diags, offFound)
			rep.done = true
			return rep, nil
		}
		if !opts.KeepOffline {
			off.Files, off.Sources = nil, nil
		}
		if opts.Spill {
			// A zip that cannot be kept on disk (no writable temporary
			// folder) stays in memory, as it is: slower, not wrong.
			_ = rep.Zip.Spill("")
		}
		zipPath = rep.ZipName + ".zip"
	}

	hostOpts := build.Options{Drafts: opts.Drafts, Style: graph.Pretty, Minify: true, Fingerprint: true, Progress: count.page}
	if offlineFirst {
		hostOpts.Download = layout.NewDownload(zipPath, rep.Zip.Size())
	}
	host, err := sn.Build(ctx, hostOpts)
	if err != nil {
		return nil, err
	}
	rep.Hosted, rep.Pages = host, host.Pages
	rep.Diags = append(append(diag.List(nil), rep.Diags...), host.Diags...).Sort()
	if host.Failed() || host.Site == nil || host.Site.Home == nil {
		return rep, nil
	}
	if offlineFirst {
		host.Files[zipPath] = nil
		host.Pieced = map[string]build.Pieced{zipPath: rep.Zip}
		host.Sources[zipPath] = off.Site.Home.File
	}
	// Hosted first: where both variants break one link, the hosted
	// variant's message is the one kept.
	rep.Diags = withLinks(rep.Diags, append([]linkcheck.Findings{scan(fsys, host, "hosted", graph.Pretty)}, offFound...))
	rep.done = true
	return rep, nil
}

// scan checks one variant's links (internal links and anchors in its
// style, nothing that needs a server or another host).
func scan(site fs.FS, res *build.Result, name string, style graph.Style) linkcheck.Findings {
	return linkcheck.Scan(linkcheck.Options{Site: site, SiteURL: res.Site.Settings.SiteURL},
		linkcheck.Output{Name: name, Style: style, Files: res.Files, Sources: res.Sources})
}

// withLinks adds the link problems found to ds, so that they fail the
// build. Only a build without errors is checked: a page that failed to
// render would make every link to it a second, misleading error.
func withLinks(ds diag.List, found []linkcheck.Findings) diag.List {
	if ds.HasErrors() {
		return ds
	}
	if links := linkcheck.Report(found...); len(links) > 0 {
		return append(ds, links...).Sort()
	}
	return ds
}

// counter counts pages rendered across variants, for Options.Progress.
// Builds report pages from several goroutines; the lock makes done grow
// one at a time in the order reported.
type counter struct {
	mu       sync.Mutex
	done     int
	variants int
	report   func(done, total int)
}

// page counts one page of a build of pages pages.
func (c *counter) page(pages int) {
	if c.report == nil {
		return
	}
	c.mu.Lock()
	c.done++
	c.report(c.done, pages*c.variants)
	c.mu.Unlock()
}
