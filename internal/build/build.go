// Package build owns one run of the pipeline: it reads a site through
// package source, builds the content model (graph), renders every body
// (markdown) and every page (layout) on all cores, checks links between
// pages down to their heading anchors, and returns a Result: the output
// files in memory, the inputs read and every diagnostic. Writing the
// result to disk, a zip or an HTTP server is for the packages after it.
package build

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/parallel"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/source"
)

// Version is gloss's version, set by the command.
var Version = "dev"

// Default chroma styles when the site names none.
const (
	DefaultLightStyle = "github"
	DefaultDarkStyle  = "github-dark"
)

// SyntaxCSS is where the generated highlighting stylesheet is written.
const SyntaxCSS = "css/syntax.css"

// Options change what a build produces.
type Options struct {
	Drafts bool        // include draft pages
	Style  graph.Style // Pretty for a web server, Files for file://
	// Highlighter caches highlighted code; pass the same one to successive
	// builds (the dev server does) to highlight each block once.
	Highlighter *markdown.Highlighter
	// StableNames names outputs that are otherwise named by a hash of
	// their content (the search index) with a fixed name instead, so that
	// an edit does not change every page linking to them: for the dev
	// server's session, which serves fresh files anyway.
	StableNames bool
	// Progress, if set, is called from worker goroutines once for each
	// page whose layout has run (or was found missing), with the number
	// of pages in the build, so that a caller can count pages across
	// builds: a complete build calls it that many times.
	Progress func(pages int)
	// Download, if set, is the offline zip that pages of this (hosted)
	// build link to; layouts see it as .Site.Download.
	Download *layout.Download
	// ServedAt is the URL path the hosted output is served at, when it is
	// known ("/" for the dev server): 404.html's URLs start with it. Empty:
	// site_url's path, or "/" without a site_url (meta.go).
	ServedAt string
	// Minify minifies stylesheets and scripts; Fingerprint also writes each
	// under a name with a hash of its content, which layouts link to
	// through .Rel (package assets). Both are for published builds; the
	// dev server leaves assets as written.
	Minify, Fingerprint bool
}

// Result is the outcome of a build.
type Result struct {
	// Files maps output paths ("principles/second/index.html") to bytes.
	Files map[string][]byte
	// Sources maps each output path to the site file it came from, for
	// diagnostics about output names.
	Sources map[string]string
	Inputs  []string // site files read, sorted
	Diags   diag.List
	Pages   int // pages rendered
	Site    *graph.Site
	// Changed lists the output paths that differ from the session's last
	// build without errors (all of them after the first); empty for Build.
	Changed []string
	// Search gives the search index's figures (size, text indexed).
	Search search.Stats
	// PreviewCards is how many preview cards this build rendered (each
	// an execution of the preview partial): one per target that has one.
	PreviewCards int
}

