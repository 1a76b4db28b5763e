package build

// What a site tells the programs that read it besides browsers: a
// description for every page; with a site_url, in the hosted build only,
// the page's absolute URL (canonical, Open Graph), its structured data
// (JSON-LD), an Atom feed of the dated pages and a sitemap of every page;
// robots.txt always in the hosted build; and a 404.html from the site's
// layouts/404.html, which a static host serves at any missing path.
//
// Absolute URLs appear only where the web demands them, and only under
// site_url. The offline variant gets none of it but the descriptions:
// nothing there is served, crawled or subscribed to.

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/source"
)

// Output paths of the generated metadata files. NotFoundPath is also the
// name of the layout it is rendered from (layouts/404.html).
const (
	FeedPath     = "feed.xml"
	SitemapPath  = "sitemap.xml"
	RobotsPath   = "robots.txt"
	NotFoundPath = "404.html"
)

// metaPlan is what this build makes of the above, decided once per build
// before anything is rendered: which pages show (the feed link, the
// canonical URLs) depends on it.
type metaPlan struct {
	base     string        // site_url with one trailing slash; "" without one, or offline
	feed     []*graph.Page // the feed's entries, newest first; nil: no feed
	sitemap  bool
	robots   bool
	notFound bool   // render layouts/404.html
	rootPath string // the URL path 404.html's URLs start with ("/gloss/")
	diags    diag.List
}

// planMeta decides r.meta. A file of the site's own at one of the paths
// (static/robots.txt, content/404.html) takes the place of the generated
// one.
func (r *run) planMeta(src *source.Site) {
	m := metaPlan{}
	taken := map[string]bool{}
	for _, f := range src.Static {
		taken[strings.TrimPrefix(f.Path, "static/")] = true
	}
	for file := range r.site.Assets {
		taken[strings.TrimPrefix(file, "content/")] = true
	}
	s := r.site.Settings
	base, d := siteBase(s.SiteURL)
	if d != "" {
		pos := s.Pos
		if pos.Line == 0 {
			pos = r.site.Home.Meta.Keys["site"]
		}
		m.diags = append(m.diags, diag.Errorf(r.site.Home.File, pos.Line, pos.Col, "site.site_url %q: %s", s.SiteURL, d).
			WithHint("write the address the hosted site is published at, such as https://example.org/explainer/"))
		base = ""
	}
	if r.opts.Style == graph.Pretty {
		m.robots = !taken[RobotsPath]
		m.notFound = !taken[NotFoundPath] && r.layouts != nil && r.layouts.Exists(NotFoundPath)
		if base != "" {
			m.base = base
			m.sitemap = !taken[SitemapPath]
			if !taken[FeedPath] {
				for _, p := range r.site.Pages {
					if !p.Meta.Date.IsZero() && !p.Meta.Draft {
						m.feed = append(m.feed, p)
					}
				}
				slices.SortFunc(m.feed, func(a, b *graph.Page) int {
					return cmp.Or(b.Meta.Date.Compare(a.Meta.Date.Time), cmp.Compare(a.Meta.Title, b.Meta.Title), cmp.Compare(a.Key, b.Key))
				})
			}
		}
		m.rootPath = "/"
		if r.opts.ServedAt != "" {
			m.rootPath = r.opts.ServedAt
		} else if base != "" {
			u, _ := url.Parse(base)
			m.rootPath = u.EscapedPath()
		}
	}
	r.meta = m
}

// shape says which metadata files the build makes and whether pages link
// a feed: a change to it changes every page, and the set of outputs.
func (m *metaPlan) shape() string {
	flag := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	return m.base + "\x00" + m.rootPath + "\x00" + flag(m.feed != nil) + flag(m.sitemap) + flag(m.robots) + flag(m.notFound)
}

