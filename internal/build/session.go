package build

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/previews"
	"github.com/gloss-ssg/gloss/internal/source"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// Session builds one site again and again, reusing what did not change:
// the files it read, decoded front matter, rendered bodies (with their
// highlighted code) and executed pages. The dev server keeps one for its
// lifetime. A rebuild gives the same Result as a fresh Build of the same
// sources, byte for byte; what it saves is the work.
//
// What each cached piece depends on, and so when it is redone:
//   - front matter: the file's bytes;
//   - a body: its bytes, its place in the file, the site's Markdown settings,
//     and the answer to every link it resolved (a link whose target appears,
//     disappears or moves is resolved again, and the body re-rendered);
//   - a page: its signature (see signature), which covers its own front
//     matter and body and the front matter of every page its layout can
//     show (parent, neighbours, listed, related and inverse pages);
//   - everything: the layouts, the home page's front matter (site settings)
//     and the sections' (relation declarations, titles).
type Session struct {
	fsys fs.FS
	opts Options
	// cache is what builds keep for later ones: the session itself, or
	// less for a single Build or a Snapshot (cache.go).
	cache cache

	files map[string][]byte // every source file, by site path
	paths []string          // the keys of files, sorted
	links map[string]string // source.Site.Links, kept up to date with files
	// src is files as the last build had them: while no path comes or
	// goes, the next build's is a copy with the changed files replaced,
	// which at 10,000 files is a tenth of the time of making it again.
	src *source.Site
	// samePaths is set while a build's sources have the paths of the last
	// build's (Build patched them), whose sorted list is inputs.
	samePaths bool
	inputs    []string
	// readErrs are the paths that could not be read (a link out of the
	// site): while any is left, every build fails, reporting them with
	// its other errors. hidden are static/'s unpublished hidden files,
	// from the last full read.
	readErrs source.Errors
	hidden   []string
	parse    *graph.ParseCache
	// The content model as the last build made it, from these content
	// files and static paths, with its diagnostics: a rebuild whose
	// content files differ only in pages' bodies updates it in place
	// (contentGraph).
	graph       *graph.Site
	graphFiles  []graph.File
	graphStatic []string
	graphUnread []string
	graphDiags  diag.List
	graphReused int // builds that updated it in place, for tests
	// rebodied are the pages whose bodies the last build's contentGraph
	// changed in place (graph.Rebody), nil when it made the model anew.
	rebodied []*graph.Page
	// What the last complete build's pages saw of bodies, for
	// pageUnchanged: its content model, each body's serial (by page
	// Order), the pages using each glossary page's terms, and the asset
	// names' sum.
	lastSite     *graph.Site
	lastSerials  []uint64
	lastTermUses map[*graph.Page][]*graph.Page
	lastAssetSum uint64
	pagesSkipped int // pages pageUnchanged let go unsigned, for tests
	// The last complete build's bodies and executed pages, by page Order:
	// while the content model is that build's, updated in place, a page is
	// found here instead of by key in bodies and pages, and only the
	// bodies that changed are looked at (see rebodied). Each is nil while
	// its map has been emptied since.
	lastBodies []*bodyEntry
	lastPages  []*pageEntry
	// Of that build, the Orders of the pages whose bodies have diagnostics
	// and of those whose layouts gathered other pages' bodies.
	lastBodyDiags []int
	lastGatherers []int
	// Its diagnostics of links to missing headings and of sources' URLs
	// (checkFragments, checkSources).
	lastFragDiags   []pageDiag
	lastSourceDiags diag.List
	// The per-page sums of signatures and the site's sum (signature.go),
	// as made for the content model sumsSite: they depend only on its
	// front matter and places, which updating bodies in place keeps.
	sumsSite     *graph.Site
	lastPageSums []uint64
	lastSiteSum  uint64
	siteSumMade  bool
	bodiesReused int // bodies rebodied took from lastBodies unlooked at, for tests

	bodies map[string]*bodyEntry // by page key
	pages  map[string]*pageEntry

	// The last complete build (every page and the stylesheet written):
	// its shape, output (with the owners of output paths) and path
	// diagnostics, the starting point of a build of the same shape.
	shape      uint64
	shapeSeed  maphash.Seed
	metaShape  string // the part of shape that is r.meta.Shape()
	last       *Result
	shapeDiags diag.List

	serial     atomic.Uint64 // numbers body renders, for signatures
	everything uint64        // hash of what invalidates all pages
	layoutsSum uint64
	layoutLoad *layoutLoad // the layouts of layoutsSum, loaded or loading
	md         *markdown.Renderer
	mdUnsafe   bool
	minified   assets.Memo      // minified stylesheets and scripts (assets.go)
	twinCards  *previews.Set    // a Twin build's preview cards, for the next
	twinPages  []*layout.Shared // and its page templates, by Order,
	twinSpill  *twinSpill       // those past twinPageBudget kept here
	cssKey     string
	css        []byte
	cssErr     error
	lastGood   map[string][]byte // output of the last build without errors
	// goodIsLast is set when lastGood is the output of last, the last
	// complete build; lastWritten then lists the paths last's build set
	// or removed when it took the fast path from the build before.
	goodIsLast  bool
	lastWritten []string
	lastFast    bool
	search      *searchState // the search index's pieces (search.go)
	timing      Timing       // of the last Build
}

