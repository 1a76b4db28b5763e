// Package graph owns the site's content model: which files are the home
// page, sections and pages, their keys, URLs and output paths, their order,
// the typed relations between pages (checked against what each section
// declares) and the computed inverse relations, and the resolution of links
// written in page bodies. It reads front matter through package frontmatter
// and knows nothing of Markdown rendering or templates.
package graph

import (
	"cmp"
	"hash/fnv"
	"path"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/parallel"
)

// Kind is what a page is.
type Kind int

const (
	Home Kind = iota
	Section
	Regular
)

func (k Kind) String() string { return [...]string{"home", "section", "page"}[k] }

// Page is the home page, a section page or a regular page.
type Page struct {
	Kind Kind
	// File is the source, relative to the site ("content/principles/second.md");
	// empty for a section that has no _index.md.
	File string
	// Key names the page within the site: its path under content/ without
	// ".md", "/index" or "/_index" ("principles/second"; "" for home).
	Key     string
	Section string // top-level folder; "" for home and top-level pages
	Slug    string // last element of Key
	// URL is the site-relative directory URL ("principles/second/", "" for
	// home); OutPath is the file written ("principles/second/index.html").
	URL     string
	OutPath string

	Meta     frontmatter.Meta
	Body     []byte
	BodyLine int
	// MetaSum is a hash of the file's name and front matter: what other
	// pages can show of this one changes only when MetaSum does.
	MetaSum uint64
	// MetaFailed is set when the front matter did not parse (its syntax
	// error is reported): Meta is empty, so what depends on it (citations
	// of its sources, its relations, terms named by its title) is not
	// judged, rather than reported as a cascade of errors.
	MetaFailed bool

	// Relations are the relations the page's section declares, in name
	// order, each with the pages this page names (possibly none).
	Relations []*Relation
	// Inverses are computed: for each relation declared towards this
	// page's section that has an inverse name, the pages naming this one.
	Inverses []*Relation

	Parent     *Page   // the section page, or home for top-level pages
	Prev, Next *Page   // neighbours in the parent's order
	Pages      []*Page // home: top-level pages; section: its pages, ordered
	Sections   []*Page // home only: the sections, ordered

	// Order is the page's place in reading order across the whole site.
	Order int
	// Number is the page's 1-based place among its parent's pages (0 for
	// home and sections).
	Number int
}

// Unread reports whether the site path p ("content/cases/x.md") is, or
// lies in a folder that is, a path that could not be read
// (Options.Unread): what it holds is unknown, and a reference to it is
// not judged, since the path itself is reported.
func (s *Site) Unread(p string) bool {
	for _, u := range s.unread {
		if p == u || strings.HasPrefix(p, u+"/") {
			return true
		}
	}
	return false
}

// Title returns the page's title.
func (p *Page) Title() string { return p.Meta.Title }

// Relation is a named, labelled list of pages.
type Relation struct {
	Name  string
	Label string
	Pages []*Page
}

// Site is the checked content model.
type Site struct {
	Settings frontmatter.SiteSettings
	Home     *Page
	Sections []*Page
	// Pages holds every page (home, sections, regular) in reading order.
	Pages []*Page
	ByKey map[string]*Page
	// Assets are content files that are not Markdown, copied as they are
	// ("content/principles/map.png" is written to "principles/map.png").
	Assets map[string]bool
	// Static are the output paths of static files, for links to them.
	Static map[string]bool

	drafts map[string]bool // keys of drafts left out of this build
	unread []string        // Options.Unread
	// Drafts are the files of the drafts left out of this build, sorted,
	// for the note that says so.
	Drafts []string
}

// File is one input file under content/.
type File struct {
	Path string // "content/…"
	Data []byte
}

// Options change what is built.
type Options struct {
	Drafts bool     // include pages marked draft
	Static []string // output paths of static files, for link checks
	// Cache, if set, keeps decoded front matter from one build to the next.
	Cache *ParseCache
	// Unread are the site paths that are there but could not be read (a
	// symbolic link to nothing), each reported at its path already: a
	// page file among them is a page whose front matter is lost
	// (MetaFailed), any other file under content/ or static/ is there
	// for links, and what lies in an unread folder is not judged
	// (Site.Unread), so that what names them is not reported a second
	// time, as missing.
	Unread []string
}

