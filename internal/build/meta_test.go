package build_test

// Metadata: descriptions, canonical URLs, Open Graph and Twitter cards,
// JSON-LD, the Atom feed, the sitemap, robots.txt and 404.html (meta.go),
// in the hosted build with and without a site_url and in the offline one.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
)

const metaBase = "https://example.org/mini/"

// metaSite is testdata/golden/meta.txtar with this repository's layouts
// and static files.
func metaSite(t *testing.T) *siteTest {
	return goldenSite(t, "meta.txtar").withRepoLayouts().withRepoStatic()
}

// withRepoStatic adds this repository's static/ to a mini-site.
func (s *siteTest) withRepoStatic() *siteTest {
	s.t.Helper()
	return s.withRepoFolder("static")
}

// absolute is the URL a page must have under base, made with net/url (not
// with the engine's code).
func absolute(t *testing.T, base string, p *graph.Page) string {
	t.Helper()
	if p.URL == "" {
		return base // JoinPath would drop the slash
	}
	u, err := url.JoinPath(base, p.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// head is what a page's <head> says: meta name/property → content, link
// rel → href, and the text of each script by type ("" for classic).
type head struct {
	title   string
	meta    map[string]string
	links   map[string]string
	scripts map[string][]string
}

func parseHead(t *testing.T, doc string) head {
	t.Helper()
	h := head{meta: map[string]string{}, links: map[string]string{}, scripts: map[string][]string{}}
	z := html.NewTokenizer(strings.NewReader(doc))
	var inScript, inTitle bool
	var scriptType string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return h
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Key] = a.Val
			}
			switch tok.Data {
			case "meta":
				if k := attr["name"] + attr["property"]; k != "" {
					if _, dup := h.meta[k]; dup {
						t.Errorf("<meta %s> twice", k)
					}
					h.meta[k] = attr["content"]
				}
			case "link":
				h.links[attr["rel"]] = attr["href"]
			case "script":
				_, hasSrc := attr["src"]
				inScript, scriptType = !hasSrc, attr["type"]
				if hasSrc {
					h.scripts["src"] = append(h.scripts["src"], attr["src"])
				}
			case "title":
				inTitle = true
			}
		case html.TextToken:
			if inScript {
				h.scripts[scriptType] = append(h.scripts[scriptType], string(z.Text()))
			}
			if inTitle {
				h.title += string(z.Text())
			}
		case html.EndTagToken:
			inScript, inTitle = false, false
		}
	}
}

var socialKeys = []string{"og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale",
	"twitter:card", "twitter:title", "twitter:description"}

// TestGoldenMeta keeps the feed, sitemap, robots.txt, the metadata in a
// page's head and the 404 page's text of the mini site as golden files.
func TestGoldenMeta(t *testing.T) {
	s := metaSite(t).build().assertClean()
	golden(t, "meta-feed.xml", []byte(s.file(build.FeedPath)))
	golden(t, "meta-sitemap.xml", []byte(s.file(build.SitemapPath)))
	golden(t, "meta-robots.txt", []byte(s.file(build.RobotsPath)))
	page := s.file("notes/first/index.html")
	golden(t, "meta-head.html", []byte(between(t, page, `<meta name="description"`, `type="image/svg+xml">`)+"\n"))
	golden(t, "meta-404.html", []byte(between(t, s.file(build.NotFoundPath), `<article class="not-found">`, "</article>")+"\n"))
}

type testFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author    string `xml:"author>name"`
	Generator string `xml:"generator"`
	Entries   []struct {
		Title string `xml:"title"`
		Link  struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
	} `xml:"entry"`
}

type testSitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if v, err := time.Parse(layout, s); err == nil {
			return v
		}
	}
	t.Fatalf("%q is not a date", s)
	return time.Time{}
}

