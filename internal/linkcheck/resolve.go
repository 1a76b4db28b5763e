package linkcheck

import (
	"net/url"
	"path"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
)

// use says what the browser does with a URL, which decides what it may be.
type use int

const (
	// navigate: a link the reader follows (<a href>, a form's action).
	// Another site is fine; an internal one must resolve.
	navigate use = iota
	// load: a resource the browser loads with the page (stylesheet,
	// script, image, font, frame). It must be a file of the output.
	load
	// absolute: canonical, feed, sitemap and Open Graph URLs. Absolute
	// only in the hosted style, under site_url; otherwise like navigate.
	absolute
)

// ref is one URL found in an output file.
type ref struct {
	what string // how the message names it: `<img src>`
	val  string // the URL, character references decoded
	use  use
	off  int    // byte offset in the output file, or -1
	base string // the output path it is resolved against
	// css: a fragment-only url(#x) names an SVG element of the document
	// and a fragment of a non-page target is not an id: neither is checked.
	css bool
	// absOnly: the URL must be absolute (a sitemap's <loc>, robots.txt's
	// Sitemap:), where the format has nothing to resolve a relative one by.
	absOnly bool
}

// notFoundPage is the page a static host serves for a missing address.
const notFoundPage = "404.html"

// rootPath is the URL path of the site's root on its host: site_url's
// path with one trailing slash ("/gloss/"), or "/".
func rootPath(siteURL string) string {
	u, err := url.Parse(siteURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.EscapedPath(), "/") + "/"
}

// scheme returns the URL's scheme as written ("https"), or "" for a
// relative reference.
func scheme(v string) string {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return v[:i]
		default:
			return ""
		}
	}
	return ""
}

// clean returns a URL as a browser reads it: leading and trailing spaces
// and C0 controls dropped, tabs and newlines removed anywhere.
func clean(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(v, "\t\n\r") {
		v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	}
	return v
}

