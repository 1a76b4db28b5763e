package build

import (
	"maps"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/view"
)

// searchState is what a session keeps of the search index between
// builds: each page's analysis, reused while the page's rendered body and
// what the index shows of it are unchanged, and the last index's path.
type searchState struct {
	pages map[string]*searchEntry // by page key
	// byOrder are the same entries by page Order, each checked against the
	// content model site: while a build has that very model (updated in
	// place, so with the same front matter), a page is found here, and
	// only its body compared.
	site    *graph.Site
	byOrder []*searchEntry
	// last are the pages the last index was assembled from, by Order.
	last []*search.Page
	an   *search.Analyser
	asm  search.Assembler
	path string
	// join, when set, waits for the index being written beside the
	// pages, and adds it to the output if the build finished.
	join func(finished bool)
}

// searchEntry is a page's analysis and what it was made from: the
// rendered body, and the front matter of the page and of its section
// (title, summary, section title); the URL follows from the key.
type searchEntry struct {
	out     *markdown.Output
	metaSum uint64
	secSum  uint64
	page    *search.Page
}

// searchIndex builds the full-text index from the rendered bodies, adds
// it to the output and gives its path to the layouts (Site.SearchIndex).
// It runs after the bodies are rendered and before the pages are
// executed, since every page links to the index by its content hash.
func (r *run) searchIndex() {
	s := r.sess
	if s.search == nil {
		s.search = &searchState{pages: map[string]*searchEntry{}, an: search.NewAnalyser()}
	}
	pages := make([]*search.Page, len(r.site.Pages))
	var stale []*graph.Page
	kept := s.search.site == r.site && len(s.search.byOrder) == len(r.site.Pages)
	if !kept {
		s.search.site, s.search.byOrder = r.site, make([]*searchEntry, len(r.site.Pages))
	}
	byOrder := s.search.byOrder
	all := r.site.Pages
	if kept && r.bodiesKept && len(s.search.last) == len(pages) {
		// The last index was the last complete build's (bodiesKept), made
		// from the same content model: only the pages whose bodies changed
		// need be looked at.
		copy(pages, s.search.last)
		all = make([]*graph.Page, len(r.rebodied))
		for k, i := range r.rebodied {
			all[k] = r.site.Pages[i]
		}
	}
	for _, p := range all {
		if e := byOrder[p.Order]; kept && e != nil && e.out == r.bodies[p.Order].out {
			pages[p.Order] = e.page
			continue
		}
		if e := s.search.pages[p.Key]; !kept && e != nil && e.out == r.bodies[p.Order].out &&
			e.metaSum == p.MetaSum && e.secSum == r.sectionSum(p) {
			pages[p.Order] = e.page
			byOrder[p.Order] = e
			continue
		}
		stale = append(stale, p)
	}
	r.parallelOver(stale, func(p *graph.Page) {
		doc := r.searchDoc(p)
		body := r.bodies[p.Order]
		out := body.out
		var pg *search.Page
		switch {
		case body.searched != nil: // analysed by the build that made this twin
			pg = body.searched.At(doc.URL)
		case body.textDropped:
			// A session's, whose section's front matter alone changed: the
			// body's text is what rendering it again, under the links it
			// was checked against, gives.
			doc.Parts = r.md.Render(p.Body, markdown.Page{File: p.File, BodyLine: p.BodyLine, Linker: r.linker(p), SourceIDs: view.SourceIDs(p)}).Text
			pg = s.search.an.Analyse(doc)
		default:
			doc.Parts = out.Text
			pg = s.search.an.Analyse(doc)
		}
		pages[p.Order] = pg
		if !s.cache.keepsAll() {
			// Nothing but the index reads a body's text, so it goes. A
			// Twin build's analysis stays for the Snapshot's next build
			// (the other variant), which finds the page analysed in the
			// body it reuses or its twin. That build is the last one
			// publish makes: it lets its analysis go with the index
			// made, which at 10,000 pages leaves its layouts 40 MB more
			// room under the soft memory limit (about 3% of the build's
			// time); a build after it would render the text again. A
			// Session lets the text go too, below, but keeps the
			// analysis in its own entry.
			searched := pg
			if !r.opts.Twin {
				searched = nil
			}
			body.searched, out.Text, body.textDropped = searched, nil, true
			if body.twin != nil {
				body.twin.searched, body.twin.out.Text, body.twin.textDropped = searched, nil, true
			}
		} else {
			r.mu.Lock()
			e := &searchEntry{out: out, metaSum: p.MetaSum, secSum: r.sectionSum(p), page: pg}
			s.search.pages[p.Key], byOrder[p.Order] = e, e
			// The analysis is all the session needs of the text, save
			// when the section's front matter changes: letting it go
			// keeps a 10,000-page session about 40 MB smaller.
			if s.cache.body(p.Key) == body {
				out.Text, body.textDropped = nil, true
			}
			r.mu.Unlock()
		}
	})
	if r.ctx.Err() != nil {
		// Some pages were left out: the build stops, and byOrder has holes.
		s.search.site, s.search.last = nil, nil
		return
	}
	if s.cache.keepsAll() {
		s.search.last = pages
	} else if !r.opts.Twin {
		// The analysis goes with this build (above), and the terms its
		// pages shared.
		s.search.an = search.NewAnalyser()
	}
	if len(s.search.pages) > len(r.site.Pages) { // pages went away
		for key := range s.search.pages {
			if r.site.ByKey[key] == nil {
				delete(s.search.pages, key)
			}
		}
	}

	from := r.site.Home.File
	if r.fast && r.opts.StableNames && s.cache.keepsAll() && s.search.path == search.StableName {
		// A rebuild of the same shape, whose index keeps its name: the
		// pages need only the name, so the index is written while they are
		// executed (on another core, when there is one), and joined by
		// finish or abandon. At 10,000 pages it is 9 MB to write.
		done := make(chan struct{})
		var data []byte
		var st search.Stats
		go func() {
			defer close(done)
			data, st = s.search.asm.Build(pages)
		}()
		s.search.join = func(finished bool) {
			<-done
			if finished {
				r.searchOutput(from, data, st)
			}
		}
		r.searchPath = search.StableName
		return
	}
	data, st := s.search.asm.Build(pages)
	switch {
	case s.cache.keepsAll():
	case r.opts.Twin:
		// The next build, of the same pages in the other style, keeps
		// the postings (search.Assembler.Build): 0.05 s of one core at
		// 10,000 pages.
		s.search.asm.KeepPostings()
	default:
		s.search.asm = search.Assembler{}
	}
	name := search.StableName
	if !r.opts.StableNames {
		name = search.Name(data)
	}
	if old := s.search.path; r.fast && old != name {
		// The fast path starts from the last output, whose index had
		// another name: swap it (Sources is shared with that build).
		r.mu.Lock()
		r.res.Sources = maps.Clone(r.res.Sources)
		delete(r.res.Files, old)
		delete(r.res.Sources, old)
		r.written = append(r.written, old)
		r.res.Sources[name] = from
		r.mu.Unlock()
	}
	if s.search.path != name {
		s.pages, s.lastPages = map[string]*pageEntry{}, nil // every page links to the index
	}
	s.search.path = name
	r.searchPath = name
	r.searchOutput(from, data, st)
}

