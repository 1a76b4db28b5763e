// Package search owns gloss's full-text search index: it reads each
// rendered page (title, section, summary, the headings of level 2 and 3
// with their ids, and the body's text), splits it into terms (tokenize.go:
// Unicode words, lower case, stop words dropped, a light English stemmer)
// and writes one JavaScript file that assigns the index to a global:
//
//	window.glossSearchIndex = {"v":2,"sections":[…],"terms":"…","postings":"…","pages":[…]};
//
// A classic <script> can load that from file:// and from any base path,
// where fetch cannot; static/js/search.js is the client that reads it.
//
// # The format
//
//   - sections: the section titles pages name by number.
//   - pages: one string per page, fields separated by tabs: the page's URL
//     relative to the site root (in the build's style), its title, its
//     section's number ("" for none), its summary, a snippet of the text
//     before its first heading, then for each heading of level 2 and 3 its
//     id ("" when the id is the heading's ASCII text slugified, as the
//     client can work it out), its text and a snippet of the text under it.
//     Snippets are the first SnippetLen characters, cut at a word: the index
//     stores short snippets, never whole texts.
//   - terms: every term, sorted (by UTF-16 code units, as JavaScript
//     compares strings, so the client can binary-search prefixes), each
//     written as a capital letter saying how many UTF-16 code units it
//     shares with the term before it (A none, B one, … Z 25; of a longer
//     shared prefix, what is past its 25th unit is written out), then the
//     rest of it. Terms are lower case, so a capital letter
//     always starts the next one; sorted terms share long prefixes
//     (accord, accordanc, account), and this front coding keeps the list
//     about 40% shorter than the terms written out.
//   - postings: for each term, in the same order, the pages it occurs in,
//     separated by spaces. A term's postings are numbers in a base-64
//     variable-length code (see appendVLQ); per page: (page number minus the
//     previous one, minus one) × 16 + fields (1 title, 2 heading, 4 summary,
//     8 body); then, when the term is in a heading or the body, the part it
//     first occurs in (0 before the first heading, k under the k-th) × 4 +
//     how often it occurs in the body (0: at most once, 1: 2–3 times, 2:
//     4–7, 3: more).
//
// The client ranks title > headings > summary > body (see search.js).
// The same pages give the same bytes.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/internal/markdown"
)

// Fields a term occurs in, as posting flags.
const (
	InTitle   = 1
	InHeading = 2
	InSummary = 4
	InBody    = 8
)

// SnippetLen is the length of a snippet in characters: about two lines of
// a result list, enough to recognise the passage, short enough that the
// index stays a fraction of the text it indexes.
const SnippetLen = 100

// Budgets. Over either, the build warns (see Budget).
const (
	// SmallSite is the page count under which the index must stay under
	// SmallSiteBudget: a site of explainer size, whose readers should not
	// wait for more than a small image's worth of search data.
	SmallSite       = 200
	SmallSiteBudget = 100_000 // bytes
	// MaxShare is the largest index, as a share of the text it indexes,
	// once it is over SmallSiteBudget: the index holds terms, postings and
	// short snippets, so past a quarter of the text it is storing the text
	// itself. Under SmallSiteBudget the share is not held against it: the
	// term dictionary of a small site is a large share of its little text
	// (this explainer's index is about half its 111 KB of text, 53 KB,
	// while the 10,000-page corpus's is about a fifth).
	MaxShare = 0.25
)

// Doc is one page as the index sees it.
type Doc struct {
	URL     string // relative to the site root, in the build's style
	Title   string
	Section string // the title of the page's section; "" for none
	Summary string
	// Parts are the body's text, as the Markdown renderer read it from
	// the syntax tree (markdown.Output.Text).
	Parts []markdown.Part
	// Sources are the titles of the page's sources, which its layout
	// lists: indexed as body text of the page's first part, so that a
	// reader can find a page by a work it cites (全球数据安全倡议).
	Sources []string
}

// Page is a Doc analysed: its row of the page table and its terms. It
// depends only on its Doc, so a dev session keeps it while the page is
// unchanged.
type Page struct {
	section string
	head    []byte     // the JSON-escaped URL and title, tab-separated
	tail    []byte     // the JSON-escaped fields after the section number
	hits    []hit      // sorted by term
	terms   *termTable // where the hits' terms are, by number
	text    int        // bytes of text indexed
}

