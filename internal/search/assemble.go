package search

import (
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Build writes the index of pages, in the order given (the site's
// reading order, which also breaks ties between results).
func Build(pages []*Page) ([]byte, Stats) {
	return new(Assembler).Build(pages)
}

// Assembler builds indexes one after another, keeping the last one's
// pieces: when the next build has the same number of pages and only a few
// differ (a dev session after an edit), it re-encodes only the postings
// of the terms they had or have, instead of the whole index, and copies
// the rows of the pages that did not change from the last index in a few
// long runs (at 10,000 pages the rows are 8 of its 9 MB, read from 20,000
// places in the heap when written row by row).
// The bytes are the same as Build's; an Assembler is not safe for
// concurrent use.
type Assembler struct {
	pages    []*Page
	sections []string
	secNum   map[string]int
	terms    map[string]*termPostings
	sorted   []*termPostings // by term
	termList []byte          // the terms, front-coded (cached while sorted stands)
	text     int
	postings int
	// last is the last index written, and rowAt where each page's row
	// starts in it (with the comma before it), from rowsAt; rowAt has one
	// more entry, where the rows end. last is nil when the rows must all
	// be written again (the pages or their sections' numbers changed).
	last   []byte
	rowsAt int
	rowAt  []int32
	spare  []int32 // the rowAt before last, reused
	copied int     // rows copied from the last index, for tests
	// encodedOnly says the postings are held encoded only (KeepPostings),
	// so that none can be patched.
	encodedOnly bool
}

// termPostings are a term's postings, encoded, with the offset of each
// posting in the encoding, so that a page's posting can be replaced in
// place: with delta-coded page numbers only it and the posting after it
// change.
type termPostings struct {
	term string
	list []posting // by page
	enc  []byte    // the encoded list
	off  []int32   // off[k] is where list[k] starts in enc; off[len(list)] = len(enc)
}

// posting is a page a term is on, without pointers: the dev server keeps
// hundreds of thousands of them, which the garbage collector need not scan.
type posting struct {
	page            int32
	flags, part, tf uint8
}

func newPosting(page int, h *hit) posting {
	return posting{page: int32(page), flags: h.flags, part: h.part, tf: h.tf}
}

// fullRebuild is the share of changed pages past which rebuilding
// everything is cheaper than patching postings term by term.
const fullRebuild = 8 // one page in eight

// Build writes the index of pages (see the package Build). Pages that
// differ from the last build's only in their row (Page.At: the same
// pages in another link style) keep their postings: the build of a
// site's second variant encodes no posting again.
func (a *Assembler) Build(pages []*Page) ([]byte, Stats) {
	var changed, reindexed []int
	if len(pages) == len(a.pages) && a.terms != nil {
		for i, p := range pages {
			if p == a.pages[i] {
				continue
			}
			changed = append(changed, i)
			if !p.sameTerms(a.pages[i]) {
				reindexed = append(reindexed, i)
				if len(reindexed) > len(pages)/fullRebuild+1 {
					break
				}
			}
		}
	}
	switch {
	case a.terms == nil || len(pages) != len(a.pages) || len(reindexed) > len(pages)/fullRebuild+1 || !a.sameSections(pages, changed) ||
		a.encodedOnly && len(reindexed) > 0:
		a.rebuild(pages)
		a.last = nil
		changed = nil
	default:
		a.patch(pages, reindexed)
		for _, i := range changed { // the rows-only ones
			a.pages[i] = pages[i]
		}
	}
	return a.write(changed)
}

// KeepPostings lets go of all but what the next Build needs when every
// row will change and no posting (the same pages in another link style):
// the terms and their encoded postings. The lists they were encoded from
// go too (at 10,000 pages 12 MB, against 1 MB encoded, which the build
// of the other variant has better use for), so a Build that must change
// a posting after this builds the index anew.
func (a *Assembler) KeepPostings() {
	a.last, a.rowAt, a.spare = nil, nil, nil
	for _, tp := range a.sorted {
		tp.list, tp.off = nil, nil
	}
	a.encodedOnly = true
}

// sameSections reports whether the changed pages keep their sections, so
// that the section table (numbered in order of first appearance) stands.
func (a *Assembler) sameSections(pages []*Page, changed []int) bool {
	for _, i := range changed {
		if pages[i].section != a.pages[i].section {
			return false
		}
	}
	return true
}

func (a *Assembler) rebuild(pages []*Page) {
	a.pages = slices.Clone(pages)
	a.encodedOnly = false
	a.sections, a.secNum = nil, map[string]int{}
	a.text, a.postings = 0, 0
	for _, p := range pages {
		a.text += p.text
		if _, ok := a.secNum[p.section]; !ok && p.section != "" {
			a.secNum[p.section] = len(a.sections)
			a.sections = append(a.sections, p.section)
		}
	}
	a.terms = map[string]*termPostings{}
	for i, p := range pages {
		for k := range p.hits {
			term := p.term(k)
			tp := a.terms[term]
			if tp == nil {
				tp = &termPostings{term: term}
				a.terms[term] = tp
			}
			tp.list = append(tp.list, newPosting(i, &p.hits[k]))
		}
		a.postings += len(p.hits)
	}
	a.sorted = make([]*termPostings, 0, len(a.terms))
	for _, tp := range a.terms {
		tp.encode()
		a.sorted = append(a.sorted, tp)
	}
	slices.SortFunc(a.sorted, byTerm)
	a.termList = nil
}

func byTerm(x, y *termPostings) int { return compareUTF16(x.term, y.term) }

func (a *Assembler) patch(pages []*Page, changed []int) {
	for _, i := range changed {
		old, p := a.pages[i], pages[i]
		a.text += p.text - old.text
		a.postings += len(p.hits) - len(old.hits)
		for k := range old.hits {
			tp := a.terms[old.term(k)]
			j, _ := slices.BinarySearchFunc(tp.list, int32(i), byPage)
			if len(tp.list) == 1 {
				delete(a.terms, tp.term)
				t, _ := slices.BinarySearchFunc(a.sorted, tp, byTerm)
				a.sorted = slices.Delete(a.sorted, t, t+1)
				a.termList = nil
				continue
			}
			tp.splice(j, j+1, nil)
		}
		for k := range p.hits {
			h, term := &p.hits[k], p.term(k)
			tp := a.terms[term]
			if tp == nil {
				tp = &termPostings{term: term, list: []posting{newPosting(i, h)}}
				tp.encode()
				a.terms[term] = tp
				t, _ := slices.BinarySearchFunc(a.sorted, tp, byTerm)
				a.sorted = slices.Insert(a.sorted, t, tp)
				a.termList = nil
				continue
			}
			j, _ := slices.BinarySearchFunc(tp.list, int32(i), byPage)
			tp.splice(j, j, []posting{newPosting(i, h)})
		}
		a.pages[i] = p
	}
}

func byPage(p posting, page int32) int { return int(p.page - page) }

// write lays the index out, encoding what changed since the last write:
// when a.last is set, the rows of the pages not in changed (ascending) are
// the same as in it.
func (a *Assembler) write(changed []int) ([]byte, Stats) {
	splice := a.last != nil && len(a.rowAt) == len(a.pages)+1
	if a.termList == nil {
		a.termList = []byte{}
		prev := ""
		for _, tp := range a.sorted {
			a.termList = appendFrontCoded(a.termList, prev, tp.term)
			prev = tp.term
		}
	}
	size := len(a.termList) + 100
	for _, s := range a.sections {
		size += len(s) + 3
	}
	if splice {
		// The rows of the last index, with the changed ones' new lengths.
		size += int(a.rowAt[len(a.pages)])
		for _, i := range changed {
			size += len(a.pages[i].head) + len(a.pages[i].tail) + 8 - int(a.rowAt[i+1]-a.rowAt[i])
		}
	} else {
		for _, p := range a.pages {
			size += len(p.head) + len(p.tail) + 8
		}
	}
	for _, tp := range a.sorted {
		size += len(tp.enc) + 1
	}

	// A strings.Builder grows without zeroing memory first, and the index
	// is written once and never changed: its bytes are handed out as they
	// are. The pages come last: an edit changes postings far more often
	// than rows, so a comparison with the last index (the dev server's)
	// meets the first difference early.
	var out strings.Builder
	out.Grow(size)
	out.WriteString(`window.glossSearchIndex = {"v":2,"sections":[`)
	var buf []byte
	for i, s := range a.sections {
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('"')
		buf = appendJSONText(buf[:0], s)
		out.Write(buf)
		out.WriteByte('"')
	}
	out.WriteString(`],"terms":"`)
	out.Write(a.termList)
	out.WriteString(`","postings":"`)
	for i, tp := range a.sorted {
		if i > 0 {
			out.WriteByte(' ')
		}
		out.Write(tp.enc)
	}
	out.WriteString(`","pages":[`)
	start := out.Len()
	rowAt := slices.Grow(a.spare[:0], len(a.pages)+1)[:len(a.pages)+1]
	var num []byte
	row := func(i int) {
		rowAt[i] = int32(out.Len() - start)
		p := a.pages[i]
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('"')
		out.Write(p.head)
		out.WriteByte('\t')
		if p.section != "" {
			num = strconv.AppendInt(num[:0], int64(a.secNum[p.section]), 10)
			out.Write(num)
		}
		out.Write(p.tail)
		out.WriteByte('"')
	}
	if splice {
		// Rows i up to the next changed one are copied in one run; each
		// keeps its comma, as it keeps its place.
		old, i := a.rowAt, 0
		for k := 0; k <= len(changed); k++ {
			next := len(a.pages)
			if k < len(changed) {
				next = changed[k]
			}
			if i < next {
				shift := int32(out.Len()-start) - old[i]
				out.Write(a.last[a.rowsAt+int(old[i]) : a.rowsAt+int(old[next])])
				for j := i; j < next; j++ {
					rowAt[j] = old[j] + shift
				}
				a.copied += next - i
			}
			if next < len(a.pages) {
				row(next)
			}
			i = next + 1
		}
	} else {
		for i := range a.pages {
			row(i)
		}
	}
	rowAt[len(a.pages)] = int32(out.Len() - start)
	out.WriteString("]};\n")
	s := out.String()
	data := unsafe.Slice(unsafe.StringData(s), len(s))
	a.last, a.rowsAt, a.rowAt, a.spare = data, start, rowAt, a.rowAt
	return data, Stats{Pages: len(a.pages), Terms: len(a.sorted), Postings: a.postings, Size: len(data), Text: a.text}
}

// encode encodes the whole list.
func (tp *termPostings) encode() {
	tp.enc, tp.off = tp.enc[:0], tp.off[:0]
	prev := int32(-1)
	for _, p := range tp.list {
		tp.off = append(tp.off, int32(len(tp.enc)))
		tp.enc = appendPosting(tp.enc, int(p.page-prev-1), p)
		prev = p.page
	}
	tp.off = append(tp.off, int32(len(tp.enc)))
}

// splice replaces list[j0:j1] with ins, re-encoding them and the posting
// after them (whose gap is counted from its new predecessor).
func (tp *termPostings) splice(j0, j1 int, ins []posting) {
	end := min(j1+1, len(tp.list)) // the follower, if any, is encoded again
	prev := int32(-1)
	if j0 > 0 {
		prev = tp.list[j0-1].page
	}
	var nb []byte
	var noff []int32
	for _, group := range [][]posting{ins, tp.list[j1:end]} {
		for _, p := range group {
			noff = append(noff, tp.off[j0]+int32(len(nb)))
			nb = appendPosting(nb, int(p.page-prev-1), p)
			prev = p.page
		}
	}
	start, stop := tp.off[j0], tp.off[end]
	delta := int32(len(nb)) - (stop - start)
	tp.enc = slices.Replace(tp.enc, int(start), int(stop), nb...)
	tp.off = slices.Replace(tp.off, j0, end, noff...)
	for k := j0 + len(noff); k < len(tp.off); k++ {
		tp.off[k] += delta
	}
	tp.list = slices.Replace(tp.list, j0, j1, ins...)
}