// Paths returns the output paths, sorted.
func (r *Result) Paths() []string {
	paths := make([]string, 0, len(r.Files))
	for p := range r.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// Failed reports whether the build has errors and must not be written.
func (r *Result) Failed() bool { return r.Diags.HasErrors() }

type run struct {
	ctx     context.Context // cancelled: stop between pages
	opts    Options
	sess    *Session
	site    *graph.Site
	layouts *layout.Set
	md      *markdown.Renderer
	res     *Result
	mu      sync.Mutex
	bodies  []*bodyEntry // by page Order
	// fast is set when the site has the same shape as the session's last
	// complete build (the same pages, assets and static files): then that
	// build's output map is the starting point, links resolve as before,
	// and the output-name checks stand.
	fast       bool
	shapeDiags diag.List // about output paths: duplicates, names
	incomplete bool      // some page or the stylesheet was not written
	searchPath string    // the search index's output path (search.go)
	// assetNames maps stylesheets and scripts to the names layouts link
	// (fingerprinted); assetSum hashes it for page signatures.
	assetNames map[string]string
	assetSum   uint64
	sitewide   siteWide // data every layout may ask for (sitewide.go)
	glossary   glossary // what [[term]] finds (annotations.go)
	// termUses are, for each glossary page, the pages using its terms.
	termUses map[*graph.Page][]*graph.Page
	// previews holds the link preview cards (preview.go).
	previews previewState
	meta     metaPlan // feed, sitemap, robots.txt, 404.html (meta.go)
}

func (r *run) add(ds ...diag.Diagnostic) {
	r.mu.Lock()
	r.res.Diags = append(r.res.Diags, ds...)
	r.mu.Unlock()
}

// Build runs the whole pipeline over the site in fsys, once. Problems of
// the site's own making are diagnostics in the Result; the error is for
// what the site cannot answer for: a file or folder that could not be
// read (an I/O failure, see source.Error), or ctx cancelled, which stops
// the build between pages and returns ctx.Err().
func Build(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	s := NewSession(fsys, opts)
	s.oneShot = true
	res, err := s.Build(ctx, nil)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// build is one run of the pipeline within a session. Its only error is
// ctx's, when ctx was cancelled before the pages were all rendered.
func (s *Session) build(ctx context.Context, src *source.Site) (*Result, error) {
	res := &Result{Files: map[string][]byte{}, Sources: map[string]string{}}
	for _, group := range [][]source.File{src.Content, src.Layouts, src.Static} {
		for _, f := range group {
			res.Inputs = append(res.Inputs, f.Path)
		}
	}
	sort.Strings(res.Inputs)

	r := &run{ctx: ctx, opts: s.opts, res: res, sess: s}
	for _, p := range src.Hidden {
		r.add(diag.Warnf(p, 1, 1, "hidden, so not published: of static/'s hidden files, gloss publishes only .well-known/ and .nojekyll").
			WithHint("remove the leading dot to publish it"))
	}
	static := make([]string, 0, len(src.Static))
	for _, f := range src.Static {
		static = append(static, strings.TrimPrefix(f.Path, "static/"))
	}
	content := make([]graph.File, len(src.Content))
	for i, f := range src.Content {
		content[i] = graph.File{Path: f.Path, Data: f.Data}
	}
	site, diags := graph.New(content, graph.Options{Drafts: s.opts.Drafts, Static: append(static, SyntaxCSS), Cache: s.parse})
	r.site, res.Site = site, site
	r.add(diags...)
	if site.Home == nil {
		res.Diags = res.Diags.Sort()
		return res, nil
	}
	if s.parse.Len() > len(src.Content) { // files went away
		s.parse.Forget(func(file string) bool { _, ok := s.files[file]; return ok })
	}

	layoutsOK := s.prepare(r, src)
	s.startOutputs(r, src)
	r.assets(src, r.stylesheet())
	r.numberPages()
	// A cancelled build stops between pages. startOutputs has moved the
	// session's shape on, so the next build must not take the fast path
	// from the last complete one.
	cancelled := func() bool {
		if ctx.Err() == nil {
			return false
		}
		s.last = nil
		return true
	}
	r.renderBodies()
	if cancelled() {
		return nil, ctx.Err()
	}
	r.checkFragments()
	r.checkSources()
	r.termUses = r.usesOfTerms()
	r.searchIndex()
	if cancelled() {
		return nil, ctx.Err()
	}
	if layoutsOK {
		r.renderPages()
		if cancelled() {
			return nil, ctx.Err()
		}
	}
	r.metaFiles(layoutsOK)
	for _, f := range src.Static {
		if p := strings.TrimPrefix(f.Path, "static/"); !assets.Processed(p) {
			r.output(p, f.Data, f.Path)
		}
	}
	for _, f := range src.Content {
		if site.Assets[f.Path] {
			r.output(strings.TrimPrefix(f.Path, "content/"), f.Data, f.Path)
		}
	}
	if !r.fast {
		r.checkOutputNames()
	}
	s.finishOutputs(r, layoutsOK)
	res.PreviewCards = int(r.previews.made.Load())
	res.Diags = append(res.Diags, r.shapeDiags...).Sort()
	return res, nil
}

// output records an output file, reporting two sources for one path.
func (r *run) output(p string, data []byte, from string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fast {
		// Sources is the last build's: the same source owns the same path.
		if r.res.Sources[p] == from {
			r.res.Files[p] = data
		}
		return
	}
	if prev, ok := r.res.Sources[p]; ok {
		r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "%s and %s both write %s", prev, from, p).
			WithHint("rename or remove one of them"))
		return
	}
	r.res.Files[p] = data
	r.res.Sources[p] = from
}

// missing records that an output could not be made this time.
func (r *run) missing(p string) {
	r.mu.Lock()
	r.incomplete = true
	if r.fast {
		delete(r.res.Files, p)
	}
	r.mu.Unlock()
}

// stylesheet writes the highlighting CSS for the site's chosen styles.
func (r *run) stylesheet() []byte {
	h := r.site.Settings.Highlight
	light, dark := cmp.Or(h.Light, DefaultLightStyle), cmp.Or(h.Dark, DefaultDarkStyle)
	css, err := r.sess.stylesheet(light, dark)
	if err != nil {
		pos := h.Pos
		if pos.Line == 0 {
			pos = r.site.Settings.Pos
		}
		r.add(diag.Errorf(r.site.Home.File, pos.Line, pos.Col, "site.highlight: %v", err).
			WithHint("see https://xyproto.github.io/splash/docs/ for chroma's styles"))
		r.missing(SyntaxCSS)
		return nil
	}
	return css
}

