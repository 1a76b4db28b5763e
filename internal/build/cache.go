package build

import (
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/source"
)

// cache is what one build may reuse from earlier builds of the same site,
// and what it leaves for later ones. The render pass asks it instead of
// asking which kind of build it is:
//   - a single Build keeps nothing (noCache);
//   - a Snapshot keeps rendered bodies, which its second variant reuses
//     wherever links resolve alike in both (bodyCache);
//   - a Session keeps everything: bodies, executed pages, the search
//     index's pieces and its last output, the starting point of a
//     rebuild of the same shape (session.go).
//
// The maps behind it are the Session's, whose prepare empties them when
// what they all depend on changes.
type cache interface {
	// body returns the body rendered under key by an earlier build, or
	// nil; the caller checks that it is still the rendering of the page.
	body(key string) *bodyEntry
	// keepBody keeps e, rendered now, for later builds. The caller holds
	// a lock: it is called from several goroutines.
	keepBody(key string, e *bodyEntry)
	// page returns the page executed under key by an earlier build, or
	// nil; the caller compares signatures.
	page(key string) *pageEntry
	// keepPage keeps e, executed now, for later builds. The caller holds
	// a lock: it is called from several goroutines.
	keepPage(key string, e *pageEntry)
	// keepsAll reports whether the cache keeps pages and the search
	// index's pieces, so that their signatures and pieces are worth
	// making.
	keepsAll() bool
	// start is called once the site is parsed and planned, before
	// anything is rendered; it may make the build start from the last
	// output (run.fast).
	start(r *run, src *source.Site)
	// finish is called with the build's Result complete and sorted.
	finish(r *run, layoutsOK bool)
	// handOut is called by Session.Build with a Result its caller is
	// about to get, after the last check that the build was not
	// cancelled: the Result's Changed is filled in here.
	handOut(res *Result)
	// abandon is called instead of finish when the build is cancelled
	// part way: start may have moved the cache on, and nothing of this
	// build may be the starting point of the next.
	abandon()
}

var (
	_ cache = noCache{}
	_ cache = bodyCache{}
	_ cache = (*Session)(nil)
)

// noCache is the cache of a single Build: it keeps nothing, so that a
// big site's bodies are let go as soon as their pages hold them.
type noCache struct{}

func (noCache) body(string) *bodyEntry      { return nil }
func (noCache) keepBody(string, *bodyEntry) {}
func (noCache) page(string) *pageEntry      { return nil }
func (noCache) keepPage(string, *pageEntry) {}
func (noCache) keepsAll() bool              { return false }
func (noCache) start(*run, *source.Site)    {}
func (noCache) finish(*run, bool)           {}
func (noCache) abandon()                    {}
func (noCache) handOut(*Result)             {}

// bodyCache is the cache of a Snapshot: rendered bodies, kept in the
// session's map from one variant's build to the next.
type bodyCache struct{ s *Session }

func (c bodyCache) body(key string) *bodyEntry { return c.s.bodies[key] }

func (c bodyCache) keepBody(key string, e *bodyEntry) { c.s.bodies[key] = e }

func (bodyCache) page(string) *pageEntry      { return nil }
func (bodyCache) keepPage(string, *pageEntry) {}
func (bodyCache) keepsAll() bool              { return false }
func (bodyCache) start(*run, *source.Site)    {}
func (bodyCache) finish(*run, bool)           {}
func (bodyCache) abandon()                    {}
func (bodyCache) handOut(*Result)             {}

// bodyEntry is a rendered body and what it was rendered from.
type bodyEntry struct {
	file     string
	body     []byte
	bodyLine int
	style    graph.Style // the style its links are written in
	calls    []linkCall
	out      *markdown.Output
	serial   uint64
	// twin is the same body in the other style, for a Snapshot's second
	// build (twin.go); its out.HTML is nil until that build fills tmpl's
	// slots with its hrefs.
	twin  *bodyEntry
	tmpl  []byte
	slots []twinSlot
	// searched is the body's page as an earlier build of the same
	// Snapshot analysed it for its search index (search.go), which links
	// it in that build's style.
	searched *search.Page
	// textDropped is set once a search index has analysed the body and
	// let its text go: out.Text is then nil, and made again if a later
	// index needs it and has no analysis (searched) to take.
	textDropped bool
}

type linkCall struct {
	kind callKind
	dest string // the destination, term or citation key
	res  markdown.Resolved
}

// callKind says which question of the Linker a linkCall asked.
type callKind uint8

const (
	callLink callKind = iota
	callTerm
	callCite
)

// ask puts the call's question to l again.
func (c linkCall) ask(l linker) markdown.Resolved {
	switch c.kind {
	case callTerm:
		return l.Term(c.dest)
	case callCite:
		return l.Cite(c.dest)
	}
	return l.Resolve(c.dest)
}

// reusable reports whether the entry is still the rendering of p's body.
// With sameShape (the site has the very pages and files it had), every
// link resolves as it did and need not be asked again.
func (e *bodyEntry) reusable(p *graph.Page, l linker, sameShape bool) bool {
	if e.file != p.File || e.bodyLine != p.BodyLine || !sameSlice(e.body, p.Body) {
		return false
	}
	for _, c := range e.calls {
		// With the same shape, links resolve as they did; a term can
		// still change its answer, as it may match a glossary title.
		if sameShape && c.kind != callTerm {
			continue
		}
		if c.ask(l) != c.res {
			return false
		}
	}
	return true
}

// recorder remembers every link a body resolves, for reusable.
type recorder struct {
	linker linker
	calls  []linkCall
	twin   *twinning // with Options.Twin: the other style's answers
}

func (r *recorder) Resolve(dest string) markdown.Resolved { return r.record(callLink, dest) }
func (r *recorder) Term(name string) markdown.Resolved    { return r.record(callTerm, name) }
func (r *recorder) Cite(key string) markdown.Resolved     { return r.record(callCite, key) }

func (r *recorder) record(kind callKind, dest string) markdown.Resolved {
	c := linkCall{kind: kind, dest: dest}
	c.res = c.ask(r.linker)
	r.calls = append(r.calls, c)
	if r.twin != nil {
		return r.twin.ask(c)
	}
	return c.res
}

var _ markdown.Linker = (*recorder)(nil)

// pageEntry is an executed page.
type pageEntry struct {
	sig  uint64
	html []byte
	from string
	// sitewide is set when the layout used site-wide data (a matrix, the
	// timeline): sig then has the whole site's sum mixed in (run.pageSig).
	sitewide bool
	// gathered are the keys of the pages whose bodies the layout gathered
	// (.Gather): sig also covers those bodies.
	gathered []string
}
