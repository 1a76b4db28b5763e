package markdown

import (
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// headingIDs gives every heading an ID derived from its text: lower case,
// letters and digits of any script kept, other runs turned into one hyphen,
// and a numeric suffix for repeats. The same text always gives the same ID,
// so links into a page survive edits elsewhere in it. IDs never begin with
// "_", which leaves that prefix free for layouts.
//
// goldmark asks for an automatic ID with the heading's raw last line
// (markup, link destinations and all), so Generate only returns a
// placeholder and the link pass, which runs once parsing has reserved every
// {#id} an author wrote, makes the ID from the text a reader sees.
type headingIDs struct {
	used map[string]bool
	// next is, for each base ID generate has been asked for, the first
	// suffix not yet tried: IDs are only ever added to used, so every
	// suffix below it is still taken, and n headings with the same text
	// cost n lookups rather than n²/2.
	next map[string]int
	// taken are the IDs the page holds besides its headings', which no
	// heading may take, each with what holds it: the body's footnotes
	// (fn-1, sn-1, fnref-1…) and the page's list of sources (src-ap).
	taken map[string]string
	// tries counts the IDs generate looked up, for tests.
	tries int
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

// take keeps id from headings, as held by holder ("a footnote"). Most
// pages have no notes or sources: the map is made by the first.
func (h *headingIDs) take(id, holder string) {
	if h.taken == nil {
		h.taken = map[string]string{}
	}
	h.taken[id] = holder
}

// autoID is the placeholder Generate returns for headings.
const autoID = "\x00auto"

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	if kind == ast.KindHeading {
		return []byte(autoID)
	}
	return []byte(h.generate(string(value)))
}

// generate returns a fresh ID for text.
func (h *headingIDs) generate(text string) string {
	base := Slugify(text)
	if base == "" {
		base = "section"
	}
	i := h.next[base]
	id := base
	if i > 0 {
		id = base + "-" + strconv.Itoa(i)
	}
	for {
		h.tries++
		if !h.used[id] && h.taken[id] == "" {
			break
		}
		i++
		id = base + "-" + strconv.Itoa(i)
	}
	h.next[base] = i + 1
	h.used[id] = true
	return id
}

// Put implements parser.IDs: it reserves an ID an author wrote by hand.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// all lists the IDs reserved, each after prefix, and the IDs in more,
// sorted, without repeats.
func (h *headingIDs) all(prefix string, more []string) IDList {
	ids := make([]string, 0, len(h.used)+len(more))
	for id := range h.used {
		ids = append(ids, prefix+id)
	}
	ids = append(ids, more...)
	sort.Strings(ids)
	return NewIDList(slices.Compact(ids))
}

// IDList is a body's element IDs, sorted, each once, held as one string
// and where each ends in it. A big site keeps every body's IDs for the
// whole build; as a slice of strings, each would be a pointer that every
// collection of the garbage collector follows (at 10,000 pages more than
// 80,000 of them in use mid-build, by pprof's count).
type IDList struct {
	joined string
	ends   []int32
}

// NewIDList holds ids, which must be sorted and each once.
func NewIDList(ids []string) IDList {
	if len(ids) == 0 {
		return IDList{}
	}
	var b strings.Builder
	ends := make([]int32, len(ids))
	for i, id := range ids {
		b.WriteString(id)
		ends[i] = int32(b.Len())
	}
	return IDList{joined: b.String(), ends: ends}
}

// Len is the number of IDs.
func (l IDList) Len() int { return len(l.ends) }

// At is the i-th ID.
func (l IDList) At(i int) string {
	start := int32(0)
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.joined[start:l.ends[i]]
}

// Has reports whether id is in the list.
func (l IDList) Has(id string) bool {
	i := sort.Search(l.Len(), func(i int) bool { return l.At(i) >= id })
	return i < l.Len() && l.At(i) == id
}

// All yields the IDs in order.
func (l IDList) All() iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := range l.Len() {
			if !yield(l.At(i)) {
				return
			}
		}
	}
}

// Strings returns the IDs as a slice (nil for none).
func (l IDList) Strings() []string { return slices.Collect(l.All()) }

// Equal reports whether l and m hold the same IDs.
func (l IDList) Equal(m IDList) bool { return l.joined == m.joined && slices.Equal(l.ends, m.ends) }

// Slugify turns heading text into an ID.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || r == '\t' || r == '/' || r == '.':
			dash = true
		}
	}
	return b.String()
}