// numberPages counts the pages rendered.
func (r *run) numberPages() {
	r.res.Pages = len(r.site.Pages)
}

// parallelOver calls fn for each page on all cores. Once the run's
// context is cancelled no page is started; the caller checks r.ctx.
func (r *run) parallelOver(pages []*graph.Page, fn func(p *graph.Page)) {
	parallel.ForEachContext(r.ctx, len(pages), func(i int) { fn(pages[i]) })
}

// progress counts one page for Options.Progress.
func (r *run) progress() {
	if r.opts.Progress != nil {
		r.opts.Progress(len(r.site.Pages))
	}
}

type linker struct {
	site     *graph.Site
	page     *graph.Page
	style    graph.Style
	glossary *glossary // shared by the run's linkers
}

// linker answers for the links, terms and citations of p's body.
func (r *run) linker(p *graph.Page) linker {
	return linker{site: r.site, page: p, style: r.opts.Style, glossary: &r.glossary}
}

func (l linker) Resolve(dest string) markdown.Resolved {
	link, d := l.site.ResolveLink(l.page, dest, l.style)
	if d != nil {
		return markdown.Resolved{Err: d.Msg, Hint: d.Hint}
	}
	res := markdown.Resolved{Href: link.Href, Fragment: link.Fragment}
	if link.Page != nil {
		res.Page = "/" + link.Page.Key // "/" keeps home's empty key non-empty
	}
	return res
}

// renderBodies renders every page's Markdown, reusing the session's
// output for a page whose body is the same bytes and whose links still
// resolve exactly as they did.
func (r *run) renderBodies() {
	r.bodies = make([]*bodyEntry, len(r.site.Pages))
	var stale []*graph.Page
	for _, p := range r.site.Pages {
		if e := r.sess.bodies[p.Key]; e != nil && e.reusable(p, r.linker(p), r.fast) {
			r.bodies[p.Order] = e
			r.add(e.out.Diags...)
		} else {
			stale = append(stale, p)
		}
	}
	r.parallelOver(stale, func(p *graph.Page) {
		rec := &recorder{linker: r.linker(p)}
		out := r.md.Render(p.Body, markdown.Page{File: p.File, BodyLine: p.BodyLine, Linker: rec})
		e := &bodyEntry{file: p.File, body: p.Body, bodyLine: p.BodyLine,
			calls: rec.calls, out: out, serial: r.sess.serial.Add(1)}
		r.bodies[p.Order] = e
		if len(out.Diags) > 0 {
			r.add(out.Diags...)
		}
		if !r.sess.oneShot || r.sess.keepBodies {
			r.mu.Lock()
			r.sess.bodies[p.Key] = e
			r.mu.Unlock()
		}
	})
}

// checkFragments reports links to headings that do not exist.
func (r *run) checkFragments() {
	for _, p := range r.site.Pages {
		for _, l := range r.bodies[p.Order].out.Links {
			t := r.site.ByKey[strings.TrimPrefix(l.Page, "/")]
			if t == nil {
				continue
			}
			ids := r.bodies[t.Order].out.IDs
			if i := sort.SearchStrings(ids, l.Fragment); i < len(ids) && ids[i] == l.Fragment {
				continue
			}
			where := "this page"
			if t != p {
				where = t.File
				if where == "" {
					where = t.OutPath
				}
			}
			r.add(diag.Errorf(p.File, l.Line, l.Col, "no heading #%s in %s", l.Fragment, where).
				WithHint(diag.DidYouMean(l.Fragment, ids)))
		}
	}
}

// sourceURL is a source's url as layouts get it: trusted when body links
// may use it, else empty (checkSources has reported it).
func sourceURL(u string) template.URL {
	if !markdown.SafeURL(u) {
		return ""
	}
	return template.URL(u)
}

// checkSources reports sources whose url a body link could not use:
// html/template would write it as #ZgotmplZ, or it is not a URL at all.
func (r *run) checkSources() {
	for _, p := range r.site.Pages {
		for i, src := range p.Meta.Sources {
			if src.URL == "" || markdown.SafeURL(src.URL) {
				continue
			}
			why := "its scheme is not one gloss publishes in links"
			if scheme, _, ok := strings.Cut(src.URL, ":"); ok && len(scheme) < 20 {
				why = strconv.Quote(strings.ToLower(strings.TrimSpace(scheme))+":") + " is not a scheme gloss publishes in links"
			}
			r.add(diag.Errorf(p.File, src.URLPos.Line, src.URLPos.Col, "sources[%d].url %q: %s", i, src.URL, why).
				WithHint("use " + strings.Join(markdown.SafeSchemes(), ", ") + " or a path"))
		}
	}
}

