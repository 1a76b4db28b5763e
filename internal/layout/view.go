package layout

import (
	"encoding/json"
	"fmt"
	"html/template"
	"time"
)

// Page is what a layout receives as dot: one page of the site, with every
// URL in it relative to this page, so the output works at any base path.
type Page struct {
	Kind    string // "home", "section" or "page"; "404" for the not-found page
	Key     string // "principles/second"; "" for home
	Section string // the top-level section, "" for home and top-level pages
	Slug    string
	File    string // the source, relative to the site
	Layout  string // the layout being executed

	Title   string
	Summary string
	Date    time.Time // zero when the page has none
	Weight  int
	Draft   bool
	Params  map[string]any
	// Number is the 1-based position of the page in its section's order.
	Number int

	Content template.HTML // the rendered Markdown body
	// Highlighted reports whether Content holds code coloured by chroma,
	// so that a layout can link the generated css/syntax.css, most of a
	// page's stylesheet weight, only on pages that need it.
	Highlighted bool
	TOC         []Heading // the body's headings of level 2 and 3
	Sources     []Source

	// Relations are those the page's section declares; Inverses are those
	// computed from other pages naming this one. Both keep declaration
	// (name) order and list pages in reading order.
	Relations []Relation
	Inverses  []Relation

	Parent      *Link   // the section, or home
	Prev, Next  *Link   // neighbours in the section's order
	Breadcrumbs []*Link // home, then the section, excluding this page
	// UsedBy are the pages whose bodies use this page as a glossary term
	// ([[term]]), in reading order.
	UsedBy   []*Link
	Pages    []*Link // home: top-level pages; section: its pages
	Sections []*Link // home: every section, each with its Pages

	// Previews are the preview cards of the pages this page links to, in
	// reading order of the targets: see Preview and PreviewPartial.
	Previews []Preview

	// Root is the relative URL of the site's root folder ("./", "../../"),
	// the base of Rel. It names a folder, which file:// cannot open: to
	// link to the home page, use Home.
	Root string
	// Home is the relative URL of the home page in the build's style:
	// "../../" for a web server, "../../index.html" for the offline build.
	Home string
	// Canonical is the absolute URL of this page, in the hosted build of a
	// site with a site_url; empty otherwise (offline, no site_url, 404).
	Canonical string
	// Description is the page's summary, else the site's description,
	// else the home page's summary: for <meta name="description"> and
	// social cards.
	Description string
	// JSONLD is the page's structured data, set with Canonical (meta.go).
	JSONLD *JSONLD
	Site   *Site

	// site answers Matrix, Dated and Gather (sitewide.go, gather.go);
	// usedSite records that the layout asked, which makes the page depend
	// on the whole site, and gathered the pages whose bodies it gathered.
	site     SiteData
	usedSite bool
	gathered []string
	// assetNames are the published names of fingerprinted assets (Rel).
	assetNames map[string]string
	// share is set while the page is executed for two variants at once
	// (share.go).
	share *shareState
}

// Link is another page as seen from the page being rendered.
type Link struct {
	Kind    string
	Key     string
	Section string
	Slug    string
	Title   string
	Summary string
	URL     string // relative to the page being rendered
	Date    time.Time
	Weight  int
	Params  map[string]any
	// Number is the 1-based position of the page in its section's order.
	Number int
	// Pages are a section's pages; filled for Page.Sections only.
	Pages []*Link
	// Current is true when this link is the page being rendered.
	Current bool

	share *shareState // as Page's
}

// Relation is a labelled list of pages.
type Relation struct {
	Name  string
	Label string
	Pages []*Link
}

// Heading is an entry of a table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Source is a numbered reference from front matter.
type Source struct {
	Number int
	// ID is the element ID of the source's entry ("src-ap" for a source
	// with id ap, else "src-3"), which citations in the body link to.
	ID        string
	Title     string
	Publisher string
	Date      time.Time
	// URL is trusted by html/template: the build lets through only the
	// schemes body links may use (tel:, ftp: and sms: among them, which
	// html/template alone would turn into #ZgotmplZ).
	URL  template.URL
	Note string
	// Lang is the title's language when it is not the page's (a BCP 47
	// tag), for a lang attribute around the title; "" otherwise.
	Lang string
}