// Timing is how long a Session's last Build spent reading the changed
// sources, building, and comparing its output with the last one handed
// out (Result.Changed): what GLOSS_TRACE reports of a rebuild.
type Timing struct {
	Read, Build, Compare time.Duration
}

// Timing returns how long the last Build took, stage by stage.
func (s *Session) Timing() Timing { return s.timing }

// NewSession starts a session; nothing is read until Build.
func NewSession(fsys fs.FS, opts Options) *Session {
	if opts.Highlighter == nil {
		opts.Highlighter = markdown.NewHighlighter()
	}
	s := &Session{fsys: fsys, opts: opts, parse: graph.NewParseCache(),
		bodies: map[string]*bodyEntry{}, pages: map[string]*pageEntry{}, shapeSeed: maphash.MakeSeed()}
	s.cache = s
	// The embedded theme's stylesheets and scripts were minified when
	// gloss was built.
	s.minified.Known = theme.Minified
	return s
}

// Build rebuilds the site. changed names the site paths (files or
// folders, new, modified or deleted) that changed since the last Build;
// nil reads everything again (the first build, or after the watcher lost
// track). The Result's Changed lists the output paths whose bytes differ
// from the last build that had no errors and was not cancelled.
//
// When ctx ends before the build is done, Build stops at the next page or
// stage and returns ctx's error and no Result. The session stays usable,
// but the cancelled build's changes count as not yet built: the next
// Build must name them again (with whatever changed since), or pass nil.
// Sources that could not be read are diagnostics in the Result; those
// that failed for I/O reasons (see source.Error) are also the error, with
// the Result.
func (s *Session) Build(ctx context.Context, changed []string) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.timing = Timing{}
	start := time.Now()
	// s.src is set again below, once this build's is made: a build that
	// stops before must not leave one its changes are missing from.
	prev := s.src
	s.src = nil
	// A source folder that came or went whole is read as a first build
	// reads it: a site without content/ is no site, and says so.
	reread := s.files == nil || changed == nil || slices.ContainsFunc(changed, func(c string) bool {
		return slices.Contains(source.Dirs, path.Clean(c))
	})
	if reread {
		src, err := source.Load(ctx, s.fsys)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.readErrs = nil
		if !errors.As(err, &s.readErrs) && err != nil {
			return readFailure(err), nil
		}
		s.hidden = src.Hidden
		s.links = src.Links
		if s.links == nil {
			s.links = map[string]string{}
		}
		files := map[string][]byte{}
		for _, group := range [][]source.File{src.Content, src.Layouts, src.Static} {
			for _, f := range group {
				// Keep the old slice for unchanged bytes, so caches keyed on
				// slice identity still hit after a full rescan.
				if old, ok := s.files[f.Path]; ok && bytes.Equal(old, f.Data) {
					files[f.Path] = old
				} else {
					files[f.Path] = f.Data
				}
			}
		}
		s.files = files
	} else {
		// An edit to what a link points to is an edit to the link; and a
		// path that could not be read (a link to nothing, or to where it
		// may not point) is read again with every change: what it names
		// may be there now.
		if len(s.readErrs) > 0 {
			changed = slices.Clone(changed) // the caller's
			for _, e := range s.readErrs {
				changed = append(changed, e.Path)
			}
		}
		changed = source.Linked(s.links, changed)
		err := source.Update(ctx, s.fsys, s.files, s.links, changed)
		if err := ctx.Err(); err != nil {
			return nil, err // the next Build names changed again
		}
		var errs source.Errors
		if !errors.As(err, &errs) && err != nil {
			s.files = nil // read everything again next time
			return readFailure(err), nil
		}
		// The problems below a changed path are the ones found now.
		s.readErrs = slices.DeleteFunc(s.readErrs, func(e *source.Error) bool {
			return slices.ContainsFunc(changed, func(c string) bool {
				c = path.Clean(c)
				return e.Path == c || strings.HasPrefix(e.Path, c+"/")
			})
		})
		s.readErrs = append(s.readErrs, errs...)
	}
	resorted := len(s.paths) != len(s.files) || changed == nil || s.pathsChanged(changed)
	if resorted {
		s.paths = source.SortedPaths(s.files)
	}
	// A file that could not be read for the file system's reasons stops
	// the build; one of the site's own making (a symbolic link to nothing)
	// is an error at its path among all the others.
	if err := ioError(s.readErrs); err != nil {
		return readFailure(s.readErrs), err
	}
	if err := ctx.Err(); err != nil { // reading can take a while
		return nil, err
	}
	var src *source.Site
	s.samePaths = !(reread || resorted || prev == nil)
	if !s.samePaths {
		src = source.FromMap(s.files, s.paths)
	} else {
		src = patchSite(prev, s.files, changed)
	}
	src.Hidden = s.hidden
	s.src = src
	s.timing.Read = time.Since(start)
	start = time.Now()
	res, err := s.build(ctx, src, s.readErrs)
	s.timing.Build = time.Since(start)
	if err == nil {
		// A build that ran to its end just as ctx ended is dropped too:
		// its caller has stopped waiting for it, and lastGood must stay
		// the output last handed out, for the next Changed.
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	start = time.Now()
	s.cache.handOut(res)
	s.timing.Compare = time.Since(start)
	return res, nil
}

