// Package build owns the render pass of the pipeline: it reads a site
// through package source, builds the content model (graph), renders every
// body (markdown) and every page (layout) on all cores, checks links
// between pages down to their heading anchors, and returns a Result: the
// output files in memory, the inputs read and every diagnostic. Writing
// the result to disk, a zip or an HTTP server is for the packages after it.
//
// The features a page can show live in packages of their own, which build
// calls and which never import it: view (the view model a layout gets),
// glossary ([[term]] annotations), feeds (feed, sitemap, robots.txt,
// 404.html's plan, descriptions and JSON-LD), previews (link preview
// cards), sitewide (matrix, timeline, gathered pages), portable (output
// names every desktop system can hold) and offline (the offline zip's
// name and path limits).
//
// What a build may reuse from an earlier one is behind the cache
// interface (cache.go): a one-shot Build uses one that keeps nothing, a
// Session one that keeps bodies, pages and the search index's pieces. A
// Snapshot, built once per variant, hands its second build the bodies
// and page templates its first made for both (twin.go), those past a
// budget in a temporary file (twinspill.go).
package build

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/feeds"
	"github.com/gloss-ssg/gloss/internal/glossary"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/parallel"
	"github.com/gloss-ssg/gloss/internal/portable"
	"github.com/gloss-ssg/gloss/internal/previews"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/sitewide"
	"github.com/gloss-ssg/gloss/internal/source"
	"github.com/gloss-ssg/gloss/internal/view"
)

// Version is gloss's version, set once by the command from the binary's
// build information; the generator meta and the Atom feed carry it.
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
	// site_url's path, or "/" without a site_url (package feeds).
	ServedAt string
	// Minify minifies stylesheets and scripts; Fingerprint also writes each
	// under a name with a hash of its content, which layouts link to
	// through .Rel (package assets). Both are for published builds; the
	// dev server leaves assets as written.
	Minify, Fingerprint bool
	// Twin renders each body once for this build's style and the other,
	// for a Snapshot about to be built in both (its offline and hosted
	// variants): the second build then fills in the bodies this one
	// rendered (twin.go) instead of rendering them again.
	Twin bool
	// Spill has a Twin build keep the page templates past
	// twinPageBudget in a temporary file (package spill) for the next
	// build to fill, rather than leave those pages to be executed again.
	Spill bool
}

// Result is the outcome of a build.
type Result struct {
	// Files maps output paths ("principles/second/index.html") to bytes.
	Files map[string][]byte
	// Pieced are the output files held as pieces, not one slice (the
	// offline zip, which a big site would otherwise copy whole once
	// more), by path; each path is in Files too, with nil bytes, so that
	// Files names every output.
	Pieced map[string]Pieced
	// Sources maps each output path to the site file it came from, for
	// diagnostics about output names.
	Sources map[string]string
	// Inputs are the site files read, sorted. A session's builds share
	// one slice while the paths stay the same: it is not to be changed.
	Inputs []string
	Diags  diag.List
	Pages  int // pages rendered
	// Site is the content model built. A Session's next Build may update
	// it in place (pages' bodies), so read it before building again.
	Site *graph.Site
	// Changed lists the output paths that differ from the session's last
	// build without errors (all of them after the first); empty for Build.
	Changed []string
	// Search gives the search index's figures (size, text indexed).
	Search search.Stats
	// PreviewCards is how many preview cards this build rendered (each
	// an execution of the preview partial): one per target that has one.
	PreviewCards int
	// Bodies is how many Markdown bodies this build rendered; the others
	// it took from an earlier build (a Session's, or a Snapshot's twins).
	Bodies int
	// Layouts is how many pages this build executed a layout for; a
	// Snapshot's second build fills in most of its pages from the first's
	// instead (layout.ExecuteShared).
	Layouts int
}

