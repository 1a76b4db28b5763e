package build

import (
	"encoding/binary"
	"hash/maphash"
	"sync"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/previews"
	"github.com/gloss-ssg/gloss/internal/sitewide"
)

// A session keeps an executed page while its signature holds: the hash of
// everything its layout could see. A page whose layout asked for
// site-wide data (package sitewide) depends on every page, which its
// signature says too (siteSum, pageSig).

// siteWide is the run's site-wide data and its sum, each made once for
// every page that asks.
type siteWide struct {
	data    *sitewide.Data
	sumOnce sync.Once
	sum     uint64 // hash of what site-wide data is made of (siteSum)
	sumMade bool

	pageOnce sync.Once
	pages    []uint64 // by page Order (pageSums)
}

// pageSums hashes, once per run, what a signature takes of each page it
// names: its key, front matter and number. A section's signature names
// every page in it and the home page's every page of the site, so one
// number per page, not a key and two, is what keeps signing all pages on
// every rebuild cheap. No sum is 0, which stands for no page.
func (r *run) pageSums() []uint64 {
	w := &r.sitewide
	w.pageOnce.Do(func() {
		if s := r.sess; s.sumsSite == r.site && len(s.lastPageSums) == len(r.site.Pages) {
			// The same content model, its bodies at most updated in
			// place: every page's key, front matter and number stand.
			w.pages = s.lastPageSums
			return
		}
		w.pages = make([]uint64, len(r.site.Pages))
		var h sigHash
		for _, p := range r.site.Pages {
			h.init(r.sess.shapeSeed)
			h.str(p.Key)
			h.u64(p.MetaSum)
			h.u64(uint64(p.Number))
			w.pages[p.Order] = max(h.sum(), 1)
		}
	})
	return w.pages
}

// signature hashes everything the layout can see when it renders p: its
// layout, its own front matter and body, and for every page the view
// links to (parent, neighbours, listed pages, sections on the home page,
// relations and inverses, in order, and the pages the body links to, for
// their preview cards) the key, front matter and number.
// Settings, section declarations and layouts are covered by Session's
// everything hash, which empties the page cache when it changes.
//
// It runs for every page on every rebuild (the home page's covers every
// page of the site), so it uses maphash, seeded once per session:
// signatures are only ever compared within one session.
func (r *run) signature(p *graph.Page, layoutName string) uint64 {
	var h sigHash
	h.init(r.sess.shapeSeed)
	h.str(layoutName)
	h.u64(r.assetSum) // the names of stylesheets and scripts, when fingerprinted
	sums := r.pageSums()
	page := func(t *graph.Page) {
		if t == nil {
			h.u64(0)
			return
		}
		h.u64(sums[t.Order])
	}
	list := func(ps []*graph.Page) {
		h.u64(uint64(len(ps)))
		for _, t := range ps {
			page(t)
		}
	}
	page(p)
	h.u64(r.bodies[p.Order].serial)
	if r.previews != nil {
		// The preview cards of the pages the body links to (package
		// previews); the other pages with a card are hashed below anyway.
		for _, c := range r.bodies[p.Order].calls {
			page(previews.LinkedPage(r.site, c.res))
		}
	}
	page(p.Parent)
	page(p.Prev)
	page(p.Next)
	list(p.Pages)
	h.u64(uint64(len(p.Sections)))
	for _, sec := range p.Sections {
		page(sec)
		list(sec.Pages)
	}
	for _, rels := range [][]*graph.Relation{p.Relations, p.Inverses} {
		h.u64(uint64(len(rels)))
		for _, rel := range rels {
			h.str(rel.Name)
			h.str(rel.Label)
			list(rel.Pages)
		}
	}
	for a := p.Parent; a != nil; a = a.Parent {
		page(a)
	}
	list(r.termUses[p])
	return h.sum()
}

// sigHash accumulates a signature or sum: maphash, seeded once per
// session (sums are only compared within it), with the writes signatures
// are made of. Initialise it in place with init.
type sigHash struct {
	h   maphash.Hash
	buf [8]byte
}

func (s *sigHash) init(seed maphash.Seed) { s.h.SetSeed(seed) }

func (s *sigHash) u64(v uint64) {
	binary.LittleEndian.PutUint64(s.buf[:], v)
	s.h.Write(s.buf[:])
}

// str writes a string and a terminator, so that "ab"+"c" and "a"+"bc"
// differ.
func (s *sigHash) str(v string) {
	s.h.WriteString(v)
	s.h.WriteByte(0)
}

func (s *sigHash) sum() uint64 { return s.h.Sum64() }

// siteSum hashes everything site-wide data is made of, once per run: every
// page's key, front matter, number and relation lists. A page that used
// site-wide data mixes it into its signature, so that it is rendered again
// when any page's front matter, place or relations change (and not when
// only a body does).
func (r *run) siteSum() uint64 {
	w := &r.sitewide
	w.sumOnce.Do(func() {
		w.sumMade = true
		if s := r.sess; s.sumsSite == r.site && s.siteSumMade {
			w.sum = s.lastSiteSum // as for pageSums
			return
		}
		var h sigHash
		h.init(r.sess.shapeSeed)
		for _, p := range r.site.Pages {
			h.str(p.Key)
			h.u64(p.MetaSum)
			h.u64(uint64(p.Number))
			for _, rel := range p.Relations {
				h.str(rel.Name)
				h.u64(uint64(len(rel.Pages)))
				for _, t := range rel.Pages {
					h.str(t.Key)
				}
			}
		}
		w.sum = h.sum()
	})
	return w.sum
}

// pageSig is a page's signature: base (see signature), with the site's
// sum mixed in when the page's layout (as e records it) used site-wide
// data, and the bodies of the pages it gathered (gatheredSum).
func (r *run) pageSig(base uint64, e *pageEntry) uint64 {
	if !e.sitewide {
		return base
	}
	var h sigHash
	h.init(r.sess.shapeSeed)
	h.u64(base)
	h.u64(r.siteSum())
	if e.gathered != nil {
		r.gatheredSum(e.gathered, h.u64)
	}
	return h.sum()
}

// gatheredSum hashes the bodies of the pages a page gathered, for its
// signature: the serial of a body's rendering changes whenever the body
// or the answer to one of its links does.
func (r *run) gatheredSum(keys []string, write func(uint64)) {
	write(uint64(len(keys)))
	for _, k := range keys {
		p := r.site.ByKey[k]
		if p == nil || r.bodies[p.Order] == nil {
			write(0)
			continue
		}
		write(r.bodies[p.Order].serial)
	}
}