// contentGraph returns the content model of files, as graph.New would:
// when they differ from the last build's only in the bodies of pages (the
// common edit), that model updated in place by graph.Rebody, which at
// 10,000 pages saves most of a rebuild's CPU.
//
// In place is safe because nothing reads a Result's Site once Session.Build
// has returned it: the dev server serves the output bytes, and every cache
// the session keeps across builds (bodies, pages, the search index's pieces)
// holds copies of what it took from pages, compared with the new model's
// on the next build. So a session's Result.Site is only good until its next
// Build; a single Build or Snapshot, which keeps no cache, never reuses it.
func (s *Session) contentGraph(files []graph.File, opts graph.Options) (*graph.Site, diag.List) {
	if !s.cache.keepsAll() {
		return graph.New(files, opts)
	}
	s.rebodied = nil
	if slices.Equal(opts.Static, s.graphStatic) && slices.Equal(opts.Unread, s.graphUnread) {
		if changed, ok := graph.Rebody(s.graph, s.graphFiles, files, opts.Cache); ok {
			s.graphFiles, s.rebodied = files, changed
			s.graphReused++
			return s.graph, s.graphDiags
		}
	}
	site, diags := graph.New(files, opts)
	s.graph, s.graphFiles, s.graphStatic, s.graphUnread, s.graphDiags = site, files, opts.Static, opts.Unread, diags
	return site, diags
}

// patchSite returns a copy of site with the files named by changed, all
// of them files of site, holding their bytes in files now.
func patchSite(site *source.Site, files map[string][]byte, changed []string) *source.Site {
	out := &source.Site{Content: slices.Clone(site.Content), Layouts: slices.Clone(site.Layouts), Static: slices.Clone(site.Static)}
	for _, c := range changed {
		group := out.Static
		switch {
		case strings.HasPrefix(c, "content/"):
			group = out.Content
		case strings.HasPrefix(c, "layouts/"):
			group = out.Layouts
		}
		if i, ok := slices.BinarySearchFunc(group, c, func(f source.File, p string) int { return strings.Compare(f.Path, p) }); ok {
			group[i].Data = files[c]
		}
	}
	return out
}

// ioError is the error for the I/O failures among what could not be
// read, nil if there are none.
func ioError(errs source.Errors) error {
	if io := errs.IO(); len(io) > 0 {
		return fmt.Errorf("reading the site: %w", io)
	}
	return nil
}