// hit is a term of a page. It holds no pointer (the term is a number in
// the Analyser's table): a big site's pages have hundreds of thousands of
// hits, alive from the analysis to the last index, and each pointer would
// be followed by every collection of the garbage collector.
type hit struct {
	term  uint32
	flags uint8
	part  uint8 // the part the term first occurs in, capped at maxPart
	tf    uint8 // body occurrences, capped
}

// term is the term of p's k-th hit.
func (p *Page) term(k int) string { return p.terms.term(p.hits[k].term) }

// maxPart caps the part number a posting names: a term first found under
// a later heading links to the page's maxPart-th heading at worst. 63 keeps
// the part field within two base-64 digits.
const maxPart = 63

// sameTerms reports whether p and q are one analysis, perhaps at two URLs
// (Page.At), so that they have the same postings.
func (p *Page) sameTerms(q *Page) bool {
	return p.section == q.section && p.text == q.text && len(p.hits) == len(q.hits) &&
		(len(p.hits) == 0 || &p.hits[0] == &q.hits[0])
}

// Analyse reads one page (with an Analyser of its own).
func Analyse(d Doc) *Page { return NewAnalyser().Analyse(d) }

// At returns the page p as found at url instead: the same analysis, for
// a build of the same pages in another link style.
func (p *Page) At(url string) *Page {
	q := *p
	_, title, _ := bytes.Cut(p.head, []byte{'\t'}) // an escaped URL holds no tab
	b := make([]byte, 0, len(url)+len(title)+8)
	b = appendJSONText(b, url)
	b = append(b, '\t')
	q.head = append(b, title...)
	return &q
}

// Analyser reads pages. It keeps one copy of each term it has seen, which
// the pages it reads share, and scratch space; it is safe for concurrent
// use. A dev session keeps one for its lifetime.
type Analyser struct {
	terms termTable
	pool  sync.Pool // *scratch
}

// NewAnalyser returns an Analyser.
func NewAnalyser() *Analyser { return &Analyser{terms: termTable{ids: map[string]uint32{}}} }

// termTable numbers terms in the order they are first seen. A number,
// once given, names its term for good; term reads one without a lock
// (the chunks are only ever added to), since the pages of a build are
// read on all cores while other pages are being analysed.
type termTable struct {
	mu     sync.RWMutex
	ids    map[string]uint32 // a term's number is the count before it
	chunks atomic.Pointer[[]*termChunk]
}

const termChunkSize = 1024

type termChunk [termChunkSize]string

// term is the term numbered id.
func (t *termTable) term(id uint32) string {
	return (*t.chunks.Load())[id/termChunkSize][id%termChunkSize]
}

// intern returns term b's shared copy and its number, numbering it if it
// is new.
func (t *termTable) intern(b []byte) (string, uint32) {
	t.mu.RLock()
	id, ok := t.ids[string(b)]
	t.mu.RUnlock()
	if ok {
		return t.term(id), id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok = t.ids[string(b)]; ok {
		return t.term(id), id
	}
	s := string(b)
	id = uint32(len(t.ids))
	var chunks []*termChunk
	if p := t.chunks.Load(); p != nil {
		chunks = *p
	}
	if id/termChunkSize == uint32(len(chunks)) {
		// A new list, so that a reader holding the old one still reads
		// every term numbered before.
		chunks = append(slices.Clip(chunks), new(termChunk))
		t.chunks.Store(&chunks)
	}
	chunks[id/termChunkSize][id%termChunkSize] = s
	t.ids[s] = id
	return s, id
}

type scratch struct {
	words map[string]int32 // word as written → index in hits, -1 for none
	local map[string]int32 // term → index in hits
	hits  []namedHit
	word  []byte
}

// namedHit is a hit with its term, for sorting a page's hits by term.
type namedHit struct {
	term string
	hit
}

// Analyse reads one page.
func (a *Analyser) Analyse(d Doc) *Page {
	sc, _ := a.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{words: map[string]int32{}, local: map[string]int32{}}
	}
	defer func() {
		clear(sc.words) // its keys are slices of this page's text
		clear(sc.local)
		sc.hits = sc.hits[:0]
		a.pool.Put(sc)
	}()
	parts := d.Parts
	if len(parts) == 0 { // no body: one empty part before any heading
		parts = []markdown.Part{{}}
	}
	p := &Page{section: d.Section, text: len(d.Title) + len(d.Summary)}
	for _, pt := range parts {
		p.text += len(pt.Heading) + len(pt.Text)
	}
	for _, s := range d.Sources {
		p.text += len(s)
	}

	a.add(sc, d.Title, InTitle, 0)
	a.add(sc, d.Summary, InSummary, 0)
	for k, pt := range parts {
		a.add(sc, pt.Heading, InHeading, k)
		a.add(sc, pt.Text, InBody, k)
	}
	// After the body, so that a word the body has too links to its part.
	for _, s := range d.Sources {
		a.add(sc, s, InBody, 0)
	}
	slices.SortFunc(sc.hits, func(a, b namedHit) int { return compareUTF16(a.term, b.term) })
	p.hits = make([]hit, len(sc.hits))
	for k, h := range sc.hits {
		p.hits[k] = h.hit
	}
	p.terms = &a.terms

	b := make([]byte, 0, len(d.URL)+len(d.Title)+8)
	b = appendJSONText(b, d.URL)
	b = append(b, '\t')
	b = appendJSONText(b, d.Title)
	p.head = b
	b = make([]byte, 0, len(d.Summary)+len(parts)*(SnippetLen+64))
	b = append(b, '\t')
	b = appendJSONText(b, d.Summary)
	b = append(b, '\t')
	b = appendSnippet(b, parts[0].Text)
	for _, pt := range parts[1:] {
		b = append(b, '\t')
		if pt.ID != Slug(pt.Heading) {
			b = appendJSONText(b, pt.ID)
		}
		b = append(b, '\t')
		b = appendJSONText(b, pt.Heading)
		b = append(b, '\t')
		b = appendSnippet(b, pt.Text)
	}
	p.tail = b
	return p
}

