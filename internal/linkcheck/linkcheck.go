// Package linkcheck owns checking a build's output the way a browser will
// read it, for each variant of the site (the hosted build with pretty URLs,
// the offline build opened from file://).
//
// Links: every internal URL — href, src, srcset, poster, action, data,
// formaction, SVG href and xlink:href, a meta refresh, CSS url() and
// @import in stylesheets, <style> elements and style attributes — is
// resolved against the file that holds it and must name a file of the
// output. In the offline style it must name the file itself
// ("principles/second/index.html"): file:// has no directory index, so a
// folder URL ("principles/second/") is an error. In the hosted style a
// folder URL must have an index.html, and a folder named without its
// trailing slash is an error (not every static host redirects). Every
// #fragment must be an id (or the name of an <a>) in its target page.
//
// No server needed: in both variants nothing may need a web server or
// another host. Scripts (inline, event handler attributes and .js files)
// must not call fetch, XMLHttpRequest, dynamic import() or module syntax,
// importScripts, service workers, WebAssembly, workers, EventSource,
// WebSocket or sendBeacon; the scan skips comments, strings, template text
// and regular expressions, so a page's text in a search index or a word in
// a comment is not mistaken for a call (a careful lexical scan, not a
// parser: it guards against accidents, not against code written to hide).
// <script type="module">, import maps, modulepreload and <base> are
// errors. No resource (stylesheet, script, image, font, media, frame,
// object, preload or preconnect) may come from another host, and no URL
// anywhere may be protocol-relative ("//host/x"), an absolute path ("/x")
// or a file: URL; CSS url()s are relative. Links to other sites (<a href>,
// a form's action) are links, not resources, and stay allowed.
//
// The exceptions by design: canonical links, feeds (<link
// rel="alternate"> of an RSS, Atom or JSON feed type), sitemap links and
// Open Graph / Twitter card URLs may be absolute, and only in the hosted
// style, and only under the site's site_url; under it they must name a
// file of the output, as a relative URL would. A sitemap's <loc>s and an
// Atom feed's <link href>s (any .xml file whose root is a sitemap's
// <urlset> or an Atom <feed>) and robots.txt's Sitemap: lines are checked
// the same way, and the first two and the last must be absolute. And
// 404.html at the root of the hosted style, which a static host serves
// at any missing address, at any depth: there a relative URL would
// resolve somewhere else, so its URLs must be absolute paths under the
// site's root path (site_url's path, or "/" without a site_url), and
// name files of the output from there.
//
// Diagnostics name the site file that produced the output, never the
// output itself: a static file copied as is gets the exact line and
// column; a rendered page gets the line of its Markdown source or layout
// that holds the URL when the URL is written there literally, else line 1
// of its source. The message names the output path, the variant and the
// URL. A problem that a layout repeats on many pages is reported once,
// with the number of pages.
package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/parallel"
)

// Output is one variant of a build to check.
type Output struct {
	// Name names the variant in messages: "hosted", "offline".
	Name  string
	Style graph.Style // Pretty (hosted) or Files (offline)
	// Files maps output paths ("principles/second/index.html") to bytes.
	Files map[string][]byte
	// Sources maps output paths to the site file that produced each one
	// (build.Result.Sources); diagnostics are reported there.
	Sources map[string]string
}

// Options hold what is common to every variant checked.
type Options struct {
	// SiteURL is the site's site_url. When set, the hosted style may hold
	// absolute canonical, feed, sitemap and Open Graph URLs under it.
	SiteURL string
	// Site, if set, is the site's folder: it lets diagnostics point at the
	// line of a source file or layout instead of line 1.
	Site fs.FS
}

// Check checks every output and returns its problems as diagnostics,
// sorted. Pages are parsed on all cores.
func Check(opts Options, outs ...Output) diag.List {
	found := make([]Findings, len(outs))
	for i, o := range outs {
		found[i] = Scan(opts, o)
	}
	return Report(found...)
}

// Findings are one output's problems, each already placed in the site's
// files: what Report needs, without the output itself. A caller short of
// memory can scan one variant, let its files go, and build the next.
type Findings struct {
	found []located
}

// located is a problem and where it was written.
type located struct {
	p         problem
	file      string
	line, col int
	found     bool // the place is where it was written, not a fallback
}

// Scan checks one output and places its problems.
func Scan(opts Options, out Output) Findings {
	c := &checker{out: out, siteURL: opts.SiteURL, rootPath: rootPath(opts.SiteURL)}
	loc := &locator{site: opts.Site, cache: map[string][]byte{}}
	var f Findings
	for _, p := range c.run() {
		file, line, col, found := loc.locate(out, p)
		f.found = append(f.found, located{p: p, file: file, line: line, col: col, found: found})
	}
	return f
}