// readFailure is the Result of a build that could not read the site:
// each path that could not be read is an error at that path, and nothing
// is published.
func readFailure(err error) *Result {
	res := &Result{Files: map[string][]byte{}, Sources: map[string]string{}}
	var errs source.Errors
	if !errors.As(err, &errs) {
		res.Diags = diag.List{diag.Errorf(".", 0, 0, "%v", err)}
		return res
	}
	for _, e := range errs {
		res.Diags = append(res.Diags, diag.Errorf(e.Path, 1, 1, "%s", e.Msg))
	}
	res.Diags = res.Diags.Sort()
	return res
}

// pathsChanged reports whether any changed path was added or removed
// since s.paths was sorted, that is, whether the list must be sorted again.
func (s *Session) pathsChanged(changed []string) bool {
	for _, c := range changed {
		_, now := s.files[c]
		i := sort.SearchStrings(s.paths, c)
		before := i < len(s.paths) && s.paths[i] == c
		if now != before {
			return true
		}
		// A folder: anything below it may have come or gone.
		if !now {
			return true
		}
	}
	return false
}

// prepare starts loading the layouts (when they changed; see layoutLoad)
// and makes the Markdown renderer, and drops cached pages and bodies when
// something they all depend on changed.
func (s *Session) prepare(r *run, src *source.Site) {
	h := fnv.New64a()
	for _, f := range src.Layouts {
		h.Write([]byte(f.Path))
		h.Write([]byte{0})
		h.Write(f.Data)
		h.Write([]byte{0})
	}
	if sum := h.Sum64(); s.layoutLoad == nil || sum != s.layoutsSum {
		files := make([]layout.File, len(src.Layouts))
		for i, f := range src.Layouts {
			files[i] = layout.File{Path: f.Path, Data: f.Data}
		}
		s.layoutLoad = loadLayouts(files)
		s.layoutsSum = sum
	}
	r.planMeta(src)

	site := r.site
	h.Reset()
	writeU64(h, s.layoutsSum)
	writeU64(h, site.Home.MetaSum)
	h.Write([]byte(r.meta.Shape())) // whether pages link a feed
	for _, sec := range site.Sections {
		h.Write([]byte(sec.Key))
		writeU64(h, sec.MetaSum)
	}
	if everything := h.Sum64(); everything != s.everything {
		s.everything = everything
		s.pages, s.lastPages = map[string]*pageEntry{}, nil
	}
	if s.md == nil || s.mdUnsafe != site.Settings.UnsafeHTML {
		s.md = markdown.New(markdown.Options{UnsafeHTML: site.Settings.UnsafeHTML, Highlighter: s.opts.Highlighter})
		s.mdUnsafe = site.Settings.UnsafeHTML
		s.bodies, s.lastBodies = map[string]*bodyEntry{}, nil
	}
	r.md = s.md
}

// layouts waits for the layouts prepare started loading, gives them to
// the run with their diagnostics, and reports whether they parsed.
func (s *Session) layouts(r *run) bool {
	set, diags := s.layoutLoad.wait()
	r.layouts = set
	r.add(diags...)
	return !diags.HasErrors()
}

// layoutLoad is the layouts being parsed and escaped in a goroutine of
// their own while the build renders the bodies and the search index,
// which do not need them. On the 40-page corpus parsing them took 3 ms
// and html/template's escaping of the six kinds another 3 to 4, the one
// on a single core before the bodies, the other while the first pages
// waited for it under each layout's lock; both now run beside the
// bodies.
type layoutLoad struct {
	done  chan struct{}
	set   *layout.Set
	diags diag.List
}

func loadLayouts(files []layout.File) *layoutLoad {
	l := &layoutLoad{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.set, l.diags = layout.Load(files)
		if !l.diags.HasErrors() {
			l.set.Escape()
		}
	}()
	return l
}

func (l *layoutLoad) wait() (*layout.Set, diag.List) {
	<-l.done
	return l.set, l.diags
}

// The session is the cache that keeps everything (cache.go).

func (s *Session) body(key string) *bodyEntry        { return s.bodies[key] }
func (s *Session) keepBody(key string, e *bodyEntry) { s.bodies[key] = e }
func (s *Session) page(key string) *pageEntry        { return s.pages[key] }
func (s *Session) keepPage(key string, e *pageEntry) { s.pages[key] = e }
func (s *Session) keepsAll() bool                    { return true }

