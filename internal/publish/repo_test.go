package publish_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// TestRepositorySiteLinks builds this repository's own site, with its zip, the explainer in
// ../../content, in the hosted (pretty URL) and offline (file URL)
// styles, as gloss build does, and runs the link checker over both: every internal URL names a
// file of the output (offline: a file, never a folder), every #fragment an
// id in its target, and nothing needs a server or another host.
func TestRepositorySiteLinks(t *testing.T) {
	site := theme.Overlay(os.DirFS("../.."))
	// Built as gloss build builds it: both variants from one reading, the
	// hosted one with the zip among its files and linking to it.
	o, err := runBoth(site, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Failed() {
		var b strings.Builder
		o.Diags.Write(&b, "text")
		t.Fatalf("the repository's site does not build:\n%s", b.String())
	}
	var outs []linkcheck.Output
	for _, v := range []struct {
		name  string
		style graph.Style
		res   *build.Result
	}{{"hosted", graph.Pretty, o.Hosted}, {"offline", graph.Files, o.Offline}} {
		res := v.res
		if res.Pages < 10 {
			t.Fatalf("%s: only %d pages built", v.name, res.Pages)
		}
		for _, want := range []string{"index.html", "css/syntax.css"} {
			if _, ok := res.Files[want]; !ok {
				t.Errorf("%s: no %s in the output", v.name, want)
			}
		}
		pages := 0
		for p := range res.Files {
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		if pages < res.Pages {
			t.Errorf("%s: %d HTML files for %d pages", v.name, pages, res.Pages)
		}
		outs = append(outs, linkcheck.Output{Name: v.name, Style: v.style, Files: res.Files, Sources: res.Sources})
	}
	if z := o.Hosted.Pieced[o.ZipName+".zip"]; z == nil || z.Size() == 0 || !z.Equal(o.Zip.Bytes()) {
		t.Errorf("hosted: %s.zip is not the zip built", o.ZipName)
	}
	if o.ZipName != "data-security-annotated" {
		t.Errorf("zip name %q", o.ZipName)
	}
	_, files := readZip(t, o.Zip.Bytes())
	for _, p := range []string{"index.html", "README.txt", "principles/second/index.html", "css/site.css"} {
		if _, ok := files["data-security-annotated/"+p]; !ok {
			t.Errorf("no %s in the zip", p)
		}
	}
	for _, d := range linkcheck.Check(linkcheck.Options{Site: site, SiteURL: o.Hosted.Site.Settings.SiteURL}, outs...) {
		t.Error(d)
	}
}