// add counts the terms of text, found in the given field and part.
func (a *Analyser) add(sc *scratch, text string, flag uint8, part int) {
	Words(text, func(_, _ int, word string) {
		k, ok := sc.words[word]
		if !ok {
			k = -1
			if tb := sc.term(word); tb != nil {
				if k, ok = sc.local[string(tb)]; !ok {
					t, id := a.terms.intern(tb)
					k = int32(len(sc.hits))
					sc.hits = append(sc.hits, namedHit{t, hit{term: id, part: 255}})
					sc.local[t] = k
				}
			}
			sc.words[word] = k
		}
		if k < 0 {
			return
		}
		h := &sc.hits[k]
		h.flags |= flag
		if flag&(InHeading|InBody) != 0 && h.part == 255 {
			h.part = uint8(min(part, maxPart))
		}
		if flag == InBody && h.tf < 255 {
			h.tf++
		}
	})
}

// term is Term(word) in the scratch buffer, nil for no term: without
// allocating for words of ASCII letters and digits.
func (sc *scratch) term(word string) []byte {
	w := sc.word[:0]
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			w = append(w, c)
		case c >= 'A' && c <= 'Z':
			w = append(w, c+'a'-'A')
		default: // other scripts, apostrophes: the general way
			t := Term(word)
			if t == "" {
				return nil
			}
			sc.word = append(w[:0], t...)
			return sc.word
		}
	}
	sc.word = w
	if len(w) == 0 || len(w) <= maxStopWord && stopWords[string(w)] || len(w) > MaxTermLen {
		return nil
	}
	return stemBytes(w)
}

// Snippet returns the start of text, at most SnippetLen characters, cut
// at a space and marked "…" when cut.
func Snippet(text string) string {
	cut := snippetCut(text)
	if cut == len(text) {
		return text
	}
	return text[:cut] + "…"
}

func appendSnippet(b []byte, text string) []byte {
	cut := snippetCut(text)
	b = appendJSONText(b, text[:cut])
	if cut < len(text) {
		b = append(b, "…"...)
	}
	return b
}

// snippetCut is where a snippet of text ends.
func snippetCut(text string) int {
	n, cut := 0, len(text)
	for i := range text {
		if n == SnippetLen {
			cut = i
			break
		}
		n++
	}
	if cut == len(text) {
		return cut
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return len(strings.TrimRight(text[:cut], " ,;:.-–—"))
}

// Slug is the id gloss gives a heading whose text is ASCII (the rule of
// internal/markdown's Slugify): letters and digits lower-cased, and one
// hyphen for each run of spaces, hyphens, underscores, slashes and dots
// between them. For other text it returns "", so that only ids the client
// can recompute (search.js has the same function, for ASCII only) are left
// out of the index.
func Slug(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return ""
		}
	}
	return markdown.Slugify(text)
}