// searchOutput adds the index written as data to the output, with its
// figures and, if it is over budget, a warning.
func (r *run) searchOutput(from string, data []byte, st search.Stats) {
	r.res.Search = st
	r.output(r.searchPath, data, from)
	if msg := search.Budget(st); msg != "" {
		r.add(diag.Warnf(from, 1, 1, "%s", msg).
			WithHint("the index keeps every term and a short snippet of each heading's text; very long summaries or many short headings make it grow"))
	}
}

// joinSearch waits for an index written beside the pages (searchIndex),
// if there is one; finished says whether the build ran to its end, and
// so whether the index goes into its output.
func (s *Session) joinSearch(finished bool) {
	if s.search == nil || s.search.join == nil {
		return
	}
	join := s.search.join
	s.search.join = nil
	join(finished)
}

// sectionSum is the front matter hash of the section p is listed under.
func (r *run) sectionSum(p *graph.Page) uint64 {
	if p.Kind == graph.Regular && p.Section != "" {
		if sec := r.site.ByKey[p.Section]; sec != nil {
			return sec.MetaSum
		}
	}
	return 0
}

// searchDoc is what the index shows of page p (its body aside): its
// title, summary, section and the titles of its sources (front matter, so
// metaSum covers them).
func (r *run) searchDoc(p *graph.Page) search.Doc {
	target := p.URL
	if r.opts.Style == graph.Files {
		target = p.OutPath
	}
	url := graph.Rel("index.html", target) // relative to the site root
	if url == "./" {
		url = ""
	}
	doc := search.Doc{URL: url, Title: p.Meta.Title, Summary: p.Meta.Summary}
	for _, s := range p.Meta.Sources {
		doc.Sources = append(doc.Sources, s.Title)
	}
	if p.Kind == graph.Regular && p.Section != "" {
		if sec := r.site.ByKey[p.Section]; sec != nil {
			doc.Section = sec.Meta.Title
		}
	}
	return doc
}
