package feeds

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
)

// Output paths of the generated metadata files. NotFoundPath is also the
// name of the layout it is rendered from (layouts/404.html).
const (
	FeedPath     = "feed.xml"
	SitemapPath  = "sitemap.xml"
	RobotsPath   = "robots.txt"
	NotFoundPath = "404.html"
)

// Plan is what one build makes of the above, decided once per build
// before anything is rendered: which pages show (the feed link, the
// canonical URLs) depends on it.
type Plan struct {
	site     *graph.Site
	base     string        // site_url with one trailing slash; "" without one, or offline
	feed     []*graph.Page // the feed's entries, newest first; nil: no feed
	sitemap  bool
	robots   bool
	notFound bool   // render layouts/404.html
	rootPath string // the URL path 404.html's URLs start with ("/gloss/")
	// Diags are about the settings the plan read (a bad site_url).
	Diags diag.List
}

// Options are what a plan depends on besides the site.
type Options struct {
	Style graph.Style // only the hosted variant (graph.Pretty) gets files
	// ServedAt is the URL path the hosted output is served at, when it is
	// known; empty: site_url's path, or "/".
	ServedAt string
	// Taken reports whether the site has a file of its own at an output
	// path (static/robots.txt, content/404.html): it takes the place of
	// the generated one.
	Taken func(path string) bool
	// NotFoundLayout reports whether the layouts define NotFoundPath.
	NotFoundLayout bool
}

// NewPlan decides what the build makes for site.
func NewPlan(site *graph.Site, opts Options) *Plan {
	m := &Plan{site: site}
	taken := opts.Taken
	s := site.Settings
	base, d := siteBase(s.SiteURL)
	if d != "" {
		pos := s.Pos
		if pos.Line == 0 {
			pos = site.Home.Meta.Keys["site"]
		}
		m.Diags = append(m.Diags, diag.Errorf(site.Home.File, pos.Line, pos.Col, "site.site_url %q: %s", s.SiteURL, d).
			WithHint("write the address the hosted site is published at, such as https://example.org/explainer/"))
		base = ""
	}
	if opts.Style == graph.Pretty {
		m.robots = !taken(RobotsPath)
		m.notFound = !taken(NotFoundPath) && opts.NotFoundLayout
		if base != "" {
			m.base = base
			m.sitemap = !taken(SitemapPath)
			if !taken(FeedPath) {
				for _, p := range site.Pages {
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
		if opts.ServedAt != "" {
			m.rootPath = opts.ServedAt
		} else if base != "" {
			u, _ := url.Parse(base)
			m.rootPath = u.EscapedPath()
		}
	}
	return m
}

// Shape says which metadata files the build makes and whether pages link
// a feed: a change to it changes every page, and the set of outputs.
func (m *Plan) Shape() string {
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

// Describe adds to v what the head of p's page says about it: the
// description; in the hosted build of a site with a site_url, the
// canonical URL, structured data and the feed.
func (m *Plan) Describe(v *layout.Page, p *graph.Page) {
	v.Description = cmp.Or(p.Meta.Summary, m.site.Settings.Description, m.site.Home.Meta.Summary)
	v.Site.Locale = ogLocale(v.Site.Language)
	base := m.base
	if base == "" {
		return
	}
	if m.feed != nil {
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

// File is a file the plan makes.
type File struct {
	Path string
	Data []byte
}

// Files makes the files of the plan but 404.html, in the order a build
// writes them: robots.txt, the sitemap, the feed. version is gloss's,
// for the feed's generator.
func (m *Plan) Files(version string) []File {
	var fs []File
	if m.robots {
		fs = append(fs, File{RobotsPath, m.robotsTxt()})
	}
	if m.sitemap {
		fs = append(fs, File{SitemapPath, m.sitemapXML()})
	}
	if m.feed != nil {
		fs = append(fs, File{FeedPath, m.feedXML(version)})
	}
	return fs
}

// NotFound reports whether the build renders layouts/404.html.
func (m *Plan) NotFound() bool { return m.notFound }

func (m *Plan) robotsTxt() []byte {
	var b bytes.Buffer
	b.WriteString("# Every crawler may read every page.\nUser-agent: *\nAllow: /\n")
	if m.sitemap {
		b.WriteString("\nSitemap: " + m.base + SitemapPath + "\n")
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
func (m *Plan) sitemapXML() []byte {
	set := sitemapSet{}
	for _, p := range m.site.Pages {
		if !p.Meta.Draft {
			set.URLs = append(set.URLs, sitemapURL{Loc: absURL(m.base, p.URL), LastMod: w3cDate(p.Meta.Date.Time)})
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
func (m *Plan) feedXML(version string) []byte {
	s := m.site.Settings
	title := cmp.Or(s.Title, m.site.Home.Meta.Title)
	f := atomFeed{Lang: cmp.Or(s.Language, "en"), ID: m.base, Title: title,
		Subtitle: cmp.Or(s.Description, m.site.Home.Meta.Summary),
		Updated:  m.feed[0].Meta.Date.Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: m.base + FeedPath},
			{Rel: "alternate", Type: "text/html", Href: m.base}},
		Author:    atomPerson{Name: title, URI: m.base},
		Generator: atomGenerator{URI: "https://github.com/gloss-ssg/gloss", Version: version, Name: "gloss"}}
	for _, p := range m.feed {
		u := absURL(m.base, p.URL)
		d := p.Meta.Date.Format(time.RFC3339)
		f.Entries = append(f.Entries, atomEntry{Title: p.Meta.Title, Link: atomLink{Rel: "alternate", Type: "text/html", Href: u},
			ID: u, Published: d, Updated: d, Summary: p.Meta.Summary})
	}
	return marshalXML(f)
}

func marshalXML(v any) []byte {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic("feeds: " + err.Error()) // fixed types of strings: cannot fail
	}
	return append(append([]byte(xml.Header), out...), '\n')
}

// NotFoundView turns v, the home page's view, into 404.html's. A static
// host serves that file for any missing path, at any depth
// (/gloss/a/b/c), so its URLs cannot be relative to where it is written:
// they start from the site's root path (site_url's path, or "/"). Its dot
// is the home page's view with these URLs and without the home page's
// own content: Kind "404", Title "Page not found", the site's
// description, Pages and Sections (each section with its pages), no
// canonical URL and no site-wide data (.Matrix and .Dated would make
// links relative to home).
func (m *Plan) NotFoundView(v *layout.Page) {
	base := m.rootPath
	v.Kind, v.Key, v.Section, v.Slug, v.File = "404", "", "", "", ""
	v.Title, v.Summary, v.Description = "Page not found", "", cmp.Or(m.site.Settings.Description, m.site.Home.Meta.Summary)
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
	layout.WithSiteData(v, nil)
}