// TestFeed parses the Atom feed: every dated page but drafts (also in a
// build with drafts), newest first, each with its absolute URL under
// site_url as link and id, its dates and summary; the feed's time is its
// newest entry's.
func TestFeed(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		s := metaSite(t).withOptions(build.Options{Drafts: drafts}).build().assertClean()
		var f testFeed
		if err := xml.Unmarshal([]byte(s.file(build.FeedPath)), &f); err != nil {
			t.Fatalf("feed.xml does not parse as Atom: %v", err)
		}
		want := map[string]*graph.Page{}
		var newest time.Time
		for _, p := range s.res.Site.Pages {
			if !p.Meta.Date.IsZero() && !p.Meta.Draft {
				want[absolute(t, metaBase, p)] = p
				if p.Meta.Date.After(newest) {
					newest = p.Meta.Date.Time
				}
			}
			if p.Meta.Draft && drafts {
				if strings.Contains(s.file(build.FeedPath), p.Meta.Title) {
					t.Errorf("the feed lists the draft %s", p.File)
				}
			}
		}
		if len(want) < 4 {
			t.Fatalf("only %d dated pages in the test site", len(want))
		}
		if f.ID != metaBase || f.Title != "Mini explainer" || f.Lang != "en-GB" || f.Author == "" || f.Generator != "gloss" {
			t.Errorf("feed id %q, title %q, lang %q, author %q, generator %q", f.ID, f.Title, f.Lang, f.Author, f.Generator)
		}
		rels := map[string]string{}
		for _, l := range f.Links {
			rels[l.Rel] = l.Href
		}
		if rels["self"] != metaBase+"feed.xml" || rels["alternate"] != metaBase {
			t.Errorf("feed links %v", rels)
		}
		if got := parseTime(t, f.Updated); !got.Equal(newest) {
			t.Errorf("feed updated %s, want the newest date %s", f.Updated, newest)
		}
		seen := map[string]bool{}
		var last time.Time
		for i, e := range f.Entries {
			p := want[e.Link.Href]
			if p == nil {
				t.Errorf("entry %q links %q, not a dated page's URL", e.Title, e.Link.Href)
				continue
			}
			seen[e.Link.Href] = true
			if !strings.HasPrefix(e.Link.Href, metaBase) || e.Link.Rel != "alternate" || e.ID != e.Link.Href {
				t.Errorf("entry %q: link %q rel %q id %q", e.Title, e.Link.Href, e.Link.Rel, e.ID)
			}
			if e.Title != p.Meta.Title || e.Summary != p.Meta.Summary {
				t.Errorf("entry %q: title %q summary %q, want %q and %q", e.Link.Href, e.Title, e.Summary, p.Meta.Title, p.Meta.Summary)
			}
			pub := parseTime(t, e.Published)
			if !pub.Equal(p.Meta.Date.Time) || !parseTime(t, e.Updated).Equal(pub) {
				t.Errorf("entry %q: published %s updated %s, want %s", e.Title, e.Published, e.Updated, p.Meta.Date)
			}
			if i > 0 && pub.After(last) {
				t.Errorf("entry %q (%s) comes after an older one: not newest first", e.Title, e.Published)
			}
			last = pub
		}
		if len(seen) != len(want) || len(f.Entries) != len(want) {
			t.Errorf("the feed has %d entries for %d dated pages", len(f.Entries), len(want))
		}
	}
}

// TestSitemap parses the sitemap: every page but drafts once, at its
// absolute URL under site_url, with its date as lastmod when it has one,
// sorted.
func TestSitemap(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		s := metaSite(t).withOptions(build.Options{Drafts: drafts}).build().assertClean()
		var m testSitemap
		if err := xml.Unmarshal([]byte(s.file(build.SitemapPath)), &m); err != nil {
			t.Fatalf("sitemap.xml does not parse: %v", err)
		}
		want := map[string]*graph.Page{}
		for _, p := range s.res.Site.Pages {
			if !p.Meta.Draft {
				want[absolute(t, metaBase, p)] = p
			}
		}
		var locs []string
		for _, u := range m.URLs {
			p := want[u.Loc]
			if p == nil {
				t.Errorf("sitemap lists %q, which is no page's URL", u.Loc)
				continue
			}
			locs = append(locs, u.Loc)
			switch {
			case p.Meta.Date.IsZero() && u.LastMod != "":
				t.Errorf("%s: lastmod %q for a page without a date", u.Loc, u.LastMod)
			case !p.Meta.Date.IsZero() && !parseTime(t, u.LastMod).Equal(p.Meta.Date.Time):
				t.Errorf("%s: lastmod %q, want %s", u.Loc, u.LastMod, p.Meta.Date)
			}
		}
		if len(locs) != len(want) || len(want) < 8 {
			t.Errorf("the sitemap lists %d URLs for %d pages", len(locs), len(want))
		}
		if !slices.IsSorted(locs) || len(slices.Compact(slices.Clone(locs))) != len(locs) {
			t.Errorf("sitemap URLs not sorted and unique: %q", locs)
		}
		if !slices.Contains(locs, metaBase+"cases/caf%C3%A9/") {
			t.Errorf("no escaped URL for cases/café.md in %q", locs)
		}
	}
}

