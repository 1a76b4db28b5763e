package publish_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/feeds"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
	"github.com/gloss-ssg/gloss/internal/publish"
)

// TestMetadataVariants: with a site_url, the hosted variant has the feed,
// sitemap, robots.txt and 404.html, and pages with canonical and Open
// Graph URLs; the offline variant and its zip have none of those files and
// no URL of the hosted site anywhere (nothing there is crawled, served or
// subscribed to); both variants pass the link checker.
func TestMetadataVariants(t *testing.T) {
	const siteURL = "https://mini.example.net/sub/"
	archive := strings.Replace(miniSite, "  zip_name: mini\n", "  zip_name: mini\n  site_url: "+siteURL+"\n", 1)
	if archive == miniSite {
		t.Fatal("the mini site's settings changed: no zip_name line to add site_url after")
	}
	fsys := themed(t, archive)
	o := mustBuild(t, fsys, publish.Options{})
	_, zipped := readZip(t, o.Zip.Bytes())
	for _, p := range []string{feeds.FeedPath, feeds.SitemapPath, feeds.RobotsPath, feeds.NotFoundPath} {
		if _, ok := o.Hosted.Files[p]; !ok {
			t.Errorf("the hosted variant has no %s", p)
		}
		if _, ok := o.Offline.Files[p]; ok {
			t.Errorf("the offline variant has %s", p)
		}
		if _, ok := zipped["mini/"+p]; ok {
			t.Errorf("the zip has %s", p)
		}
	}
	if !bytes.Contains(o.Hosted.Files["points/one/index.html"], []byte(`<link rel="canonical" href="`+siteURL+`points/one/">`)) {
		t.Errorf("the hosted page has no canonical URL:\n%s", o.Hosted.Files["points/one/index.html"])
	}
	host := []byte("mini.example.net")
	for p, data := range o.Offline.Files {
		if bytes.Contains(data, host) {
			t.Errorf("offline %s holds a URL of the hosted site", p)
		}
	}
	for p, data := range zipped {
		if bytes.Contains(data, host) {
			t.Errorf("zipped %s holds a URL of the hosted site", p)
		}
	}
	ds := linkcheck.Check(linkcheck.Options{Site: fsys, SiteURL: siteURL},
		linkcheck.Output{Name: "hosted", Style: graph.Pretty, Files: o.Hosted.Files, Sources: o.Hosted.Sources},
		linkcheck.Output{Name: "offline", Style: graph.Files, Files: o.Offline.Files, Sources: o.Offline.Sources})
	for _, d := range ds {
		t.Errorf("link check: %s", d)
	}
}