// problem is one violation found in one output file.
type problem struct {
	variant string
	out     string // output path
	off     int    // byte offset in the output, or -1
	// needles are texts whose place in a source file or layout says where
	// the problem was written (the URL as written, the script word).
	needles []string
	// anywhere: a needle may stand anywhere in a source (a script word),
	// not only as a whole quoted value.
	anywhere bool
	what     string // "<link rel=\"stylesheet\" href>", "script"
	url      string // the URL, when the problem is about one
	hasURL   bool
	reason   string // page-independent: why it is wrong
	hint     string
}

func (p problem) message() string {
	if p.hasURL {
		return fmt.Sprintf("%s %q %s", p.what, p.url, p.reason)
	}
	return p.what + " " + p.reason
}

// scanned is what one pass over one output file found.
type scanned struct {
	ids   []string // HTML: id attributes and <a name>; sorted, each once (see sortIDs)
	refs  []ref
	probs []problem
}

// sortIDs sorts s.ids and keeps each once, in a slice of its own size:
// a page's few dozen ids are looked up by binary search more cheaply than
// a map per page is built.
func (s *scanned) sortIDs() {
	if len(s.ids) == 0 {
		s.ids = nil
		return
	}
	slices.Sort(s.ids)
	s.ids = slices.Clone(slices.Compact(s.ids))
}

func (s *scanned) hasID(id string) bool {
	_, ok := slices.BinarySearch(s.ids, id)
	return ok
}

type checker struct {
	out      Output
	siteURL  string
	rootPath string              // where 404.html's URLs start: site_url's path, or "/"
	paths    []string            // sorted output paths
	scans    map[string]*scanned // by output path, for files that were scanned
}

func (c *checker) run() []problem {
	c.paths = make([]string, 0, len(c.out.Files))
	for p := range c.out.Files {
		c.paths = append(c.paths, p)
	}
	sort.Strings(c.paths)
	var todo []string
	for _, p := range c.paths {
		if kindOf(p) != other {
			todo = append(todo, p)
		}
	}
	// Largest first, so that no core is left scanning a big page (the
	// print page, which gathers every body) after the other has finished.
	bySize := make([]int, len(todo))
	for i := range bySize {
		bySize[i] = i
	}
	sort.SliceStable(bySize, func(a, b int) bool { return len(c.out.Files[todo[bySize[a]]]) > len(c.out.Files[todo[bySize[b]]]) })
	results := make([]*scanned, len(todo))
	parallel.ForEach(len(todo), func(k int) {
		i := bySize[k]
		p := todo[i]
		switch kindOf(p) {
		case htmlFile:
			results[i] = scanHTML(p, c.out.Files[p])
		case cssFile:
			s := &scanned{}
			scanCSS(s, p, c.out.Files[p], 0, p, "url()")
			results[i] = s
		case jsFile:
			s := &scanned{}
			scanJS(s, p, c.out.Files[p], 0, "script "+p)
			results[i] = s
		case xmlFile:
			results[i] = scanXML(p, c.out.Files[p])
		case robotsFile:
			results[i] = scanRobots(p, c.out.Files[p])
		}
	})
	c.scans = make(map[string]*scanned, len(todo))
	for i, p := range todo {
		c.scans[p] = results[i]
	}
	// Resolve every reference, again on all cores: targets' ids are known.
	found := make([][]problem, len(todo))
	parallel.ForEach(len(todo), func(k int) {
		i := bySize[k]
		s := results[i]
		ps := s.probs
		for _, r := range s.refs {
			if pr := c.check(todo[i], r); pr != nil {
				ps = append(ps, *pr)
			}
		}
		found[i] = ps
	})
	var all []problem
	for _, ps := range found {
		for _, p := range ps {
			p.variant = c.out.Name
			all = append(all, p)
		}
	}
	return all
}

type fileKind int

const (
	other fileKind = iota
	htmlFile
	cssFile
	jsFile
	xmlFile    // a sitemap or an Atom feed, when its root element says so
	robotsFile // robots.txt at the root
)

func kindOf(p string) fileKind {
	if p == "robots.txt" {
		return robotsFile
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".xml":
		return xmlFile
	case ".html", ".htm", ".xhtml":
		return htmlFile
	case ".css":
		return cssFile
	case ".js", ".mjs", ".cjs":
		return jsFile
	}
	return other
}