// TestRobots: robots.txt allows everything and names the sitemap when
// there is a site_url; without one, it has no Sitemap line; the offline
// variant has none; a site's own robots.txt takes its place.
func TestRobots(t *testing.T) {
	s := metaSite(t).build().assertClean()
	got := s.file(build.RobotsPath)
	if !strings.Contains(got, "User-agent: *\nAllow: /\n") || !strings.Contains(got, "\nSitemap: "+metaBase+"sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", got)
	}
	s.edit("-- content/_index.md --\n---\ntitle: Home\n---\nHello.\n").assertClean()
	got = s.file(build.RobotsPath)
	if !strings.Contains(got, "User-agent: *\nAllow: /\n") || strings.Contains(strings.ToLower(got), "sitemap") {
		t.Errorf("robots.txt without a site_url:\n%s", got)
	}
	s.withOptions(build.Options{Style: graph.Files}).build().assertClean().assertNoFile(build.RobotsPath)
	own := "User-agent: *\nDisallow: /private/\n"
	s.withOptions(build.Options{}).edit("-- static/robots.txt --\n" + own).assertClean()
	if got := s.file(build.RobotsPath); got != own {
		t.Errorf("the site's own robots.txt was replaced by:\n%s", got)
	}
}

// TestHeadMetadata checks every page's head: a description always; with
// a site_url, in the hosted build, the canonical URL, Open Graph and
// Twitter tags, JSON-LD and the feed link; without one, or offline, none
// of them, and offline no absolute URL under site_url anywhere.
func TestHeadMetadata(t *testing.T) {
	noURL := "-- content/_index.md --\n---\ntitle: Mini explainer home\nsummary: A small explainer.\nsite:\n  title: Mini explainer\n  description: A site about data.\n  language: en-GB\n---\nStart with [the article](article.md).\n"
	for _, tc := range []struct {
		name   string
		edit   string
		style  graph.Style
		social bool
	}{
		{"hosted with site_url", "", graph.Pretty, true},
		{"hosted without site_url", noURL, graph.Pretty, false},
		{"offline with site_url", "", graph.Files, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := metaSite(t).withOptions(build.Options{Style: tc.style})
			if tc.edit != "" {
				s.apply(tc.edit)
			}
			s.build().assertClean()
			site := s.res.Site
			pages := 0
			for _, p := range site.Pages {
				pages++
				h := parseHead(t, s.file(p.OutPath))
				want := p.Meta.Summary
				if want == "" {
					want = site.Settings.Description
				}
				if d := h.meta["description"]; d == "" || d != want {
					t.Errorf("%s: description %q, want %q", p.OutPath, d, want)
				}
				if !tc.social {
					for _, k := range append([]string{"canonical", "alternate"}, socialKeys...) {
						if v, ok := h.meta[k]; ok {
							t.Errorf("%s: <meta %s=%q>", p.OutPath, k, v)
						}
						if v, ok := h.links[k]; ok {
							t.Errorf("%s: <link rel=%s href=%q>", p.OutPath, k, v)
						}
					}
					if len(h.scripts["application/ld+json"]) > 0 {
						t.Errorf("%s: JSON-LD without a site_url or offline", p.OutPath)
					}
					continue
				}
				abs := absolute(t, metaBase, p)
				ogType := "website"
				if p.Kind == graph.Regular {
					ogType = "article"
				}
				for k, v := range map[string]string{"og:url": abs, "og:title": p.Meta.Title, "og:description": want,
					"og:type": ogType, "og:site_name": "Mini explainer", "og:locale": "en_GB",
					"twitter:card": "summary", "twitter:title": p.Meta.Title, "twitter:description": want} {
					if h.meta[k] != v {
						t.Errorf("%s: %s is %q, want %q", p.OutPath, k, h.meta[k], v)
					}
				}
				if h.links["canonical"] != abs {
					t.Errorf("%s: canonical %q, want %q", p.OutPath, h.links["canonical"], abs)
				}
				if feed := path.Join(path.Dir(p.OutPath), h.links["alternate"]); feed != build.FeedPath {
					t.Errorf("%s: the feed link %q names %s", p.OutPath, h.links["alternate"], feed)
				}
				ld := h.scripts["application/ld+json"]
				if len(ld) != 1 {
					t.Fatalf("%s: %d JSON-LD scripts", p.OutPath, len(ld))
				}
				var data struct {
					Context       string `json:"@context"`
					Type          string `json:"@type"`
					Headline      string `json:"headline"`
					Name          string `json:"name"`
					Description   string `json:"description"`
					DatePublished string `json:"datePublished"`
					InLanguage    string `json:"inLanguage"`
					URL           string `json:"url"`
					IsPartOf      struct {
						URL string `json:"url"`
					} `json:"isPartOf"`
					Publisher struct {
						Name string `json:"name"`
						URL  string `json:"url"`
					} `json:"publisher"`
				}
				if err := json.Unmarshal([]byte(ld[0]), &data); err != nil {
					t.Fatalf("%s: JSON-LD does not parse: %v\n%s", p.OutPath, err, ld[0])
				}
				wantType, headline := map[graph.Kind]string{graph.Home: "WebSite", graph.Section: "CollectionPage"}[p.Kind], p.Meta.Title
				if wantType == "" {
					wantType = "Article"
				}
				if p.Kind == graph.Home {
					headline = ""
				}
				if data.Context != "https://schema.org" || data.Type != wantType || data.Headline != headline ||
					data.Description != want || data.InLanguage != "en-GB" || data.URL != abs ||
					data.Publisher.Name != "Mini explainer" || data.Publisher.URL != metaBase {
					t.Errorf("%s: JSON-LD %+v", p.OutPath, data)
				}
				if p.Kind != graph.Home && data.IsPartOf.URL != metaBase {
					t.Errorf("%s: JSON-LD isPartOf %q", p.OutPath, data.IsPartOf.URL)
				}
				if p.Meta.Date.IsZero() != (data.DatePublished == "") ||
					data.DatePublished != "" && !parseTime(t, data.DatePublished).Equal(p.Meta.Date.Time) {
					t.Errorf("%s: datePublished %q for date %v", p.OutPath, data.DatePublished, p.Meta.Date)
				}
			}
			if pages < 8 {
				t.Errorf("only %d pages", pages)
			}
			for _, f := range []string{build.FeedPath, build.SitemapPath} {
				if _, ok := s.res.Files[f]; ok != tc.social {
					t.Errorf("%s written: %v", f, ok)
				}
			}
			if tc.style == graph.Files {
				s.assertNoFile(build.RobotsPath, build.NotFoundPath)
				for p, data := range s.res.Files {
					if bytes.Contains(data, []byte("example.org")) {
						t.Errorf("offline %s holds an absolute URL of the hosted site", p)
					}
				}
			}
		})
	}
}