type builder struct {
	site  *Site
	diags diag.List
	// unread are the page files of Options.Unread.
	unread map[string]bool
	mu     sync.Mutex
	// clashed holds the keys two files were found to make (classify),
	// so that the clash is reported once, there.
	clashed map[string]bool
}

func (b *builder) add(d diag.Diagnostic) {
	b.mu.Lock()
	b.diags = append(b.diags, d)
	b.mu.Unlock()
}

// New builds the content model from the files under content/.
func New(files []File, opts Options) (*Site, diag.List) {
	b := &builder{site: &Site{ByKey: map[string]*Page{}, Assets: map[string]bool{}, Static: map[string]bool{}, drafts: map[string]bool{}}}
	for _, s := range opts.Static {
		b.site.Static[s] = true
	}
	b.site.unread = opts.Unread
	for _, u := range opts.Unread {
		if s, ok := strings.CutPrefix(u, "static/"); ok {
			b.site.Static[s] = true
		} else if strings.HasPrefix(u, "content/") {
			// classify makes it a page or an asset, as its name says.
			files = append(files[:len(files):len(files)], File{Path: u})
			if b.unread == nil {
				b.unread = map[string]bool{}
			}
			b.unread[u] = true
		}
	}
	pages := b.classify(files, opts.Cache)
	b.parse(pages, opts.Cache)
	pages = b.dropDrafts(pages, opts.Drafts)
	b.assemble(pages)
	if b.site.Home == nil {
		return b.site, append(b.diags, diag.Errorf("content/_index.md", 1, 1, "the home page content/_index.md is missing: it holds the site's title and settings"))
	}
	b.checkKeys()
	b.order()
	b.relate()
	return b.site, b.diags
}

// classify turns file paths into pages (not yet parsed) and assets.
func (b *builder) classify(files []File, cache *ParseCache) []*Page {
	var pages []*Page
	owner := make(map[string]string, len(files))
	for _, f := range files {
		c := cache.place(f.Path)
		if c.asset {
			b.site.Assets[f.Path] = true
			continue
		}
		if c.err != nil {
			b.add(*c.err)
			continue
		}
		if prev, dup := owner[c.key]; dup {
			if b.clashed == nil {
				b.clashed = map[string]bool{}
			}
			b.clashed[c.key] = true
			b.add(diag.Errorf(f.Path, 1, 1, "%s and %s both become the page %s", prev, f.Path, c.outPath).
				WithHint("rename or remove one of them"))
			continue
		}
		owner[c.key] = f.Path
		pages = append(pages, &Page{File: f.Path, Body: f.Data, Kind: c.kind, Key: c.key, Slug: c.slug,
			Section: c.section, URL: c.url, OutPath: c.outPath})
	}
	return pages
}

// placement is what a content file's path alone says about it.
type placement struct {
	asset                            bool
	err                              *diag.Diagnostic
	kind                             Kind
	key, slug, section, url, outPath string
}

// placeFile reads a content file's path: an asset, or a page with its
// kind, key, section and URLs, or a path that cannot be a page.
func placeFile(file string) *placement {
	rel := strings.TrimPrefix(file, "content/")
	if !strings.HasSuffix(rel, ".md") {
		return &placement{asset: true}
	}
	c := &placement{}
	key := strings.TrimSuffix(rel, ".md")
	base := path.Base(key)
	switch {
	case key == "_index":
		c.kind, key = Home, ""
	case base == "_index":
		key = path.Dir(key)
		if strings.Contains(key, "/") {
			d := diag.Errorf(file, 1, 1, "sections are top-level folders of content/; %s is nested", path.Dir(rel)).
				WithHint("rename it to index.md to make it a page")
			return &placement{err: &d}
		}
		c.kind = Section
	case base == "index":
		key = path.Dir(key)
		c.kind = Regular
		if key == "." {
			d := diag.Errorf(file, 1, 1, "content/index.md would replace the home page").WithHint("the home page is content/_index.md")
			return &placement{err: &d}
		}
	default:
		c.kind = Regular
	}
	c.key = key
	c.slug = path.Base(key)
	if c.kind != Home {
		c.section, _, _ = strings.Cut(key, "/")
		if c.kind == Regular && !strings.Contains(key, "/") {
			c.section = ""
		}
	}
	c.url, c.outPath = urlOf(key), outPath(key)
	return c
}

func urlOf(key string) string {
	if key == "" {
		return ""
	}
	return key + "/"
}