// start decides whether this build can start from the last complete
// build's output: when the site has the same shape (the same pages in the
// same order, assets and static files), the output paths and their owners
// are the same, so only what is rendered again is replaced.
func (s *Session) start(r *run, src *source.Site) {
	metaShape := r.meta.Shape()
	if s.last != nil && r.site == s.lastSite && metaShape == s.metaShape && !s.opts.Fingerprint {
		// The last complete build's content model, updated in place
		// (contentGraph): the same pages and content files, the same
		// static files and settings, and the same meta files (which the
		// layouts have a say in), so the same shape, not hashed again.
		r.fast = true
		r.res.Files = maps.Clone(s.last.Files)
		r.res.Sources = s.last.Sources
		r.shapeDiags = s.shapeDiags
		return
	}
	s.metaShape = metaShape
	var h maphash.Hash
	h.SetSeed(s.shapeSeed)
	for _, p := range r.site.Pages {
		h.WriteString(p.Key)
		h.WriteByte(byte(p.Kind))
	}
	h.WriteString(offline.ZipName(r.site)) // the zip's path lengths are checked with the outputs'
	h.WriteString(metaShape)               // which of feed, sitemap, robots.txt, 404.html are made
	h.WriteByte(0)
	for _, group := range [][]source.File{src.Content, src.Static} {
		h.WriteByte(0)
		for _, f := range group {
			if !strings.HasSuffix(f.Path, ".md") {
				h.WriteString(f.Path)
				h.WriteByte(0)
			}
		}
	}
	shape := h.Sum64()
	// Fingerprinted names follow content, so output paths can change while
	// the sources keep their shape: such builds take the long way.
	r.fast = s.last != nil && shape == s.shape && !s.opts.Fingerprint
	s.shape = shape
	if r.fast {
		r.res.Files = maps.Clone(s.last.Files)
		r.res.Sources = s.last.Sources // read only in the fast path
		r.shapeDiags = s.shapeDiags
	} else {
		// Pages that no longer exist leave the caches.
		for key := range s.bodies {
			if r.site.ByKey[key] == nil {
				delete(s.bodies, key)
			}
		}
		for key := range s.pages {
			if r.site.ByKey[key] == nil {
				delete(s.pages, key)
			}
		}
	}
}

// finish keeps this build as the starting point of the next, when it is
// complete.
func (s *Session) finish(r *run, layoutsOK bool) {
	if s.search != nil && s.search.join != nil {
		n := len(r.res.Diags)
		s.joinSearch(true)
		if len(r.res.Diags) != n { // the index's budget warning
			r.res.Diags = r.res.Diags.Sort()
		}
	}
	if w := &r.sitewide; w.pages != nil || w.sumMade {
		if s.sumsSite != r.site {
			s.sumsSite, s.lastPageSums, s.siteSumMade = r.site, nil, false
		}
		if w.pages != nil {
			s.lastPageSums = w.pages
		}
		if w.sumMade {
			s.lastSiteSum, s.siteSumMade = w.sum, true
		}
	}
	if r.incomplete || !layoutsOK {
		s.last = nil
		return
	}
	s.lastBodies, s.lastPages = r.bodies, r.pages
	s.lastBodyDiags, s.lastGatherers = r.bodyDiags, r.gatherers
	s.lastFragDiags, s.lastSourceDiags = r.fragDiags, r.sourceDiags
	s.last = r.res
	s.lastWritten, s.lastFast = r.written, r.fast
	s.shapeDiags = r.shapeDiags
	s.lastSite, s.lastTermUses, s.lastAssetSum = r.site, r.termUses, r.assetSum
	s.lastSerials = s.lastSerials[:0]
	for _, b := range r.bodies {
		var serial uint64 // 0 is no body's
		if b != nil {
			serial = b.serial
		}
		s.lastSerials = append(s.lastSerials, serial)
	}
}

// pageUnchanged reports whether p's page, as the last complete build
// executed it, still holds without signing it: when this build starts from
// that build's output with its very content model (updated in place by
// contentGraph, so every page's front matter, place and relations are as
// they were), with the same layouts and asset names, what p's layout can
// see changes only through bodies: its own, the bodies it gathered, and
// which pages use its terms. Signing every page costs a rebuild of a big
// site a third of its time; an edit of one body changes a few.
func (s *Session) pageUnchanged(r *run, p *graph.Page) bool {
	if !r.fast || r.site != s.lastSite || len(s.lastSerials) != len(r.site.Pages) || r.assetSum != s.lastAssetSum {
		return false
	}
	// The page cache is emptied when the layouts or site settings change,
	// and lastPages with it.
	var e *pageEntry
	if len(s.lastPages) == len(r.site.Pages) {
		e = s.lastPages[p.Order]
	} else {
		e = s.pages[p.Key]
	}
	if e == nil || !s.sameBody(r, p) || !r.termUsesKept && !slices.Equal(r.termUses[p], s.lastTermUses[p]) {
		return false
	}
	r.pages[p.Order] = e
	for _, k := range e.gathered {
		if g := r.site.ByKey[k]; g == nil || !s.sameBody(r, g) {
			return false
		}
	}
	s.pagesSkipped++
	return true
}

