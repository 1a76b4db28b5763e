package feeds

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
)

func site(t *testing.T, siteURL string) *graph.Site {
	t.Helper()
	home := "---\ntitle: Home\n"
	if siteURL != "" {
		home += "site:\n  site_url: " + siteURL + "\n"
	}
	home += "---\n"
	s, ds := graph.New([]graph.File{
		{Path: "content/_index.md", Data: []byte(home)},
		{Path: "content/old.md", Data: []byte("---\ntitle: Old\ndate: 2020-01-02\n---\n")},
		{Path: "content/new.md", Data: []byte("---\ntitle: New\ndate: 2021-03-04\n---\n")},
		{Path: "content/undated.md", Data: []byte("---\ntitle: Undated\n---\n")},
	}, graph.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

func none(string) bool { return false }

// TestOfflineGetsNoFiles: the offline variant makes no metadata files and
// no absolute URLs, even with a site_url, but keeps descriptions.
func TestOfflineGetsNoFiles(t *testing.T) {
	s := site(t, "https://example.org/x")
	m := NewPlan(s, Options{Style: graph.Files, Taken: none, NotFoundLayout: true})
	if fs := m.Files("v"); len(fs) != 0 || m.NotFound() {
		t.Errorf("offline plan makes %d files, 404: %v", len(fs), m.NotFound())
	}
	v := &layout.Page{Site: &layout.Site{Language: "en-GB"}}
	m.Describe(v, s.ByKey["old"])
	if v.Canonical != "" || v.JSONLD != nil || v.Site.Locale != "en_GB" {
		t.Errorf("offline view: canonical %q, JSON-LD %v, locale %q", v.Canonical, v.JSONLD, v.Site.Locale)
	}
}

// TestHostedFiles: with a site_url the hosted variant gets robots.txt
// naming the sitemap, the sitemap and a feed of the dated pages, newest
// first; a file of the site's own at a path takes its place.
func TestHostedFiles(t *testing.T) {
	s := site(t, "https://example.org/x")
	m := NewPlan(s, Options{Style: graph.Pretty, Taken: func(p string) bool { return p == SitemapPath }})
	fs := m.Files("v1")
	if len(fs) != 2 || fs[0].Path != RobotsPath || fs[1].Path != FeedPath {
		t.Fatalf("files %v, want robots.txt and the feed", fs)
	}
	if strings.Contains(string(fs[0].Data), "Sitemap:") {
		t.Error("robots.txt names a sitemap the site replaced")
	}
	feed := string(fs[1].Data)
	if i, j := strings.Index(feed, "<title>New</title>"), strings.Index(feed, "<title>Old</title>"); i < 0 || j < i {
		t.Errorf("feed not newest first:\n%s", feed)
	}
	if strings.Contains(feed, "Undated") || !strings.Contains(feed, `version="v1"`) {
		t.Errorf("feed lists an undated page or lacks the version:\n%s", feed)
	}
	v := &layout.Page{Site: &layout.Site{}}
	m.Describe(v, s.ByKey["new"])
	if v.Canonical != "https://example.org/x/new/" || v.Site.Feed != FeedPath {
		t.Errorf("canonical %q, feed %q", v.Canonical, v.Site.Feed)
	}
}