func outPath(key string) string {
	if key == "" {
		return "index.html"
	}
	return key + "/index.html"
}

// parse decodes every page's front matter, on all cores, reusing the
// cache's answer for files whose bytes are the very same slice as before.
func (b *builder) parse(pages []*Page, cache *ParseCache) {
	results := make([]*parsed, len(pages))
	var misses []int
	for i, p := range pages {
		if b.unread[p.File] {
			results[i] = &parsed{} // nothing to parse: its front matter is lost
			continue
		}
		if r := cache.get(p.File, p.Body); r != nil {
			results[i] = r
		} else {
			misses = append(misses, i)
		}
	}
	parallel.ForEach(len(misses), func(j int) {
		i := misses[j]
		results[i] = parseFile(pages[i].File, pages[i].Body)
		cache.put(pages[i].File, results[i])
	})
	for i, p := range pages {
		r := results[i]
		b.diags = append(b.diags, r.diags...)
		p.MetaSum = r.metaSum
		if r.doc == nil {
			p.Body, p.MetaFailed = nil, true
			continue
		}
		p.Meta, p.Body, p.BodyLine = r.doc.Meta, r.doc.Body, r.doc.BodyLine
		p.MetaFailed = r.doc.Format != frontmatter.None && r.doc.Meta.Keys == nil
	}
}

// parsed is one file's front matter, decoded, with its diagnostics.
type parsed struct {
	data    []byte
	doc     *frontmatter.Document
	diags   diag.List
	metaSum uint64
}

func parseFile(file string, data []byte) *parsed {
	r := &parsed{data: data}
	doc, errs := frontmatter.Parse(data)
	for _, e := range errs {
		r.diags = append(r.diags, diag.Errorf(file, e.Line, e.Col, "%s", e.Msg).WithHint(e.Hint))
	}
	h := fnv.New64a()
	h.Write([]byte(file))
	h.Write([]byte{0})
	if doc == nil {
		h.Write(data)
	} else {
		h.Write(data[:len(data)-len(doc.Body)]) // the body is not what others show of a page
		if doc.Format == frontmatter.None {
			r.diags = append(r.diags, diag.Errorf(file, 1, 1, "missing front matter").WithHint("start the file with --- and a title: line"))
		} else if doc.Meta.Keys != nil && strings.TrimSpace(doc.Meta.Title) == "" && !titleFailed(errs) {
			// Keys is nil when the block did not parse: then the
			// syntax error is the news, not the missing title; and so
			// is a title of the wrong type, reported at its value.
			r.diags = append(r.diags, diag.Errorf(file, 1, 1, "missing title").WithHint("add a title: line to the front matter"))
		}
	}
	r.metaSum = h.Sum64()
	r.doc = doc
	return r
}

// titleFailed reports whether errs hold an error about the title's
// value (a list, a mapping), which is reported there.
func titleFailed(errs []*frontmatter.Error) bool {
	return slices.ContainsFunc(errs, func(e *frontmatter.Error) bool { return e.Key == "title" })
}

// ParseCache keeps decoded front matter between builds, for the dev
// server: decoding YAML is most of the cost of building the content model.
// A file is reused when its bytes are the same slice as last time, which
// the caller guarantees by handing unchanged files over unchanged. The zero
// value is not usable; a nil *ParseCache caches nothing.
type ParseCache struct {
	mu      sync.Mutex
	entries map[string]*parsed
	places  map[string]*placement
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{entries: map[string]*parsed{}, places: map[string]*placement{}}
}

// place returns what a file's path says about it, read once per path.
// It is called from one goroutine.
func (c *ParseCache) place(file string) *placement {
	if c == nil {
		return placeFile(file)
	}
	p := c.places[file]
	if p == nil {
		p = placeFile(file)
		c.places[file] = p
	}
	return p
}

func (c *ParseCache) get(file string, data []byte) *parsed {
	if c == nil || len(data) == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.entries[file]
	if r == nil || !sameSlice(r.data, data) {
		return nil
	}
	return r
}

// sameSlice reports whether a and b are the very same bytes in memory: a
// file read again is a new slice, one unchanged is the one read before.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.SliceData(a) == unsafe.SliceData(b))
}

func (c *ParseCache) put(file string, r *parsed) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.entries[file] = r
	c.mu.Unlock()
}

// Len is the number of files the cache holds.
func (c *ParseCache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(len(c.entries), len(c.places))
}

