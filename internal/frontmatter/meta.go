package frontmatter

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Meta is everything a content file's front matter may say. Which keys are
// allowed where (site settings only on the home page, relation declarations
// only on a section's _index.md) is judged by the graph stage, which knows
// what kind of page this is; relation values arrive in Extra because only
// the section knows which relation names it declares.
type Meta struct {
	Title     string                  `fm:"title"`
	Summary   string                  `fm:"summary"`
	Date      Date                    `fm:"date"`
	Weight    int                     `fm:"weight"`
	Draft     bool                    `fm:"draft"`
	Layout    string                  `fm:"layout"` // "timeline": layouts/timeline.html renders the page
	Sources   []Source                `fm:"sources"`
	Params    map[string]any          `fm:"params"`
	Relations map[string]RelationDecl `fm:"relations"`
	Site      *SiteSettings           `fm:"site"`
	Extra     []Field                 `fm:",extra"`
	// Keys records where each top-level key was written, for diagnostics
	// raised by later stages ("relations belong in a section's _index.md").
	Keys map[string]Pos `fm:"-"`
	// ParamsTree is params as written, with every value's place, for
	// diagnostics about a value a layout took from Params (Node.Origin).
	ParamsTree *Node `fm:"-"`
}

// Source is one entry of a page's numbered references.
type Source struct {
	// ID names the source for citations in the body, [@id]: a letter,
	// then letters, digits, "-", "_", "." or ":".
	ID        string `fm:"id"`
	Title     string `fm:"title"`
	Publisher string `fm:"publisher"`
	Date      Date   `fm:"date"`
	URL       string `fm:"url"`
	Note      string `fm:"note"`
	// Lang is the language of the title when it is not the page's, as a
	// BCP 47 tag such as zh-Hans, so that screen readers, fonts and
	// hyphenation treat it as that language.
	Lang    string `fm:"lang"`
	Pos     Pos    `fm:",pos"`
	URLPos  Pos    `fm:"url,pos"`  // where the url is written
	LangPos Pos    `fm:"lang,pos"` // where the lang is written
}

// RelationDecl is a section's declaration of a relation its pages may carry.
type RelationDecl struct {
	To           string `fm:"to"`
	Label        string `fm:"label"`
	Inverse      string `fm:"inverse"`
	InverseLabel string `fm:"inverse_label"`
	Pos          Pos    `fm:",pos"`
}

// SiteSettings are the site-wide settings, kept in the home page's `site:`.
type SiteSettings struct {
	Title       string `fm:"title"`
	Description string `fm:"description"`
	Language    string `fm:"language"`
	// SiteURL is the absolute address of the hosted site, used only where
	// the web demands absolute URLs (canonical links, sitemap, feeds).
	SiteURL    string `fm:"site_url"`
	SiteURLPos Pos    `fm:"site_url,pos"`
	// ZipName names the offline download and its top-level folder.
	ZipName string `fm:"zip_name"`
	// UnsafeHTML lets raw HTML in Markdown through. Off by default: with it
	// on, an author can put script into pages.
	UnsafeHTML bool `fm:"unsafe_html"`
	// Highlight names chroma styles for code in light and dark schemes.
	Highlight HighlightSettings `fm:"highlight"`
	// Glossary is the section whose pages [[term]] refers to; "glossary"
	// when not set.
	Glossary string `fm:"glossary"`
	// Keep names entries at the top of the output folder that gloss build
	// carries into each new output, besides .git, CNAME and .nojekyll.
	Keep []string `fm:"keep"`
	Pos  Pos      `fm:",pos"`
}

// HighlightSettings choose the chroma styles for the generated stylesheets.
type HighlightSettings struct {
	Light string `fm:"light"`
	Dark  string `fm:"dark"`
	Pos   Pos    `fm:",pos"`
}

// Document is a parsed content file.
type Document struct {
	Format   Format
	Meta     Meta
	Body     []byte
	BodyLine int
}

// Parse splits a content file and decodes its front matter into Meta. It
// returns every problem it finds, each with its place in the file.
func Parse(data []byte) (*Document, []*Error) {
	s, err := SplitFile(data)
	if err != nil {
		return nil, []*Error{err}
	}
	doc := &Document{Format: s.Format, Body: s.Body, BodyLine: s.BodyLine}
	var tree *Node
	var errs []*Error
	switch s.Format {
	case None:
		return doc, nil
	case YAML:
		tree, errs = parseYAML(s.Raw, s.RawLine)
	case TOML:
		tree, errs = parseTOML(s.Raw, s.RawLine)
	}
	if tree == nil {
		return doc, errs
	}
	errs = append(errs, checkControls(tree)...)
	errs = append(errs, Decode(tree, &doc.Meta)...)
	errs = append(errs, doc.Meta.checkSiteURL()...)
	errs = append(errs, doc.Meta.checkSourceLangs()...)
	doc.Meta.Keys = make(map[string]Pos, len(tree.Keys))
	for _, k := range tree.Keys {
		doc.Meta.Keys[k.Name] = k.Pos
	}
	doc.Meta.ParamsTree = tree.Get("params")
	return doc, errs
}

// checkSourceLangs reports a source's lang that is not a language tag,
// at its own line, and drops it, so that no layout writes it into a lang
// attribute.
func (m *Meta) checkSourceLangs() []*Error {
	var errs []*Error
	for i := range m.Sources {
		src := &m.Sources[i]
		if src.Lang == "" || WellFormedLang(src.Lang) {
			continue
		}
		errs = append(errs, &Error{Line: src.LangPos.Line, Col: src.LangPos.Col,
			Msg:  fmt.Sprintf("sources[%d].lang %q is not a well-formed language tag", i, src.Lang),
			Hint: "write a BCP 47 tag such as zh-Hans, zh-Hant or fr"})
		src.Lang = ""
	}
	return errs
}

// checkSiteURL reports a site_url that cannot be the address of a site, at
// its own line, and drops it, so that later stages, which build canonical
// URLs and feeds from it, neither use it nor report it again.
func (m *Meta) checkSiteURL() []*Error {
	if m.Site == nil || m.Site.SiteURL == "" {
		return nil
	}
	why := SiteURLProblem(m.Site.SiteURL)
	if why == "" {
		return nil
	}
	pos, bad := m.Site.SiteURLPos, m.Site.SiteURL
	m.Site.SiteURL = ""
	return []*Error{{Line: pos.Line, Col: pos.Col,
		Msg:  fmt.Sprintf("site.site_url %q: %s", bad, why),
		Hint: "write the address the hosted site is published at, such as https://example.org/explainer/"}}
}

// SiteURLProblem says why s cannot be a site's address, or returns "": it
// must be an absolute http or https URL with a host, a port (if any) from
// 1 to 65535, no user name, query or fragment, and nothing a URL cannot
// hold unescaped (spaces, control characters).
func SiteURLProblem(s string) string {
	for _, r := range s {
		switch {
		case r == ' ':
			return "it contains a space, which a URL writes as %20"
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return fmt.Sprintf("it contains the character %U, which a URL cannot hold", r)
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "not a URL: " + err.Error()
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "it must be an absolute http or https URL"
	case u.Host == "":
		return "it has no host"
	case u.User != nil:
		return "it must not carry a user name"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return "it must not have a query or fragment"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("port %s is out of range (1 to 65535)", p)
		}
	}
	return ""
}