// bodiesKept reports whether this build's content model is the last
// complete build's, updated in place (contentGraph), with that build's
// bodies at hand: then every page's front matter, place and links are as
// they were, and the bodies that changed are those of the pages in
// s.rebodied (the last build being that complete one, as s.last says),
// so every other body is the same rendering, every link resolving as it
// did, and need not be looked up or checked.
func (s *Session) bodiesKept(r *run) bool {
	return r.fast && r.site == s.lastSite && s.last != nil && len(s.lastBodies) == len(r.site.Pages)
}

// pagesKept reports whether, besides bodiesKept, the last complete build's
// executed pages are at hand with the same term uses and asset names: then
// a page can change only if its body did or it gathered bodies (which
// pageUnchanged checks), and no other page need be looked at.
func (s *Session) pagesKept(r *run) bool {
	return r.bodiesKept && r.termUsesKept && r.assetSum == s.lastAssetSum && len(s.lastPages) == len(r.site.Pages)
}

// sameBody reports whether p's body is the rendering the last complete
// build had (a body rendered again has a new serial).
func (s *Session) sameBody(r *run, p *graph.Page) bool {
	b := r.bodies[p.Order]
	return b != nil && b.serial == s.lastSerials[p.Order]
}

// handOut lists in res.Changed the outputs that differ from the last
// Result handed out without errors, and makes res that one when it has
// none.
func (s *Session) handOut(res *Result) {
	if !res.Failed() {
		if res == s.last && s.lastFast && s.goodIsLast {
			// res started from lastGood, with only these paths set again
			// or removed.
			res.Changed = changedAmong(s.lastGood, res.Files, s.lastWritten)
		} else {
			res.Changed = changedPaths(s.lastGood, res.Files)
		}
		s.lastGood = res.Files
	}
	s.goodIsLast = !res.Failed() && res == s.last
}

// abandon forgets the last complete build: start has moved the session's
// shape on, so the next build must not take the fast path from it.
func (s *Session) abandon() {
	s.joinSearch(false)
	s.last = nil
}

// stylesheet returns the highlighting CSS, made once per pair of styles.
func (s *Session) stylesheet(light, dark string) ([]byte, error) {
	if key := light + "\x00" + dark; key != s.cssKey || (s.css == nil && s.cssErr == nil) {
		s.css, s.cssErr = markdown.Stylesheet(light, dark)
		s.cssKey = key
	}
	return s.css, s.cssErr
}

func writeU64(h hash.Hash64, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.Write(b[:])
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.SliceData(a) == unsafe.SliceData(b))
}

// changedAmong lists, sorted, the paths among written whose output
// differs between two builds, the second made from the first by setting
// or removing written alone.
func changedAmong(before, after map[string][]byte, written []string) []string {
	var changed []string
	for _, p := range written {
		old, was := before[p]
		now, is := after[p]
		if was != is || !sameSlice(old, now) && !bytes.Equal(old, now) {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return slices.Compact(changed)
}

// changedPaths lists the output paths added, removed or changed between
// two builds, sorted. Pages reused from the cache are the same slice, so
// only re-rendered ones are compared byte by byte.
func changedPaths(before, after map[string][]byte) []string {
	var changed []string
	kept := 0 // paths of after that before has
	for p, data := range after {
		old, ok := before[p]
		if ok {
			kept++
		}
		if !ok || !sameSlice(old, data) && !bytes.Equal(old, data) {
			changed = append(changed, p)
		}
	}
	// Only when before has paths after lacks (an edit seldom removes
	// one) is it looked through too: at 10,000 pages that is half the
	// comparison.
	if kept < len(before) {
		for p := range before {
			if _, ok := after[p]; !ok {
				changed = append(changed, p)
			}
		}
	}
	sort.Strings(changed)
	return changed
}