// renderPages executes the layouts, reusing the session's HTML for a page
// whose signature (everything its layout can see) is unchanged.
func (r *run) renderPages() {
	var mu sync.Mutex
	var stale []*graph.Page
	sigs := make([]uint64, len(r.site.Pages))
	names := make([]string, len(r.site.Pages))
	for _, p := range r.site.Pages {
		name, d := r.layoutFor(p)
		if d != nil {
			r.add(*d)
			r.missing(p.OutPath)
			r.progress()
			continue
		}
		names[p.Order] = name
		if r.sess.oneShot {
			stale = append(stale, p)
			continue
		}
		sigs[p.Order] = r.signature(p, name)
		if e := r.sess.pages[p.Key]; e != nil && e.sig == r.pageSig(sigs[p.Order], e) {
			if !r.fast { // the fast path starts from the last output
				r.output(p.OutPath, e.html, e.from)
			}
			r.progress()
			continue
		}
		stale = append(stale, p)
	}
	failed := make([]*diag.Diagnostic, len(r.site.Pages)) // by Order: one slot per page, no lock
	r.parallelOver(stale, func(p *graph.Page) {
		defer r.progress()
		name := names[p.Order]
		v := r.view(p, name)
		html, d := r.layouts.Execute(name, v)
		// The rendered body is now inside the page, byte for byte (it is
		// the layout's one template.HTML). A single build drops its copy;
		// a session keeps it as a slice of the page, so a large site holds
		// one copy of its output, not two.
		body := r.bodies[p.Order].out
		if r.sess.oneShot && !r.sess.keepBodies {
			body.HTML = nil
		} else if i := bytes.Index(html, body.HTML); i >= 0 && len(body.HTML) > 0 {
			body.HTML = html[i : i+len(body.HTML) : i+len(body.HTML)]
		}
		if d != nil {
			failed[p.Order] = d
			r.missing(p.OutPath)
			return
		}
		if r.previewFailed(p) {
			r.missing(p.OutPath)
			return
		}
		from := p.File
		if from == "" {
			from = "content/" + p.Key + "/"
		}
		r.output(p.OutPath, html, from)
		if !r.sess.oneShot {
			mu.Lock()
			wide := layout.UsedSiteData(v)
			e := &pageEntry{html: html, from: from, sitewide: wide, gathered: layout.GatheredKeys(v)}
			e.sig = r.pageSig(sigs[p.Order], e)
			r.sess.pages[p.Key] = e
			mu.Unlock()
		}
	})
	r.add(onceEach(r.site.Pages, failed)...)
}