// Forget drops files that no longer exist, so the cache does not grow
// with every file ever seen.
func (c *ParseCache) Forget(keep func(file string) bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	for f := range c.entries {
		if !keep(f) {
			delete(c.entries, f)
		}
	}
	for f := range c.places {
		if !keep(f) {
			delete(c.places, f)
		}
	}
	c.mu.Unlock()
}

func (b *builder) dropDrafts(pages []*Page, keep bool) []*Page {
	if keep {
		return pages
	}
	pages = slices.DeleteFunc(pages, func(p *Page) bool {
		if p.Meta.Draft && p.Kind == Regular {
			b.site.drafts[p.Key] = true
			b.site.Drafts = append(b.site.Drafts, p.File)
			return true
		}
		return false
	})
	slices.Sort(b.site.Drafts)
	return pages
}

// assemble links pages to their sections and home, creating section pages
// for folders that have no _index.md.
func (b *builder) assemble(pages []*Page) {
	s := b.site
	for _, p := range pages {
		s.ByKey[p.Key] = p
		if p.Kind == Home {
			s.Home = p
		}
	}
	if s.Home == nil {
		return
	}
	if s.Home.Meta.Site != nil {
		s.Settings = *s.Home.Meta.Site
	}
	for _, p := range pages {
		if p.Kind != Regular {
			continue
		}
		if p.Section == "" {
			p.Parent = s.Home
			s.Home.Pages = append(s.Home.Pages, p)
			continue
		}
		sec := s.ByKey[p.Section]
		if sec == nil {
			sec = &Page{Kind: Section, Key: p.Section, Section: p.Section, Slug: p.Section,
				URL: urlOf(p.Section), OutPath: outPath(p.Section)}
			sec.Meta.Title = strings.ToUpper(p.Section[:1]) + p.Section[1:]
			h := fnv.New64a()
			h.Write([]byte("section without _index.md: " + p.Section))
			sec.MetaSum = h.Sum64()
			s.ByKey[sec.Key] = sec
		} else if sec.Kind != Section {
			if !b.clashed[p.Section] { // else the section's _index.md was reported with the page
				b.add(diag.Errorf(sec.File, 1, 1, "%s and the folder content/%s/ both become the page %s", sec.File, p.Section, sec.OutPath))
			}
			continue
		}
		p.Parent = sec
		sec.Pages = append(sec.Pages, p)
	}
	for _, p := range s.ByKey {
		if p.Kind == Section {
			p.Parent = s.Home
			s.Sections = append(s.Sections, p)
		}
	}
}

// checkKeys reports keys used where they do not belong.
func (b *builder) checkKeys() {
	for _, p := range b.site.ByKey {
		if p.File == "" {
			continue
		}
		// Test the decoded fields first: looking keys up for every page of
		// a large site is a cost the dev server pays on every edit.
		if p.Meta.Site != nil && p.Kind != Home {
			pos := p.Meta.Keys["site"]
			b.add(diag.Errorf(p.File, pos.Line, pos.Col, "site settings belong in content/_index.md"))
		}
		if p.Meta.Relations != nil && p.Kind != Section {
			pos := p.Meta.Keys["relations"]
			b.add(diag.Errorf(p.File, pos.Line, pos.Col, "relations are declared in a section's _index.md"))
		}
		if len(p.Meta.Sources) > 0 {
			b.checkSourceIDs(p)
		}
		if p.Kind == Regular {
			continue // extra keys may be relation values, judged in relate
		}
		for _, f := range p.Meta.Extra {
			b.add(diag.Errorf(p.File, f.Pos.Line, f.Pos.Col, "unknown key %q", f.Name).
				WithHint(frontmatter.KeyHint(f.Name, frontmatter.FieldNames(frontmatter.Meta{}))))
		}
	}
}

// checkSourceIDs reports source ids that citations could not name: badly
// formed, or used twice on one page.
func (b *builder) checkSourceIDs(p *Page) {
	seen := map[string]bool{}
	for _, s := range p.Meta.Sources {
		if s.ID == "" {
			continue
		}
		switch {
		case !validSourceID(s.ID):
			b.add(diag.Errorf(p.File, s.Pos.Line, s.Pos.Col, "source id %q is not a citation key", s.ID).
				WithHint("start with a letter; then letters, digits, - _ . or :, ending in a letter or digit"))
		case seen[s.ID]:
			b.add(diag.Errorf(p.File, s.Pos.Line, s.Pos.Col, "two sources have the id %q", s.ID))
		}
		seen[s.ID] = true
	}
}

