package main

import (
	"io/fs"

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
