package build

import (
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/sitewide"
)

// Layouts may ask about the whole site from any page (package sitewide
// answers). A page whose layout asked depends on every page, which its
// signature must say (siteSum, pageSig).

// siteWide is what one run computes once for every page that asks.
type siteWide struct {
	data    *sitewide.Data
	sumOnce sync.Once
	sum     uint64 // hash of what site-wide data is made of (siteSum)
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
		return "", &d
	}
	name, ok := r.layouts.Lookup(p.Kind.String(), p.Section)
	if !ok {
		file := p.File
		if file == "" {
			file = r.site.Home.File
		}
		d := diag.Errorf(file, 1, 1, "no layout for this %s", p.Kind).WithHint("add layouts/" + name)
		return "", &d
	}
	return name, nil
}

// siteSum hashes everything site-wide data is made of, once per run: every
// page's key, front matter, number and relation lists. A page that used
// site-wide data mixes it into its signature, so that it is rendered again
// when any page's front matter, place or relations change (and not when
// only a body does).
func (r *run) siteSum() uint64 {
	w := &r.sitewide
	w.sumOnce.Do(func() {
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
// data, and the bodies of the pages it gathered (gather.go).
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