// view builds the data a layout sees for page p.
func (r *run) view(p *graph.Page, layoutName string) *layout.Page {
	style := r.opts.Style
	link := func(t *graph.Page) *layout.Link {
		if t == nil {
			return nil
		}
		return &layout.Link{
			Kind: t.Kind.String(), Key: t.Key, Section: t.Section, Slug: t.Slug,
			Title: t.Meta.Title, Summary: t.Meta.Summary, URL: graph.Href(p, t, style),
			Date: t.Meta.Date.Time, Weight: t.Meta.Weight, Params: t.Meta.Params,
			Number: t.Number, Current: t == p,
		}
	}
	links := func(ps []*graph.Page) []*layout.Link {
		out := make([]*layout.Link, len(ps))
		for i, t := range ps {
			out[i] = link(t)
		}
		return out
	}
	relations := func(rs []*graph.Relation) []layout.Relation {
		out := make([]layout.Relation, len(rs))
		for i, rel := range rs {
			out[i] = layout.Relation{Name: rel.Name, Label: rel.Label, Pages: links(rel.Pages)}
		}
		return out
	}
	body := r.bodies[p.Order]
	s := r.site.Settings
	v := &layout.Page{
		Kind: p.Kind.String(), Key: p.Key, Section: p.Section, Slug: p.Slug, File: p.File, Layout: layoutName,
		Title: p.Meta.Title, Summary: p.Meta.Summary, Date: p.Meta.Date.Time, Weight: p.Meta.Weight,
		Draft: p.Meta.Draft, Params: p.Meta.Params, Number: p.Number,
		Content: body.out.HTMLTemplate(), Highlighted: body.out.Highlighted,
		Relations: relations(p.Relations), Inverses: relations(p.Inverses),
		Parent: link(p.Parent), Prev: link(p.Prev), Next: link(p.Next),
		Pages: links(p.Pages),
		Root:  graph.Rel(p.OutPath, ""),
		Home:  graph.Href(p, r.site.Home, style),
		Site: &layout.Site{Title: cmp.Or(s.Title, r.site.Home.Meta.Title), Description: s.Description,
			Language: cmp.Or(s.Language, "en"), URL: s.SiteURL, Generator: "gloss " + Version, SearchIndex: r.searchPath,
			Download: r.opts.Download, Offline: style == graph.Files},
	}
	for _, h := range body.out.Headings {
		if h.Level == 2 || h.Level == 3 {
			v.TOC = append(v.TOC, layout.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
	}
	for i, src := range p.Meta.Sources {
		v.Sources = append(v.Sources, layout.Source{Number: i + 1, ID: sourceID(src.ID, i), Title: src.Title,
			Publisher: src.Publisher, Date: src.Date.Time, URL: sourceURL(src.URL), Note: src.Note})
	}
	v.UsedBy = links(r.termUses[p])
	for a := p.Parent; a != nil; a = a.Parent {
		v.Breadcrumbs = append([]*layout.Link{link(a)}, v.Breadcrumbs...)
	}
	if p.Kind == graph.Home {
		for _, sec := range p.Sections {
			l := link(sec)
			l.Pages = links(sec.Pages)
			v.Sections = append(v.Sections, l)
		}
	}
	r.describe(v, p) // description, canonical URL, structured data (meta.go)
	v.Previews = r.previewsOf(p)
	layout.WithSiteData(v, siteData{r: r, at: p, link: link})
	layout.WithAssets(v, r.assetNames)
	return v
}

// checkOutputNames rejects output paths that cannot exist on every
// desktop system a reader may copy the site to: Windows reserved names,
// names ending in a dot or space, forbidden characters, paths that differ
// only in case (one file on Windows and macOS) or in Unicode normalisation
// ("café" with é as one code point or as e and a combining accent: one
// file on macOS), and a file where another path needs a folder (static/a
// beside content/a.md), which no file system can hold.
func (r *run) checkOutputNames() {
	paths := r.res.Paths()
	folded := map[string]string{}
	for _, p := range paths {
		from := r.res.Sources[p]
		if prev, ok := folded[fold(p)]; ok {
			d := diag.Errorf(from, 1, 1, "%s and %s %s", prev, p, howAlike(prev, p))
			if !strings.EqualFold(prev, p) {
				// The two may look the same: show their code points.
				d = d.WithHint(fmt.Sprintf("%+q and %+q; rename one of them", prev, p))
			}
			r.shapeDiags = append(r.shapeDiags, d)
		}
		folded[fold(p)] = p
	}
	blocked := map[string]bool{}
	for _, p := range paths {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if f, ok := folded[fold(dir)]; ok && !blocked[f] {
				blocked[f] = true
				r.shapeDiags = append(r.shapeDiags, diag.Errorf(r.res.Sources[f], 1, 1, "output file %s is also the folder of %s, written from %s", f, p, r.res.Sources[p]).
					WithHint("rename or remove one of them"))
			}
		}
	}
	r.checkZipNames(paths)
	for _, p := range paths {
		from := r.res.Sources[p]
		for _, seg := range strings.Split(p, "/") {
			if msg := badName(seg); msg != "" {
				r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "output path %s: %s", p, msg))
				break
			}
		}
	}
}

// fold is the name under which a path is stored by the file systems that
// ignore case (Windows, macOS) or normalise Unicode (macOS).
func fold(p string) string {
	return norm.NFC.String(strings.ToLower(p))
}

// howAlike says how two different paths with the same fold differ.
func howAlike(a, b string) string {
	switch {
	case strings.EqualFold(a, b):
		return "differ only in case, and collide on Windows and macOS"
	case norm.NFC.String(a) == norm.NFC.String(b):
		return "differ only in Unicode normalisation (an accented letter written as one character or as a letter and a combining accent), and collide on macOS"
	}
	return "differ only in case and Unicode normalisation, and collide on Windows and macOS"
}

var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

func badName(seg string) string {
	stem, _, _ := strings.Cut(strings.ToLower(seg), ".")
	switch {
	case reserved[strings.TrimSpace(stem)]:
		return "\"" + seg + "\" is a reserved name on Windows"
	case strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " "):
		return "\"" + seg + "\" ends in a dot or space, which Windows drops"
	case strings.ContainsAny(seg, "<>:\"|?*\\"):
		return "\"" + seg + "\" contains a character Windows forbids in names"
	}
	for _, c := range seg {
		if c < 32 {
			return "a name contains a control character"
		}
	}
	return ""
}
