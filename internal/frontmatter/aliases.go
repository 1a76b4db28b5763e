package frontmatter

import (
	"fmt"
	"slices"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// aliases maps the names other static site generators (Hugo, Zola,
// Jekyll, Eleventy) give a setting to gloss's name for it. An author
// moving a site over writes them from habit, and edit distance alone
// cannot link "base_url" to "site_url". A name is suggested only where
// the mapping being decoded has the gloss key.
var aliases = map[string]string{
	// site:
	"base_url": "site_url", "baseURL": "site_url", "baseUrl": "site_url", "baseurl": "site_url",
	"url": "site_url", "siteurl": "site_url", "siteURL": "site_url",
	"languageCode": "language", "language_code": "language", "default_language": "language",
	"defaultContentLanguage": "language", "lang": "language", "locale": "language",
	"subtitle": "description", "tagline": "description",
	// pages:
	"description": "summary", "excerpt": "summary", "abstract": "summary",
	"publishDate": "date", "publish_date": "date", "pubDate": "date", "published": "date",
	"linkTitle": "title", "name": "title",
	"order": "weight", "nav_order": "weight",
	"template": "layout",
	// sources:
	"link": "url", "href": "url", "website": "url",
	"comment": "note", "notes": "note",
}

// KeyHint is the hint for an unknown key among the keys names: gloss's
// name for it when it is another generator's name for one of them, else
// the closest name by spelling, else "".
func KeyHint(key string, names []string) string {
	if a, ok := aliases[key]; ok && slices.Contains(names, a) {
		return fmt.Sprintf("gloss calls it %q", a)
	}
	return diag.DidYouMean(key, names)
}