// TestJSONLDHostileTitles: titles and summaries that would end a script,
// open a comment or break a JSON string come out of every tag intact, as
// text: the JSON-LD parses and holds them exactly, and no new element or
// script appears.
func TestJSONLDHostileTitles(t *testing.T) {
	const (
		title       = `</script><script>alert(1)</script>`
		summaryYAML = "Quotes \" ' and <!-- a comment --> & \u2028 a line separator </SCRIPT >"
		site        = `Site </script><!--`
	)
	s := newSite(t, `
-- content/_index.md --
---
title: Home
site:
  title: '`+site+`'
  site_url: https://example.org/
---
See [the page](page.md).
-- content/page.md --
---
title: '`+title+`'
summary: '`+strings.ReplaceAll(summaryYAML, "'", "''")+`'
date: 2020-09-08
---
Text.
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
`).withRepoLayouts().build().assertClean()
	doc := s.file("page/index.html")
	// YAML folds the line separator: the summary is what it parsed to.
	summary := s.res.Site.ByKey["page"].Meta.Summary
	if !strings.Contains(summary, "<!--") {
		t.Fatalf("summary parsed as %q", summary)
	}
	if strings.Contains(doc, "<script>alert") || strings.Contains(strings.ToLower(doc), "</script><script>") {
		t.Errorf("the title ended a script:\n%s", doc)
	}
	h := parseHead(t, doc)
	if h.title != title+" · "+site {
		t.Errorf("<title> is %q", h.title)
	}
	if h.meta["og:title"] != title || h.meta["twitter:title"] != title || h.meta["og:description"] != summary || h.meta["og:site_name"] != site {
		t.Errorf("og:title %q, twitter:title %q, og:description %q, og:site_name %q", h.meta["og:title"], h.meta["twitter:title"], h.meta["og:description"], h.meta["og:site_name"])
	}
	if n := len(h.scripts[""]); n != 0 {
		t.Errorf("%d inline classic scripts in the head: %q", n, h.scripts[""])
	}
	ld := h.scripts["application/ld+json"]
	if len(ld) != 1 {
		t.Fatalf("%d JSON-LD scripts: %q", len(ld), ld)
	}
	var data struct {
		Headline    string `json:"headline"`
		Description string `json:"description"`
		IsPartOf    struct {
			Name string `json:"name"`
		} `json:"isPartOf"`
	}
	if err := json.Unmarshal([]byte(ld[0]), &data); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, ld[0])
	}
	if data.Headline != title || data.Description != summary || data.IsPartOf.Name != site {
		t.Errorf("JSON-LD holds %+v", data)
	}
	for _, bad := range []string{"<", ">"} {
		if strings.Contains(ld[0], bad) {
			t.Errorf("JSON-LD holds a raw %q: %s", bad, ld[0])
		}
	}
}