// check applies the rules to one reference found in file from.
func (c *checker) check(from string, r ref) *problem {
	fail := func(reason, hint string) *problem {
		p := &problem{out: from, off: r.off, what: r.what, url: r.val, hasURL: true, needles: []string{r.val},
			reason: reason, hint: hint}
		if strings.Contains(r.val, "&") {
			p.needles = append(p.needles, strings.ReplaceAll(r.val, "&", "&amp;"))
		}
		return p
	}
	v := clean(r.val)
	if v == "" {
		if r.use == load || r.absOnly {
			return fail("is empty", "")
		}
		return nil // this page
	}
	// The WHATWG URL parser reads a backslash as a slash in http(s) URLs.
	slashes := strings.ReplaceAll(v[:min(len(v), 2)], `\`, "/")
	if strings.HasPrefix(slashes, "//") {
		return fail("is protocol-relative: it loads from another host, and from file:// from nowhere",
			"write https:// for another site, or a relative URL for a file of the site")
	}
	if sc := scheme(v); sc != "" {
		return c.checkAbsolute(r, strings.ToLower(sc), v, fail)
	}
	if r.absOnly {
		return fail("is relative; it must be an absolute URL under the site's site_url", "")
	}
	if from == notFoundPage && c.out.Style == graph.Pretty {
		return c.checkNotFound(from, r, v, fail)
	}
	if strings.HasPrefix(slashes, "/") {
		hint := "write it relative to the page; in a layout, {{ .Rel \"css/site.css\" }} gives an output file's relative URL"
		if r.css && kindOf(from) == cssFile {
			hint = "write it relative to the stylesheet"
		}
		return fail("is an absolute path: it breaks under a subpath (/repo/) and from file://", hint)
	}
	return c.relative(from, r, v, fail)
}

// checkNotFound checks a URL of 404.html, which a static host serves at any
// missing address (/gloss/a/b/c): a relative URL would resolve against
// that address, so its URLs must be absolute paths from the site's root
// path, which must name files of the output from there.
func (c *checker) checkNotFound(from string, r ref, v string, fail func(string, string) *problem) *problem {
	if !strings.HasPrefix(v, "/") {
		if strings.HasPrefix(v, "#") {
			return c.relative(from, r, v, fail)
		}
		return fail("is relative, but a host serves 404.html at any missing address, where it resolves somewhere else",
			"write it from the site's root path, "+c.rootPath+"…; in a layout, .Rel, .Root and .Home do so in 404.html")
	}
	if !strings.HasPrefix(v, c.rootPath) {
		return fail("is not under the site's root path "+c.rootPath, "site_url's path is the site's root path; without a site_url it is /")
	}
	return c.fromRoot(from, r, v[len(c.rootPath):], fail)
}

// fromRoot checks rel, a URL relative to the site's root.
func (c *checker) fromRoot(from string, r ref, rel string, fail func(string, string) *problem) *problem {
	if rel == "" || rel[0] == '#' || rel[0] == '?' {
		rel = "./" + rel
	}
	r.base = "index.html"
	return c.relative(from, r, rel, fail)
}

// relative checks a relative reference v, resolved against r.base.
func (c *checker) relative(from string, r ref, v string, fail func(string, string) *problem) *problem {
	rest, frag, hasFrag := strings.Cut(v, "#")
	rest, _, _ = strings.Cut(rest, "?")
	if rest == "" {
		if !hasFrag || r.css {
			return nil // this page, or an SVG reference in CSS
		}
		return c.checkFragment(from, r.base, frag, fail)
	}
	rel, err := url.PathUnescape(rest)
	if err != nil {
		return fail("has a bad %-escape", "")
	}
	joined := path.Join(path.Dir(r.base), rel)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return fail("leads outside the site", "")
	}
	last := path.Base(rel)
	folder := strings.HasSuffix(rel, "/") || last == "." || last == ".."
	target := joined
	if folder {
		index := path.Join(joined, "index.html")
		if c.out.Style == graph.Files {
			hint := ""
			if _, ok := c.out.Files[index]; ok {
				hint = "file:// has no directory index: write " + strings.TrimSuffix(rest, "/") + "/index.html"
				if last == "." {
					hint = "file:// has no directory index: write index.html"
				}
			}
			return fail("names the folder "+folderName(joined)+", which file:// cannot open", hint)
		}
		target = index
	}
	if _, ok := c.out.Files[target]; !ok {
		if _, isDir := c.out.Files[path.Join(joined, "index.html")]; isDir && !folder {
			if c.out.Style == graph.Files {
				return fail("names the folder "+folderName(joined)+", which file:// cannot open",
					"write "+rest+"/index.html")
			}
			return fail("names the folder "+folderName(joined)+" without its trailing slash; not every host redirects",
				"write "+rest+"/")
		}
		return fail("names "+target+", which is not in the output", c.didYouMean(target))
	}
	if !hasFrag || kindOf(target) != htmlFile {
		return nil // an SVG's or a PDF's fragment is not an id
	}
	return c.checkFragment(from, target, frag, fail)
}

func folderName(p string) string {
	if p == "." {
		return "at the site's root"
	}
	return p + "/"
}

// checkFragment checks that #frag names an element of the page target.
func (c *checker) checkFragment(from, target, frag string, fail func(string, string) *problem) *problem {
	if frag == "" || strings.EqualFold(frag, "top") || strings.HasPrefix(frag, ":~:") {
		return nil // the top of the page; a text fragment
	}
	s := c.scans[target]
	if s == nil {
		return nil
	}
	if s.hasID(frag) {
		return nil
	}
	if dec, err := url.PathUnescape(frag); err == nil && s.hasID(dec) {
		return nil
	}
	where := "this page"
	if target != from {
		where = target
	}
	return fail("names #"+frag+", but no element of "+where+" has that id", diag.DidYouMean(frag, s.ids))
}

// didYouMean suggests an output file close to a missing one.
func (c *checker) didYouMean(target string) string {
	return diag.DidYouMean(target, c.paths)
}

// checkAbsolute checks a URL with a scheme.
func (c *checker) checkAbsolute(r ref, scheme, v string, fail func(string, string) *problem) *problem {
	switch scheme {
	case "data":
		return nil // inline: needs nothing
	case "file":
		return fail("is a file: URL, a place on one computer's disk", "write a relative URL")
	}
	web := scheme == "http" || scheme == "https"
	switch r.use {
	case navigate:
		return nil // a link to another site, an email address, a phone number
	case absolute:
		if !web {
			return nil
		}
		if c.out.Style != graph.Pretty {
			return fail("is absolute; the offline build has no canonical, feed, sitemap or Open Graph URLs",
				"leave it out when the page is built for file:// (it has no .Canonical then)")
		}
		if c.siteURL == "" {
			return fail("is absolute, but the site has no site_url", "set site.site_url in content/_index.md, or leave it out")
		}
		base := strings.TrimSuffix(c.siteURL, "/")
		if v != base && !strings.HasPrefix(v, base+"/") {
			return fail("is not under the site's site_url "+c.siteURL, "")
		}
		// Under site_url it is a file of the site, like any other URL.
		return c.fromRoot(r.base, r, strings.TrimPrefix(v[len(base):], "/"), fail)
	}
	if scheme == "about" && strings.HasPrefix(strings.ToLower(v), "about:blank") {
		return nil
	}
	if web {
		host := v[len(scheme)+1:]
		host = strings.TrimLeft(host, `/\`)
		if i := strings.IndexAny(host, `/\?#`); i >= 0 {
			host = host[:i]
		}
		return fail("loads from another host ("+host+"): it fails offline and leaks readers to that host",
			"copy the file into static/ and link it relatively; for fonts, use a system font stack")
	}
	return fail("uses the "+scheme+": scheme, which the browser cannot load from the site's files", "")
}