// siteBase checks site_url and returns it with one trailing slash, or a
// reason it cannot be used. An empty site_url is "", "".
func siteBase(s string) (string, string) {
	if s == "" {
		return "", ""
	}
	// The front matter stage has reported a bad site_url at its line and
	// dropped it; this is for settings made some other way.
	if why := frontmatter.SiteURLProblem(s); why != "" {
		return "", why
	}
	return strings.TrimSuffix(s, "/") + "/", ""
}

// absURL is the absolute URL of a site path ("principles/second/") under
// base, each segment escaped as a URL path needs.
func absURL(base, sitePath string) string {
	segs := strings.Split(sitePath, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + strings.Join(segs, "/")
}

// ogLocale writes a language tag as Open Graph's og:locale: "en-GB" is
// "en_GB"; a tag without a region stays as it is ("en").
func ogLocale(lang string) string {
	return strings.ReplaceAll(lang, "-", "_")
}

// w3cDate writes a page's date for JSON-LD and sitemaps: the day alone
// ("2020-09-08") when it has no time of day, else RFC 3339.
func w3cDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if _, off := t.Zone(); off == 0 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// describe adds what the head of p's page says about it: the description;
// in the hosted build of a site with a site_url, the canonical URL,
// structured data and the feed.
func (r *run) describe(v *layout.Page, p *graph.Page) {
	v.Description = cmp.Or(p.Meta.Summary, r.site.Settings.Description, r.site.Home.Meta.Summary)
	v.Site.Locale = ogLocale(v.Site.Language)
	base := r.meta.base
	if base == "" {
		return
	}
	if r.meta.feed != nil {
		v.Site.Feed = FeedPath
	}
	v.Canonical = absURL(base, p.URL)
	site := &layout.JSONLDThing{Type: "WebSite", Name: v.Site.Title, URL: base}
	ld := &layout.JSONLD{Context: "https://schema.org", Type: "Article", Headline: p.Meta.Title,
		Description: v.Description, DatePublished: w3cDate(p.Meta.Date.Time), InLanguage: v.Site.Language,
		URL: v.Canonical, IsPartOf: site, Publisher: &layout.JSONLDThing{Type: "Organization", Name: v.Site.Title, URL: base}}
	switch p.Kind {
	case graph.Home:
		ld.Type, ld.Headline, ld.Name, ld.IsPartOf = "WebSite", "", v.Site.Title, nil
	case graph.Section:
		ld.Type = "CollectionPage"
	}
	v.JSONLD = ld
}

// metaFiles writes the files of the plan: feed, sitemap, robots.txt and
// 404.html (when the layouts parsed).
func (r *run) metaFiles(layoutsOK bool) {
	m := &r.meta
	r.add(m.diags...)
	from := r.site.Home.File
	if m.robots {
		r.output(RobotsPath, r.robots(), from)
	}
	if m.sitemap {
		r.output(SitemapPath, r.sitemap(), from)
	}
	if m.feed != nil {
		r.output(FeedPath, r.feed(), from)
	}
	if m.notFound && layoutsOK {
		r.notFound()
	}
}

func (r *run) robots() []byte {
	var b bytes.Buffer
	b.WriteString("# Every crawler may read every page.\nUser-agent: *\nAllow: /\n")
	if r.meta.sitemap {
		b.WriteString("\nSitemap: " + r.meta.base + SitemapPath + "\n")
	}
	return b.Bytes()
}

// The sitemap protocol, https://www.sitemaps.org/protocol.html.
type sitemapSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every page but drafts (even in a build with drafts, which
// is for looking at them, not for crawlers), sorted by URL.
func (r *run) sitemap() []byte {
	set := sitemapSet{}
	for _, p := range r.site.Pages {
		if !p.Meta.Draft {
			set.URLs = append(set.URLs, sitemapURL{Loc: absURL(r.meta.base, p.URL), LastMod: w3cDate(p.Meta.Date.Time)})
		}
	}
	slices.SortFunc(set.URLs, func(a, b sitemapURL) int { return strings.Compare(a.Loc, b.Loc) })
	return marshalXML(set)
}

// The Atom syndication format, RFC 4287.
type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string        `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Subtitle  string        `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomGenerator struct {
	URI     string `xml:"uri,attr"`
	Version string `xml:"version,attr"`
	Name    string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	Link      atomLink `xml:"link"`
	ID        string   `xml:"id"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary,omitempty"`
}

// feed is the Atom feed of every dated page but drafts, newest first. Its
// time is the newest entry's date, never the clock, so the same sources
// give the same bytes. An entry's id is its page's URL: moving a page
// makes it a new entry for feed readers.
func (r *run) feed() []byte {
	s := r.site.Settings
	title := cmp.Or(s.Title, r.site.Home.Meta.Title)
	f := atomFeed{Lang: cmp.Or(s.Language, "en"), ID: r.meta.base, Title: title,
		Subtitle: cmp.Or(s.Description, r.site.Home.Meta.Summary),
		Updated:  r.meta.feed[0].Meta.Date.Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: r.meta.base + FeedPath},
			{Rel: "alternate", Type: "text/html", Href: r.meta.base}},
		Author:    atomPerson{Name: title, URI: r.meta.base},
		Generator: atomGenerator{URI: "https://github.com/gloss-ssg/gloss", Version: Version, Name: "gloss"}}
	for _, p := range r.meta.feed {
		u := absURL(r.meta.base, p.URL)
		d := p.Meta.Date.Format(time.RFC3339)
		f.Entries = append(f.Entries, atomEntry{Title: p.Meta.Title, Link: atomLink{Rel: "alternate", Type: "text/html", Href: u},
			ID: u, Published: d, Updated: d, Summary: p.Meta.Summary})
	}
	return marshalXML(f)
}

