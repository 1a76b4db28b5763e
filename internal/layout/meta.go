package layout

// JSONLD is a page's structured data (schema.org) for search engines, set
// in the hosted build when the site has a site_url (with Page.Canonical).
// A layout writes it as a value inside a JSON-LD script:
//
//	{{ with .JSONLD }}<script type="application/ld+json">{{ . }}</script>{{ end }}
//
// html/template writes a value there as JSON and escapes <, > and & in its
// strings (\u003c…), so a title such as "</script><script>…" cannot end
// the script. Do not turn it into a string first: a string is written as a
// quoted JavaScript string, which JSON-LD readers do not take for data.
type JSONLD struct {
	Context string `json:"@context"` // "https://schema.org"
	// Type is "Article" for a page, "CollectionPage" for a section's page
	// and "WebSite" for the home page.
	Type        string `json:"@type"`
	Headline    string `json:"headline,omitempty"` // a page's or section's title
	Name        string `json:"name,omitempty"`     // the site's title, on the home page
	Description string `json:"description,omitempty"`
	// DatePublished is the page's date, "2020-09-08" (RFC 3339 when the
	// date has a time); empty for an undated page.
	DatePublished string `json:"datePublished,omitempty"`
	InLanguage    string `json:"inLanguage,omitempty"`
	URL           string `json:"url"` // the page's absolute URL
	// IsPartOf is the site (every page but home); Publisher is the site as
	// an organisation, since a site has no other publisher setting.
	IsPartOf  *JSONLDThing `json:"isPartOf,omitempty"`
	Publisher *JSONLDThing `json:"publisher,omitempty"`
}

// JSONLDThing is a named schema.org thing with a URL: the site.
type JSONLDThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}