// Stats describe a built index.
type Stats struct {
	Pages    int
	Terms    int
	Postings int
	Size     int // bytes of the index file
	Text     int // bytes of text indexed (titles, summaries, headings, bodies)
}

// Share is the index's size as a share of the text it indexes.
func (s Stats) Share() float64 {
	if s.Text == 0 {
		return 0
	}
	return float64(s.Size) / float64(s.Text)
}

func appendPosting(b []byte, gap int, h posting) []byte {
	b = appendVLQ(b, gap*16+int(h.flags))
	if h.flags&(InHeading|InBody) != 0 {
		b = appendVLQ(b, int(h.part)*4+tfBucket(h.tf))
	}
	return b
}

func tfBucket(n uint8) int {
	switch {
	case n <= 1:
		return 0
	case n <= 3:
		return 1
	case n <= 7:
		return 2
	}
	return 3
}

// vlqDigits are the base-64 digits of postings: none needs escaping in a
// JSON string, and none is a space.
const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendVLQ appends v (≥ 0) five bits a digit, lowest first; digits 32–63
// say that more follow, 0–31 end the number.
func appendVLQ(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, vlqDigits[32+v&31])
		v >>= 5
	}
	return append(b, vlqDigits[v])
}

// Name is the index's output path: search/index.<first 8 hex digits of
// its SHA-256>.js, so that a browser may cache it for as long as it likes.
func Name(index []byte) string {
	sum := sha256.Sum256(index)
	return "search/index." + hex.EncodeToString(sum[:4]) + ".js"
}

// StableName is the index's output path when names must not change with
// the content (the dev server's builds, where every page links to it).
const StableName = "search/index.js"

// Budget describes what is over budget in an index ("" when nothing is):
// an index over SmallSiteBudget on a site of under SmallSite pages, or
// one over SmallSiteBudget and over MaxShare of the text it indexes.
func Budget(st Stats) string {
	if st.Size <= SmallSiteBudget {
		return ""
	}
	var over []string
	if st.Pages < SmallSite {
		over = append(over, "over the "+kb(SmallSiteBudget)+" budget for a site of under "+strconv.Itoa(SmallSite)+" pages")
	}
	if st.Share() > MaxShare {
		over = append(over, strconv.Itoa(int(st.Share()*100+0.5))+"% of the "+kb(st.Text)+" of text it indexes, over the "+
			strconv.Itoa(int(MaxShare*100))+"% budget")
	}
	if over == nil {
		return ""
	}
	return "the search index is " + kb(st.Size) + ", " + strings.Join(over, ", and ")
}

func kb(n int) string {
	if n < 10_000 {
		return strconv.Itoa(n) + " bytes"
	}
	return strconv.Itoa((n+500)/1000) + " KB"
}

// appendJSONText appends s escaped for the inside of a JavaScript string
// literal (and a JSON one). Tabs, carriage returns and newlines become
// spaces: the index separates fields with a raw tab, which JavaScript
// allows in a string literal (JSON parsers need to be lenient about it).
func appendJSONText(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\t' || c == '\n' || c == '\r': // tab separates fields
				b = append(b, ' ')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, "\uFFFD"...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&15])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

// maxShared is the longest prefix front coding says a term shares with
// the one before it: one capital letter, A to Z.
const maxShared = 'Z' - 'A'

// appendFrontCoded appends term to a front-coded term list (see the
// package doc), after prev: a capital letter for the UTF-16 code units
// the two share, counted in whole characters, then the rest of term as
// JSON string text.
func appendFrontCoded(b []byte, prev, term string) []byte {
	units, at := 0, 0
	for at < len(term) && at < len(prev) {
		r, size := utf8.DecodeRuneInString(term[at:])
		q, qsize := utf8.DecodeRuneInString(prev[at:])
		n := utf16.RuneLen(r)
		if r != q || size != qsize || units+n > maxShared {
			break
		}
		units += n
		at += size
	}
	b = append(b, byte('A'+units))
	return appendJSONText(b, term[at:])
}

// compareUTF16 orders strings as JavaScript does, by UTF-16 code units.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Key(ra), utf16Key(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Key maps a rune to a number that sorts as its first UTF-16 code
// unit does (a surrogate, for runes past U+FFFF), then by the rune.
func utf16Key(r rune) int64 {
	if r > 0xFFFF {
		hi, _ := utf16.EncodeRune(r)
		return int64(hi)<<21 | int64(r)
	}
	return int64(r) << 21
}