// Pieced is an output file held as pieces (package offline's Archive).
type Pieced interface {
	Size() int64
	WriteTo(w io.Writer) (int64, error) // in few, large writes
	Equal(data []byte) bool             // whether its bytes are data
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
	pages   []*pageEntry // by page Order: each page's executed entry, nil if none
	// twinIn are the page templates the last (Twin) build left, by
	// Order; shareLayout the layouts this Twin build shares, twinKept the
	// bytes of templates it keeps; layoutsRun counts layout executions.
	twinIn      []*layout.Shared
	shareLayout map[string]bool
	twinKept    atomic.Int64
	layoutsRun  atomic.Int64
	// termUsesKept is set when termUses is the last complete build's,
	// kept since no body that changed uses a term (renderBodies).
	termUsesKept bool
	// bodiesKept is set when the session's bodiesKept held as the bodies
	// were rendered; rebodied are then the Orders of the pages whose
	// bodies are not the last complete build's.
	bodiesKept bool
	rebodied   []int
	// The Orders of the pages whose bodies have diagnostics, and of those
	// whose layouts gathered bodies (Session.lastBodyDiags, lastGatherers).
	bodyDiags []int
	gatherers []int
	// The diagnostics of checkFragments, with the Order of the page whose
	// link each is about, and of checkSources.
	fragDiags   []pageDiag
	sourceDiags diag.List
	// written are the output paths set or removed since the fast path
	// started from the last build's output: only they can differ from it.
	written []string
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
	sitewide   siteWide           // data every layout may ask for (package sitewide)
	glossary   *glossary.Glossary // what [[term]] finds
	// termUses are, for each glossary page, the pages using its terms.
	termUses map[*graph.Page][]*graph.Page
	// previews holds the link preview cards; nil without the partial.
	previews *previews.Set
	meta     *feeds.Plan  // feed, sitemap, robots.txt, 404.html (features.go)
	rendered atomic.Int64 // bodies rendered (Result.Bodies)
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
	s.cache = noCache{}
	res, err := s.Build(ctx, nil)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// build is one run of the pipeline within a session. Its only error is
// ctx's, when ctx was cancelled before the pages were all rendered.
// unread are the paths of the site that could not be read, for reasons of
// the site's own making (source.Error without Err): each is an error at
// its path, and the build goes on with what was read, so that every other
// error is reported too.
func (s *Session) build(ctx context.Context, src *source.Site, unread source.Errors) (*Result, error) {
	res := &Result{Files: map[string][]byte{}, Sources: map[string]string{}}
	if s.samePaths && s.inputs != nil {
		res.Inputs = s.inputs // the same files as the last build's
	} else {
		for _, group := range [][]source.File{src.Content, src.Layouts, src.Static} {
			for _, f := range group {
				res.Inputs = append(res.Inputs, f.Path)
			}
		}
		sort.Strings(res.Inputs)
		s.inputs = res.Inputs
	}

	r := &run{ctx: ctx, opts: s.opts, res: res, sess: s}
	unreadPaths := make([]string, len(unread))
	for i, e := range unread {
		r.add(diag.Errorf(e.Path, 1, 1, "%s", e.Msg))
		unreadPaths[i] = e.Path
	}
	slices.Sort(unreadPaths)
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
	site, diags := s.contentGraph(content, graph.Options{Drafts: s.opts.Drafts, Static: append(static, SyntaxCSS), Cache: s.parse, Unread: unreadPaths})
	r.site, res.Site = site, site
	r.add(diags...)
	if site.Home == nil { // an error: nothing to keep for the next build
		res.Diags = res.Diags.Sort()
		return res, nil
	}
	if s.parse.Len() > len(src.Content) { // files went away
		s.parse.Forget(func(file string) bool { _, ok := s.files[file]; return ok })
	}

	s.prepare(r, src)
	r.glossary = glossary.New(site)
	r.sitewide.data = sitewide.New(site, r.opts.Style, r.md, func(p *graph.Page) markdown.Linker { return r.linker(p) })
	s.cache.start(r, src)
	r.assets(src, r.stylesheet())
	r.numberPages()
	// A cancelled build stops between pages, and the cache drops what it
	// began (cache.abandon).
	cancelled := func() bool {
		if ctx.Err() == nil {
			return false
		}
		s.cache.abandon()
		return true
	}
	r.renderBodies()
	if cancelled() {
		return nil, ctx.Err()
	}
	r.checkFragments()
	r.checkSources()
	r.termUses, r.termUsesKept = r.usesOfTerms()
	r.searchIndex()
	if cancelled() {
		return nil, ctx.Err()
	}
	layoutsOK := s.layouts(r)
	r.previews = previews.New(r.layouts, site, r.opts.Style, func(d diag.Diagnostic) { r.add(d) })
	// A Snapshot's build with Twin leaves its cards to the next one, of
	// the same pages in the other style.
	r.previews.Reuse(s.twinCards)
	s.twinCards = nil
	// And its pages, executed once for both styles where the layouts
	// allow (layout.ExecuteShared): up to twinPageBudget in memory, and
	// with Spill the rest in a temporary file, which this build closes.
	r.twinIn, s.twinPages = s.twinPages, nil
	defer s.twinSpill.close()
	if len(r.twinIn) != len(site.Pages) {
		r.twinIn = nil
	}
	if s.opts.Twin {
		s.twinCards = r.previews
		s.twinPages = make([]*layout.Shared, len(site.Pages))
	}
	s.twinSpill = nil
	if s.opts.Twin && s.opts.Spill {
		s.twinSpill = &twinSpill{}
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
	res.PreviewCards = r.previews.Made()
	res.Layouts = int(r.layoutsRun.Load())
	res.Bodies = int(r.rendered.Load())
	res.Diags = append(res.Diags, r.shapeDiags...).Sort()
	s.cache.finish(r, layoutsOK)
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
			r.written = append(r.written, p)
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
		r.written = append(r.written, p)
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

// renderBodies renders every page's Markdown, reusing the session's
// output for a page whose body is the same bytes and whose links still
// resolve exactly as they did, and filling in the twin a Snapshot's
// first build left for this one (twin.go).
func (r *run) renderBodies() {
	r.bodies = make([]*bodyEntry, len(r.site.Pages))
	var todo []*graph.Page // to render, or twins to fill in
	s := r.sess
	pages := r.site.Pages
	r.bodiesKept = s.cache.keepsAll() && s.bodiesKept(r)
	if r.bodiesKept {
		// A session's rebuild after bodies alone changed: the other bodies
		// are the last build's, unlooked at, and only the changed ones go
		// through the loop below.
		copy(r.bodies, s.lastBodies)
		pages = s.rebodied
		s.bodiesReused += len(r.bodies) - len(pages)
		for _, p := range pages {
			r.rebodied = append(r.rebodied, p.Order)
			r.bodies[p.Order] = nil
		}
		slices.Sort(r.rebodied) // by Order, as Rebody gives them by file
		for _, i := range s.lastBodyDiags {
			if e := r.bodies[i]; e != nil {
				r.add(e.out.Diags...)
				r.bodyDiags = append(r.bodyDiags, i)
			}
		}
	}
	for _, p := range pages {
		e := r.sess.cache.body(p.Key)
		if e != nil && e.twin != nil && e.twin.style == r.opts.Style {
			e = e.twin
		}
		if e != nil && e.reusable(p, r.linker(p), r.fast) {
			r.bodies[p.Order] = e
			if len(e.out.Diags) > 0 {
				r.add(e.out.Diags...)
				r.bodyDiags = append(r.bodyDiags, p.Order)
			}
			if e.tmpl == nil {
				continue
			}
		}
		todo = append(todo, p)
	}
	r.parallelOver(todo, func(p *graph.Page) {
		e := r.bodies[p.Order]
		if e == nil {
			e = r.renderBody(p)
			r.bodies[p.Order] = e
			r.rendered.Add(1)
			if len(e.out.Diags) > 0 {
				r.mu.Lock()
				r.res.Diags = append(r.res.Diags, e.out.Diags...)
				r.bodyDiags = append(r.bodyDiags, p.Order)
				r.mu.Unlock()
			}
		} else {
			// A twin: its slots are filled once, by the build of its
			// style. The first build filled the same template, so every
			// token is one of its slots.
			e.out.HTML, _ = fill(e.tmpl, e.slots, true)
			e.tmpl, e.slots = nil, nil
		}
		r.mu.Lock()
		r.sess.cache.keepBody(p.Key, e)
		r.mu.Unlock()
	})
}

// renderBody renders p's body in this build's style and, with
// Options.Twin, makes its twin in the other style where it can (twin.go).
func (r *run) renderBody(p *graph.Page) *bodyEntry {
	rec := &recorder{linker: r.linker(p)}
	if r.opts.Twin && !bytes.Contains(p.Body, []byte(slotPrefix)) {
		other := r.linker(p)
		other.style = otherStyle(r.opts.Style)
		rec.twin = &twinning{linker: other}
	}
	page := markdown.Page{File: p.File, BodyLine: p.BodyLine, Linker: rec, SourceIDs: view.SourceIDs(p)}
	out := r.md.Render(p.Body, page)
	e := &bodyEntry{file: p.File, body: p.Body, bodyLine: p.BodyLine, style: r.opts.Style,
		calls: rec.calls, out: out, serial: r.sess.serial.Add(1)}
	if rec.twin == nil || len(rec.twin.slots) == 0 {
		return e
	}
	html, ok := fill(out.HTML, rec.twin.slots, false)
	if !ok || slotsIn(out) { // text that looks like a slot: no slots then
		rec = &recorder{linker: r.linker(p)}
		page.Linker = rec
		e.out, e.calls = r.md.Render(p.Body, page), rec.calls
		return e
	}
	tmpl := out.HTML
	out.HTML = html
	if !rec.twin.broken {
		twinOut := *out
		twinOut.HTML = nil
		e.twin = &bodyEntry{file: p.File, body: p.Body, bodyLine: p.BodyLine, style: rec.twin.linker.style,
			calls: rec.twin.calls, out: &twinOut, serial: r.sess.serial.Add(1),
			tmpl: tmpl, slots: rec.twin.slots}
	}
	return e
}

// pageDiag is a diagnostic about a page, by its Order.
type pageDiag struct {
	page int
	d    diag.Diagnostic
}

// checkFragments reports links to headings that do not exist. When the
// bodies are the last complete build's but for a few (bodiesKept) whose
// headings are all as they were, only the links of those few can have
// changed their answers: the others' are the last build's.
func (r *run) checkFragments() {
	pages := r.site.Pages
	if s := r.sess; r.bodiesKept && s.lastFragDiags != nil && !slices.ContainsFunc(r.rebodied, func(i int) bool {
		return !r.bodies[i].out.IDs.Equal(s.lastBodies[i].out.IDs)
	}) {
		pages = make([]*graph.Page, len(r.rebodied))
		for k, i := range r.rebodied {
			pages[k] = r.site.Pages[i]
		}
		for _, pd := range s.lastFragDiags {
			if _, found := slices.BinarySearch(r.rebodied, pd.page); !found {
				r.fragDiags = append(r.fragDiags, pd)
			}
		}
	}
	for _, p := range pages {
		for _, l := range r.bodies[p.Order].out.Links {
			t := r.site.ByKey[strings.TrimPrefix(l.Page, "/")]
			if t == nil {
				continue
			}
			ids := r.bodies[t.Order].out.IDs
			if ids.Has(l.Fragment) {
				continue
			}
			where := "this page"
			if t != p {
				where = t.File
				if where == "" {
					where = t.OutPath
				}
			}
			r.fragDiags = append(r.fragDiags, pageDiag{p.Order, diag.Errorf(p.File, l.Line, l.Col, "no heading #%s in %s", l.Fragment, where).
				WithHint(diag.DidYouMean(l.Fragment, ids.Strings()))})
		}
	}
	if r.fragDiags == nil {
		r.fragDiags = []pageDiag{} // checked, none: for the next build
	}
	for _, pd := range r.fragDiags {
		r.add(pd.d)
	}
}

// layoutFor chooses the layout of p: the one its front matter names with
// layout:, or else the one for its kind and section. A layout that does
// not exist is a diagnostic at the layout key, or at the page.
func (r *run) layoutFor(p *graph.Page) (string, *diag.Diagnostic) {
	if want := p.Meta.Layout; want != "" {
		name, ok := r.layouts.LookupNamed(want, p.Section)
		if ok {
			return name, nil
		}
		pos := p.Meta.Keys["layout"]
		hint := diag.DidYouMean(strings.TrimSuffix(want, ".html"), r.layouts.Named())
		if hint == "" {
			hint = "add layouts/" + name + ", or remove the key to use the layout for this " + p.Kind.String()
		}
		d := diag.Errorf(p.File, pos.Line, pos.Col, "unknown layout %q", want).WithHint(hint)
		d.Repeated = r.site.Unread("layouts/"+want) || r.site.Unread("layouts/"+want+".html")
		return "", &d
	}
	name, ok := r.layouts.Lookup(p.Kind.String(), p.Section)
	if !ok {
		file := p.File
		if file == "" {
			file = r.site.Home.File
		}
		d := diag.Errorf(file, 1, 1, "no layout for this %s", p.Kind).WithHint("add layouts/" + name)
		d.Repeated = r.site.Unread("layouts/" + name)
		return "", &d
	}
	return name, nil
}

// noSuchTemplate is how html/template says a {{template}} call names
// nothing.
var noSuchTemplate = regexp.MustCompile(`^no such template "([^"]+)"`)

// unreadTemplate reports whether a layout's failure is a {{template}}
// call of a layout file that could not be read, which is reported at its
// path (a repeated diagnostic: Diagnostic.Repeated).
func (r *run) unreadTemplate(d *diag.Diagnostic) bool {
	m := noSuchTemplate.FindStringSubmatch(d.Msg)
	return m != nil && r.site.Unread("layouts/"+m[1])
}

// checkSources reports sources whose url a body link could not use:
// html/template would write it as #ZgotmplZ, or it is not a URL at all.
// Sources are front matter: with the last complete build's content model
// (bodiesKept), its diagnostics stand.
func (r *run) checkSources() {
	defer func() { r.add(r.sourceDiags...) }()
	if r.bodiesKept && r.sess.lastSourceDiags != nil {
		r.sourceDiags = r.sess.lastSourceDiags
		return
	}
	r.sourceDiags = diag.List{}
	for _, p := range r.site.Pages {
		for i, src := range p.Meta.Sources {
			if src.URL == "" || markdown.SafeURL(src.URL) {
				continue
			}
			why := "its scheme is not one gloss publishes in links"
			if scheme, _, ok := strings.Cut(src.URL, ":"); ok && len(scheme) < 20 {
				why = strconv.Quote(strings.ToLower(strings.TrimSpace(scheme))+":") + " is not a scheme gloss publishes in links"
			}
			r.sourceDiags = append(r.sourceDiags, diag.Errorf(p.File, src.URLPos.Line, src.URLPos.Col, "sources[%d].url %q: %s", i, src.URL, why).
				WithHint("use "+strings.Join(markdown.SafeSchemes(), ", ")+" or a path"))
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
	r.pages = make([]*pageEntry, len(r.site.Pages))
	pages := r.site.Pages
	kept := r.sess.pagesKept(r)
	if kept {
		// Only pages whose bodies changed, or that gathered bodies, can
		// differ from the last build's (pagesKept): the others are taken
		// as they are.
		copy(r.pages, r.sess.lastPages)
		pages = r.keptCandidates()
		r.sess.pagesSkipped += len(r.site.Pages) - len(pages)
		if r.opts.Progress != nil {
			for range len(r.site.Pages) - len(pages) {
				r.progress()
			}
		}
	}
	for _, p := range pages {
		if r.sess.pageUnchanged(r, p) { // see there: no layout, no signature
			r.progress()
			continue
		}
		name, d := r.layoutFor(p)
		if d != nil {
			if !d.Repeated {
				r.add(*d)
			}
			r.missing(p.OutPath)
			r.progress()
			continue
		}
		names[p.Order] = name
		if !r.sess.cache.keepsAll() { // no signature is worth its cost
			stale = append(stale, p)
			continue
		}
		sigs[p.Order] = r.signature(p, name)
		if e := r.sess.cache.page(p.Key); e != nil && e.sig == r.pageSig(sigs[p.Order], e) {
			r.pages[p.Order] = e
			if !r.fast { // the fast path starts from the last output
				r.output(p.OutPath, e.html, e.from)
			}
			r.progress()
			continue
		}
		stale = append(stale, p)
	}
	if r.sess.twinPages != nil {
		// Sharing a layout between the styles costs a second copy of
		// it, escaped: worth it only for a layout many pages use.
		uses := map[string]int{}
		for _, p := range stale {
			uses[names[p.Order]]++
		}
		r.shareLayout = map[string]bool{}
		for name, n := range uses {
			r.shareLayout[name] = n >= twinLayoutMin
		}
	}
	failed := make([]*diag.Diagnostic, len(r.site.Pages)) // by Order: one slot per page, no lock
	r.parallelOver(stale, func(p *graph.Page) {
		defer r.progress()
		name := names[p.Order]
		v := r.view(p, name)
		html, d := r.execute(p, name, v)
		// The rendered body is now inside the page, byte for byte (it is
		// the layout's one template.HTML). A body the cache does not keep,
		// or whose twin the next build takes instead, is dropped; a kept
		// one becomes a slice of the page, so a large site holds one copy
		// of its output, not two.
		entry := r.bodies[p.Order]
		body := entry.out
		if r.sess.cache.body(p.Key) != entry || entry.twin != nil {
			body.HTML = nil
		} else if i := bytes.Index(html, body.HTML); i >= 0 && len(body.HTML) > 0 {
			body.HTML = html[i : i+len(body.HTML) : i+len(body.HTML)]
		}
		if d != nil {
			if r.unreadTemplate(d) {
				d.Repeated = true
			}
			failed[p.Order] = d
			r.missing(p.OutPath)
			return
		}
		if r.previews.Failed(p) {
			r.missing(p.OutPath)
			return
		}
		from := p.File
		if from == "" {
			from = "content/" + p.Key + "/"
		}
		r.output(p.OutPath, html, from)
		if r.sess.cache.keepsAll() {
			mu.Lock()
			wide := layout.UsedSiteData(v)
			e := &pageEntry{html: html, from: from, sitewide: wide, gathered: layout.GatheredKeys(v)}
			e.sig = r.pageSig(sigs[p.Order], e)
			r.sess.cache.keepPage(p.Key, e)
			r.pages[p.Order] = e
			mu.Unlock()
		}
	})
	// The pages whose layouts gathered bodies, for the next build's
	// keptCandidates: when pages were kept, those of the last build are
	// among the candidates, and only a candidate can have become one.
	scan := pages
	if !kept {
		scan = r.site.Pages
	}
	for _, p := range scan {
		if e := r.pages[p.Order]; e != nil && len(e.gathered) > 0 {
			r.gatherers = append(r.gatherers, p.Order)
		}
	}
	// Only executed pages can fail. A failure whose cause an earlier stage
	// reported at its source (diag.ErrReported) is not said again, unless
	// nothing did report it, which would be a bug, not a reason to pass.
	r.mu.Lock()
	reported := r.res.Diags.HasErrors()
	r.mu.Unlock()
	for _, d := range onceEach(stale, failed) {
		if !d.Repeated || !reported {
			r.add(d)
		}
	}
}

// keptCandidates are the pages, in reading order, that may differ from
// the last complete build's when Session.pagesKept holds: those whose
// bodies changed, those whose layouts gathered bodies, and any the last
// build executed no layout for (pageUnchanged looks at each).
func (r *run) keptCandidates() []*graph.Page {
	orders := slices.Concat(r.rebodied, r.sess.lastGatherers)
	for i, e := range r.pages {
		if e == nil {
			orders = append(orders, i)
		}
	}
	slices.Sort(orders)
	orders = slices.Compact(orders)
	pages := make([]*graph.Page, len(orders))
	for k, i := range orders {
		pages[k] = r.site.Pages[i]
	}
	return pages
}

// twinPageBudget bounds the bytes of page templates a Twin build keeps
// in memory for the next (layout.Shared, about half a page each, the
// body being a slot; each worker may pass it by the one template it is
// making); with Options.Spill the rest wait in a temporary file
// (twinSpill), and without it a large site's pages past the budget are
// executed in each style. The templates are held while the zip is
// made, when a big build's heap is at its soft limit (gc.go in
// cmd/gloss): at 10,000 pages 48 MB of them raised its peak by 40 to 57
// MB and 24 MB by 8 to 11; 16 MB by 1. A variable so that tests can
// spill every template.
var twinPageBudget int64 = 16 << 20

// twinLayoutMin is the fewest pages that make a layout worth sharing
// between the styles (layout.ExecuteShared): its copy costs about as
// much to make and escape as ten pages' execution, measured at 40 pages.
// A variable so that tests can share the layouts of small sites.
var twinLayoutMin = 16

// execute renders page p with its layout: in a Twin build once for both
// styles, keeping the template for the next build within twinPageBudget;
// in the build after it, from that template where there is one.
func (r *run) execute(p *graph.Page, name string, v *layout.Page) ([]byte, *diag.Diagnostic) {
	if r.twinIn != nil {
		// Each template is let go once used: a large site's are about
		// as many bytes as the pages this build is making.
		sh := r.twinIn[p.Order]
		r.twinIn[p.Order] = nil
		if sh != nil && sh.Page() == p.Key && sh.Layout() == name {
			if html, ok := r.layouts.FillShared(sh, v); ok {
				return html, nil
			}
		}
	}
	r.layoutsRun.Add(1)
	if r.sess.twinPages == nil || !r.shareLayout[name] {
		return r.layouts.Execute(name, v)
	}
	var to layout.SpillFile // nil: the template stays in memory
	if r.twinKept.Load() >= twinPageBudget {
		// Past the budget: straight to the file, with no copy in memory
		// on the way, or, with nowhere to spill, a plain execution (a
		// shared one would cost without saving).
		f := r.sess.twinSpill.open()
		if f == nil {
			return r.layouts.Execute(name, v)
		}
		to = f
	}
	html, sh, d := r.layouts.ExecuteSharedSpilled(name, v, to)
	if sh != nil && (to == nil || sh.Size() == 0) { // not one the file refused
		r.twinKept.Add(int64(sh.Size()))
		r.sess.twinPages[p.Order] = sh // one goroutine per page
	}
	return html, d
}

// view builds the data a layout sees for page p: the view model (package
// view) with what the features add to it.
func (r *run) view(p *graph.Page, layoutName string) *layout.Page {
	v := view.Page(r.site, p, r.opts.Style, layoutName, r.bodies[p.Order].out,
		view.Site{Generator: "gloss " + Version, SearchIndex: r.searchPath, Download: r.opts.Download})
	l := view.Linker{At: p, Style: r.opts.Style}
	v.UsedBy = l.Links(r.termUses[p])
	r.meta.Describe(v, p) // description, canonical URL, structured data
	if r.previews != nil {
		v.Previews = r.previews.Of(p, r.linkedPages(p), r.termUses[p])
	}
	layout.WithSiteData(v, r.sitewide.data.For(p))
	layout.WithAssets(v, r.assetNames)
	return v
}

// checkOutputNames rejects output paths that cannot exist on every
// desktop system a reader may copy the site to (package portable), or
// inside the offline zip once extracted (package offline).
func (r *run) checkOutputNames() {
	paths := r.res.Paths()
	r.shapeDiags = append(r.shapeDiags, portable.Collisions(paths, r.res.Sources)...)
	r.shapeDiags = append(r.shapeDiags, offline.CheckZipPaths(r.site, paths, r.res.Sources)...)
	r.shapeDiags = append(r.shapeDiags, portable.Names(paths, r.res.Sources)...)
}