// TestSiteURLErrors: a site_url that cannot be the base of absolute URLs
// is one error, at its own line and column in the home page.
func TestSiteURLErrors(t *testing.T) {
	for value, want := range map[string]string{
		"https://example.org/my site/": "it contains a space, which a URL writes as %20",
		"https://example.org:99999/":   "port 99999 is out of range (1 to 65535)",
		"https://example.org:0/":       "port 0 is out of range (1 to 65535)",
		"https://example.org:8080/x/":  "",
		"https://example.org/a\tb/":    "it contains the character U+0009, which a URL cannot hold",
		"https://example.org:port/":    `not a URL: invalid port ":port" after host`,
		"example.org/mini/":            "it must be an absolute http or https URL",
		"ftp://example.org/":           "it must be an absolute http or https URL",
		"https:///mini/":               "it has no host",
		"https://example.org/?a=1":     "it must not have a query or fragment",
		"https://example.org/#top":     "it must not have a query or fragment",
		"https://me@example.org/":      "it must not carry a user name",
		"https://example.org/%zz/":     `not a URL: invalid URL escape "%zz"`,
		"https://example.org/mini/":    "",
	} {
		s := newSite(t, "-- content/_index.md --\n---\ntitle: Home\nsite:\n  site_url: \""+value+"\"\n---\nHello.\n-- content/article.md --\n---\ntitle: Article\n---\n-- layouts/home.html --\n{{ .Title }}\n-- layouts/page.html --\n{{ .Title }}\n").build()
		if want == "" {
			s.assertClean()
			continue
		}
		line := `content/_index.md:4:13: error: site.site_url ` + strconv.Quote(value) + `: ` + want +
			` (write the address the hosted site is published at, such as https://example.org/explainer/)`
		if ds := s.diags(); !slices.Equal(ds, []string{line}) {
			t.Errorf("site_url %q:\ngot  %q\nwant %q", value, ds, line)
		}
	}
}

// notFoundURLs returns every URL 404.html writes (href, src, data-index,
// data-root, data-href), except fragments of the page itself.
func notFoundURLs(t *testing.T, doc string) []string {
	t.Helper()
	var urls []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return urls
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch a.Key {
			case "href", "src", "data-index", "data-root", "data-href":
				if !strings.HasPrefix(a.Val, "#") {
					urls = append(urls, a.Val)
				}
			}
		}
	}
}