func marshalXML(v any) []byte {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic("build: " + err.Error()) // fixed types of strings: cannot fail
	}
	return append(append([]byte(xml.Header), out...), '\n')
}

// notFound renders layouts/404.html as 404.html. A static host serves that
// file for any missing path, at any depth (/gloss/a/b/c), so its URLs
// cannot be relative to where it is written: they start from the site's
// root path (r.meta.rootPath: site_url's path, or "/"). Its dot is the
// home page's view with these URLs and without the home page's own
// content: Kind "404", Title "Page not found", the site's description,
// Pages and Sections (each section with its pages), no canonical URL.
func (r *run) notFound() {
	base := r.meta.rootPath
	v := r.view(r.site.Home, NotFoundPath)
	v.Kind, v.Key, v.Section, v.Slug, v.File = "404", "", "", "", ""
	v.Title, v.Summary, v.Description = "Page not found", "", cmp.Or(r.site.Settings.Description, r.site.Home.Meta.Summary)
	v.Date, v.Weight, v.Draft, v.Params, v.Number = time.Time{}, 0, false, nil, 0
	v.Content, v.TOC, v.Sources, v.Relations, v.Inverses = "", nil, nil, nil, nil
	v.Parent, v.Prev, v.Next, v.Breadcrumbs, v.UsedBy = nil, nil, nil, nil, nil
	v.Canonical, v.JSONLD = "", nil
	v.Root, v.Home = base, base
	// Home's links are relative to the root: from the root path, they are
	// the same with it in front.
	for _, l := range v.Pages {
		l.URL = base + l.URL
	}
	for _, sec := range v.Sections {
		sec.URL = base + sec.URL
		for _, l := range sec.Pages {
			l.URL = base + l.URL
		}
	}
	for i := range v.Previews {
		v.Previews[i].Href = base + v.Previews[i].Href
	}
	// .Matrix and .Dated would make links relative to home: not here.
	layout.WithSiteData(v, nil)
	html, d := r.layouts.Execute(NotFoundPath, v)
	if d != nil {
		r.add(*d)
		r.missing(NotFoundPath)
		return
	}
	r.output(NotFoundPath, html, "layouts/"+NotFoundPath)
}