// report turns problems into diagnostics at their sources. Problems at the
// same place with the same message (a layout's mistake, repeated on every
// page it renders, in one variant or both) become one diagnostic.
// Report turns the findings of the outputs checked into diagnostics, in
// the order given: a problem written once and found in several files or
// variants is one diagnostic naming them.
func Report(findings ...Findings) diag.List {
	type group struct {
		d        diag.Diagnostic
		first    problem
		pages    map[string]bool
		variants []string
	}
	groups := map[string]*group{}
	var order []string
	for _, f := range findings {
		for _, l := range f.found {
			p := l.p
			key := fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s", l.file, l.line, l.col, p.what, p.reason)
			if !l.found {
				// Where it was written is unknown (a URL a layout computes):
				// the same problem on many pages is one report, at the first.
				key = "\x01" + p.what + "\x00" + p.reason
			}
			g := groups[key]
			if g == nil {
				g = &group{d: diag.Errorf(l.file, l.line, l.col, "").WithHint(p.hint), first: p, pages: map[string]bool{}}
				groups[key] = g
				order = append(order, key)
			}
			g.pages[p.out] = true
			if !contains(g.variants, p.variant) {
				g.variants = append(g.variants, p.variant)
			}
		}
	}
	var out diag.List
	for _, key := range order {
		g := groups[key]
		where := g.first.out
		if n := len(g.pages); n > 1 {
			where = fmt.Sprintf("%s and %d other %s", where, n-1, diag.Plural(n-1, "file", "files"))
		}
		g.d.Msg = fmt.Sprintf("%s (%s): %s", where, strings.Join(g.variants, " and "), g.first.message())
		out = append(out, g.d)
	}
	return out.Sort()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// locator finds where in the site a problem was written.
type locator struct {
	site    fs.FS
	cache   map[string][]byte // site file → bytes (nil: unreadable)
	layouts []string          // layout files, sorted; nil until listed
	listed  bool
}

func (l *locator) read(name string) []byte {
	if l.site == nil || name == "" || strings.HasSuffix(name, "/") {
		return nil
	}
	if data, ok := l.cache[name]; ok {
		return data
	}
	data, err := fs.ReadFile(l.site, name)
	if err != nil {
		data = nil
	}
	l.cache[name] = data
	return data
}

func (l *locator) layoutFiles() []string {
	if l.listed || l.site == nil {
		return l.layouts
	}
	l.listed = true
	fs.WalkDir(l.site, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			l.layouts = append(l.layouts, p)
		}
		return nil
	})
	sort.Strings(l.layouts)
	return l.layouts
}

// locate returns the site file, line and column for a problem, and
// whether that is where it was written (not just the page's source).
func (l *locator) locate(o Output, p problem) (string, int, int, bool) {
	src := o.Sources[p.out]
	if src == "" {
		// Not made from a site file: the output is the best place.
		if p.off >= 0 {
			line, col := lineCol(o.Files[p.out], p.off)
			return p.out, line, col, true
		}
		return p.out, 1, 1, true
	}
	data := l.read(src)
	if data != nil && bytes.Equal(data, o.Files[p.out]) {
		// Copied as is: the output's place is the source's.
		if p.off >= 0 {
			line, col := lineCol(data, p.off)
			return src, line, col, true
		}
		return src, 1, 1, true
	}
	for _, n := range p.needles {
		if len(n) < 2 {
			continue
		}
		if off := findWritten(data, n, strings.HasSuffix(src, ".md"), p.anywhere); off >= 0 {
			line, col := lineCol(data, off)
			return src, line, col, true
		}
		if kindOf(p.out) != htmlFile {
			continue
		}
		for _, lf := range l.layoutFiles() {
			if off := findWritten(l.read(lf), n, false, p.anywhere); off >= 0 {
				line, col := lineCol(l.read(lf), off)
				return lf, line, col, true
			}
		}
	}
	return src, 1, 1, false
}

// findWritten finds s in data where it stands as a whole value: quoted,
// after "=", or (in Markdown) as a link destination; or anywhere.
func findWritten(data []byte, s string, markdown, anywhere bool) int {
	if data == nil {
		return -1
	}
	forms := []string{`"` + s + `"`, `'` + s + `'`, "=" + s + " ", "=" + s + ">"}
	if markdown {
		forms = append(forms, "("+s+")", "("+s+" ", "<"+s+">", ": "+s+"\n")
	}
	best := -1
	for _, f := range forms {
		if i := bytes.Index(data, []byte(f)); i >= 0 && (best < 0 || i+1 < best) {
			best = i + 1
			if strings.HasPrefix(f, ": ") {
				best = i + 2
			}
		}
	}
	if best < 0 && (anywhere || len(s) >= 8) {
		if i := bytes.Index(data, []byte(s)); i >= 0 {
			best = i
		}
	}
	return best
}

// lineCol converts a byte offset to a 1-based line and a column counted in
// characters.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}