// validSourceID matches what the Markdown citation syntax [@key] accepts.
func validSourceID(s string) bool {
	letter := func(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	if s == "" || !letter(s[0]) || !letter(s[len(s)-1]) && !digit(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !letter(c) && !digit(c) && c != '-' && c != '_' && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

// less orders pages: by weight (pages without a weight after those with
// one), then date, then title, then key so that the order is total.
func less(a, b *Page) int {
	wa, wb := a.Meta.Weight, b.Meta.Weight
	if (wa == 0) != (wb == 0) {
		if wa == 0 {
			return 1
		}
		return -1
	}
	return cmp.Or(
		cmp.Compare(wa, wb),
		a.Meta.Date.Compare(b.Meta.Date.Time),
		cmp.Compare(a.Meta.Title, b.Meta.Title),
		cmp.Compare(a.Key, b.Key),
	)
}

// order sorts sections and pages, sets prev/next and reading order.
func (b *builder) order() {
	s := b.site
	slices.SortFunc(s.Sections, less)
	s.Home.Sections = s.Sections
	lists := append([]*Page{s.Home}, s.Sections...)
	s.Pages = append(s.Pages, s.Home)
	for _, parent := range lists {
		slices.SortFunc(parent.Pages, less)
		if parent.Kind == Section {
			s.Pages = append(s.Pages, parent)
		}
		for i, p := range parent.Pages {
			p.Number = i + 1
			if i > 0 {
				p.Prev = parent.Pages[i-1]
			}
			if i+1 < len(parent.Pages) {
				p.Next = parent.Pages[i+1]
			}
			s.Pages = append(s.Pages, p)
		}
	}
	for i, p := range s.Pages {
		p.Order = i
	}
}

// Rebody brings site, which New built from the content files prev, up to
// date with files when they differ from prev only in the bodies of pages:
// the same paths in the same order, and every changed page file with the
// very front matter bytes it had (so the same Meta, MetaSum, BodyLine and
// diagnostics). Nothing else New makes depends on a body, so then giving
// each changed page its new Body is the whole update, done in place, and
// Rebody returns those pages, in the order of files. It reports false,
// leaving site as it was, when files differ in anything more (the caller
// calls New), or when cache lacks prev's parses. Unchanged files must be
// the very slices prev had, as for ParseCache.
func Rebody(site *Site, prev, files []File, cache *ParseCache) (changed []*Page, ok bool) {
	if cache == nil || site == nil || site.Home == nil || len(prev) != len(files) {
		return nil, false
	}
	type update struct {
		page *Page
		doc  *frontmatter.Document
	}
	var updates []update
	for i, f := range files {
		if f.Path != prev[i].Path {
			return nil, false
		}
		if sameSlice(f.Data, prev[i].Data) {
			continue
		}
		c := cache.place(f.Path)
		if c.asset {
			continue // copied as it is: only its path is in the model
		}
		old := cache.get(f.Path, prev[i].Data)
		p := site.ByKey[c.key]
		if old == nil || old.doc == nil || p == nil || p.File != f.Path {
			return nil, false // not parsed, a draft left out or a file that is no page
		}
		now := cache.get(f.Path, f.Data)
		if now == nil {
			now = parseFile(f.Path, f.Data)
			cache.put(f.Path, now)
		}
		if now.doc == nil || !sameFrontMatter(old, now) {
			return nil, false
		}
		updates = append(updates, update{p, now.doc})
	}
	for _, u := range updates {
		u.page.Body = u.doc.Body
		changed = append(changed, u.page)
	}
	return changed, true
}

// sameFrontMatter reports whether two parses of one file have the same
// front matter: the bytes before the body, and so all decoded from them.
func sameFrontMatter(a, b *parsed) bool {
	fa, fb := len(a.data)-len(a.doc.Body), len(b.data)-len(b.doc.Body)
	return fa >= 0 && fb >= 0 && string(a.data[:fa]) == string(b.data[:fb]) &&
		a.doc.Format == b.doc.Format && a.doc.BodyLine == b.doc.BodyLine &&
		a.metaSum == b.metaSum && slices.Equal(a.diags, b.diags)
}
