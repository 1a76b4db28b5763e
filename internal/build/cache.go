package build

import "github.com/gloss-ssg/gloss/internal/source"

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
