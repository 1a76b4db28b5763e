package main

import (
	"io/fs"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
	"github.com/gloss-ssg/gloss/internal/offline"
)

// checkLinks checks the variants an Outcome holds (internal links and
// anchors in each variant's style, nothing that needs a server or another
// host) and adds the problems to its diagnostics, so that they fail the
// build. It runs only when the builds have no errors: a page that failed
// to render would make every link to it a second, misleading error.
func checkLinks(site fs.FS, o *offline.Outcome) {
	if o.Offline == nil || o.Offline.Site == nil || o.Diags.HasErrors() {
		return
	}
	outs := []linkcheck.Output{{Name: "offline", Style: graph.Files, Files: o.Offline.Files, Sources: o.Offline.Sources}}
	if o.Hosted != nil {
		outs = append([]linkcheck.Output{{Name: "hosted", Style: graph.Pretty, Files: o.Hosted.Files, Sources: o.Hosted.Sources}}, outs...)
	}
	ds := linkcheck.Check(linkcheck.Options{Site: site, SiteURL: o.Offline.Site.Settings.SiteURL}, outs...)
	if len(ds) > 0 {
		o.Diags = append(o.Diags, ds...).Sort()
	}
}

// scanVariant checks one variant's links, for checkLinksScanned.
func scanVariant(site fs.FS, res *build.Result, name string, style graph.Style) linkcheck.Findings {
	return linkcheck.Scan(linkcheck.Options{Site: site, SiteURL: res.Site.Settings.SiteURL},
		linkcheck.Output{Name: name, Style: style, Files: res.Files, Sources: res.Sources})
}

// checkLinksScanned is checkLinks for an Outcome whose offline variant was
// scanned (offlineFound) before its files were let go: it scans the
// hosted variant and reports both as checkLinks would.
func checkLinksScanned(site fs.FS, o *offline.Outcome, offlineFound *linkcheck.Findings) {
	if o.Offline == nil || o.Offline.Site == nil || o.Diags.HasErrors() || offlineFound == nil {
		return
	}
	found := []linkcheck.Findings{*offlineFound}
	if o.Hosted != nil {
		found = append([]linkcheck.Findings{scanVariant(site, o.Hosted, "hosted", graph.Pretty)}, found...)
	}
	if ds := linkcheck.Report(found...); len(ds) > 0 {
		o.Diags = append(o.Diags, ds...).Sort()
	}
}