// TestNotFoundPage: the hosted build renders layouts/404.html as 404.html,
// every URL in it an absolute path from the site's root path (site_url's
// path; "/" without a site_url, or where the dev server serves it) that
// names a file of the output; it says noindex and has no canonical URL.
// The offline variant has none, and a site's own 404.html takes its place.
func TestNotFoundPage(t *testing.T) {
	check := func(name string, s *siteTest, root string) {
		t.Helper()
		doc := s.file(build.NotFoundPath)
		urls := notFoundURLs(t, doc)
		if len(urls) < 10 {
			t.Fatalf("%s: only %d URLs in 404.html", name, len(urls))
		}
		for _, u := range urls {
			rest, ok := strings.CutPrefix(u, root)
			if !ok {
				t.Errorf("%s: 404.html links %q, not under %s", name, u, root)
				continue
			}
			rest, _, _ = strings.Cut(rest, "#")
			rest, _ = url.PathUnescape(rest)
			if rest == "" || strings.HasSuffix(rest, "/") {
				rest += "index.html"
			}
			if _, ok := s.res.Files[rest]; !ok {
				t.Errorf("%s: 404.html links %q: no %s in the output", name, u, rest)
			}
		}
		h := parseHead(t, doc)
		if h.meta["robots"] != "noindex" || h.links["canonical"] != "" || h.meta["og:url"] != "" {
			t.Errorf("%s: robots %q, canonical %q, og:url %q", name, h.meta["robots"], h.links["canonical"], h.meta["og:url"])
		}
		if !strings.Contains(doc, "<h1>Page not found</h1>") || !strings.Contains(doc, `<a href="`+root+`">Go to the home page</a>`) {
			t.Errorf("%s: 404.html has no heading or link home:\n%s", name, doc)
		}
	}
	s := metaSite(t).build().assertClean()
	check("with site_url", s, "/mini/")
	check("served at /", metaSite(t).withOptions(build.Options{ServedAt: "/"}).build().assertClean(), "/")
	noURL := metaSite(t)
	noURL.apply("-- content/_index.md --\n---\ntitle: Home\n---\nStart with [the article](article.md).\n")
	check("without site_url", noURL.build().assertClean(), "/")

	metaSite(t).withOptions(build.Options{Style: graph.Files}).build().assertClean().assertNoFile(build.NotFoundPath)
	own := "<!doctype html><title>Gone</title><p>Gone.</p>\n"
	if got := s.edit("-- static/404.html --\n" + own).assertClean().file(build.NotFoundPath); got != own {
		t.Errorf("the site's own 404.html was replaced by:\n%s", got)
	}
	s.remove("static/404.html", "layouts/404.html").assertClean().assertNoFile(build.NotFoundPath)
}

// TestMetaDeterministic: the feed and sitemap are the same bytes on one
// core and on several (nothing in them comes from the clock or a map's
// order).
func TestMetaDeterministic(t *testing.T) {
	procs := runtime.GOMAXPROCS(1)
	a := metaSite(t).build().assertClean()
	runtime.GOMAXPROCS(max(4, procs))
	b := metaSite(t).build().assertClean()
	runtime.GOMAXPROCS(procs)
	for _, p := range []string{build.FeedPath, build.SitemapPath, build.RobotsPath, build.NotFoundPath} {
		if a.file(p) != b.file(p) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestSessionMeta: in the dev server's session, the first dated page
// brings the feed and every page's link to it, a site_url set or removed
// brings or takes the canonical URLs, feed and sitemap, and a removed 404
// layout its page, each rebuild as a clean build makes it.
func TestSessionMeta(t *testing.T) {
	s := newSite(t, `
-- content/_index.md --
---
title: Home
site:
  site_url: https://example.org/
---
See [the page](page.md).
-- content/page.md --
---
title: A page
---
Text.
-- content/sec/other.md --
---
title: Another page
---
Text.
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
`).withRepoLayouts()
	sess := build.NewSession(s.fs, devOptions)
	res := rebuild(t, sess, nil)
	assertSessionAsClean(t, "first build", s.fs, res)
	if _, ok := res.Files[build.FeedPath]; ok {
		t.Errorf("a feed without a dated page")
	}
	for i, step := range []struct{ name, file, text string }{
		{"a first date", "content/sec/other.md", "---\ntitle: Another page\ndate: 2020-09-08\n---\nText.\n"},
		{"no site_url", "content/_index.md", "---\ntitle: Home\n---\nSee [the page](page.md).\n"},
		{"site_url again", "content/_index.md", "---\ntitle: Home\nsite:\n  site_url: https://example.org/sub/\n---\nSee [the page](page.md).\n"},
		{"no 404 layout", "layouts/404.html", ""},
	} {
		if step.text == "" {
			delete(s.fs, step.file)
		} else {
			s.apply("-- " + step.file + " --\n" + step.text)
		}
		res := rebuild(t, sess, []string{step.file})
		assertSessionAsClean(t, step.name, s.fs, res)
		if i == 0 && !strings.Contains(string(res.Files["page/index.html"]), `type="application/atom+xml"`) {
			t.Errorf("%s: an undated page does not link the new feed", step.name)
		}
	}
}