// Site holds the site-wide settings.
type Site struct {
	Title       string
	Description string
	Language    string
	// Locale is Language as Open Graph writes it: "en_GB" for "en-GB".
	Locale    string
	URL       string // site_url, absolute; empty when not set
	Generator string
	// SearchIndex is the site path of the search index script
	// ("search/index.1a2b3c4d.js"); {{ .Rel .Site.SearchIndex }} is its URL.
	SearchIndex string
	// Download is the offline zip, for a link to it; nil in the offline
	// variant (and in the dev server, which makes no zip).
	Download *Download
	// Offline is true in the offline variant (opened from disk).
	Offline bool
	// Feed is the site path of the Atom feed ("feed.xml"), in a hosted
	// build that has one (site_url set, a dated page); {{ .Rel .Site.Feed }}
	// is its URL.
	Feed string

	share *shareState // as Page's
}

// Rel returns the URL of a file of the output (a static asset such as
// "css/site.css") relative to this page.
//
// A stylesheet or script the build fingerprinted is linked by its
// fingerprinted name ("css/site.3f2a9c1b.css"), so that a change reaches
// readers whose browsers cached the last one.
func (p *Page) Rel(sitePath string) string {
	if p.share != nil {
		return p.share.rel(p, sitePath)
	}
	return p.rel(sitePath)
}

// rel is Rel.
func (p *Page) rel(sitePath string) string {
	if name, ok := p.assetNames[sitePath]; ok {
		sitePath = name
	}
	if p.Root == "./" {
		return sitePath
	}
	return p.Root + sitePath
}

// WithAssets gives the view the names stylesheets and scripts are
// published under (see Rel); nil or empty leaves every name as it is.
func WithAssets(p *Page, names map[string]string) { p.assetNames = names }

// HasRelations reports whether any relation or inverse lists a page.
func (p *Page) HasRelations() bool {
	for _, rs := range [][]Relation{p.Relations, p.Inverses} {
		for _, r := range rs {
			if len(r.Pages) > 0 {
				return true
			}
		}
	}
	return false
}

// A page, the site or a link written out whole (fmt, JSON in a script)
// would carry its variant's fields, or the addresses of its pointers,
// into the other variant's page: a shared execution that does so is
// abandoned (share.go). Otherwise each writes what the struct alone would.
type (
	plainPage Page
	plainSite Site
	plainLink Link
)

// Format writes the page as fmt would write its fields.
func (p Page) Format(f fmt.State, verb rune) {
	p.share.writtenWhole()
	fmt.Fprintf(f, fmt.FormatString(f, verb), plainPage(p))
}

// MarshalJSON writes the page as encoding/json would write its fields.
func (p Page) MarshalJSON() ([]byte, error) {
	p.share.writtenWhole()
	return json.Marshal(plainPage(p))
}

// Format writes the site's settings as fmt would write their fields.
func (s Site) Format(f fmt.State, verb rune) {
	s.share.writtenWhole()
	fmt.Fprintf(f, fmt.FormatString(f, verb), plainSite(s))
}

// MarshalJSON writes the site's settings as encoding/json would.
func (s Site) MarshalJSON() ([]byte, error) {
	s.share.writtenWhole()
	return json.Marshal(plainSite(s))
}

// Format writes the link as fmt would write its fields.
func (l Link) Format(f fmt.State, verb rune) {
	l.share.writtenWhole()
	fmt.Fprintf(f, fmt.FormatString(f, verb), plainLink(l))
}

// MarshalJSON writes the link as encoding/json would write its fields.
func (l Link) MarshalJSON() ([]byte, error) {
	l.share.writtenWhole()
	return json.Marshal(plainLink(l))
}
