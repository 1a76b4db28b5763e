package layout

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// Sharing one execution of a layout between the two variants of a page.
//
// The offline and hosted pages of a site differ in a few values of the
// view: the URLs of other pages and of assets (Link.URL, Page.Home,
// Preview.Href, Site.SearchIndex, what Rel returns), the body (whose
// links differ), and the variant's own settings (Site.Offline,
// Site.Download, Site.Feed, Page.Canonical, Page.JSONLD). ExecuteShared
// executes a layout once with a slot token in place of each value of
// the first kind, and with a marker in place of each partial that reads
// one of the second; FillShared then makes the other variant's page from
// that template by writing its own values into the slots and executing
// only those partials; in between, a big site's templates can wait in a
// temporary file (ExecuteSharedSpilled). A layout is shared only when
// its parse trees show that this gives the bytes a real execution would
// (sharing, in sharecheck.go); a page only when its values allow it
// (walkView, fill). Everything else is executed as before.

// newNonce starts a Set's tokens. A token is "glsv" and 16 random hex
// digits (the nonce), a kind letter ('s' a slot field, 'r' a Rel result,
// 'p' a variant partial's marker), a number and "z": letters and digits
// only, which every slotEscaper leaves alone, with a nonce no page can
// hold by chance. Tokens never reach the output, so the output does not
// depend on the nonce.
func newNonce() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "glsv" + hex.EncodeToString(b[:])
}

func (s *Set) marker(kind byte, i int) string {
	return s.nonce + string(kind) + strconv.Itoa(i) + "z"
}

// slotValue reports whether a value can fill a slot: every slotEscaper
// leaves it as it is, as it leaves a token. That holds for the URLs the
// build writes (relative paths, http and https URLs); a value outside
// makes its page execute for each variant.
func slotValue(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.' || c == '/' || c == '-' || c == '_' || c == '~' || c == '#' || c == '?' || c == ':':
		case c == '%':
			if i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2]) {
				return false
			}
		default:
			return false
		}
	}
	// urlfilter turns a value with a scheme other than http, https or
	// mailto into "#ZgotmplZ"; a token has none.
	if i := strings.IndexByte(v, ':'); i >= 0 && !strings.Contains(v[:i], "/") {
		if scheme := v[:i]; scheme != "http" && scheme != "https" {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// shareState is a page's part in a shared execution: its Rel answers and
// whether anything happened that sharing cannot follow.
type shareState struct {
	set    *Set
	fields int      // slot fields; Rel results follow them in values
	values []string // the slot values of this variant, by token number
	rels   []relSlot
	broken bool // a view was written whole (fmt, JSON), or Rel gave an unusable value
}

// writtenWhole notes that a view was written out whole: st, if any,
// cannot be shared (view.go).
func (st *shareState) writtenWhole() {
	if st != nil {
		st.broken = true
	}
}

// relSlot is one Rel call: its argument, a literal or a slot's token.
type relSlot struct {
	arg  string
	slot int // the slot the argument was, or -1
}

// rel answers Rel during a shared execution: the real URL for this
// variant is kept, and a token written in its place.
func (st *shareState) rel(p *Page, arg string) string {
	rs := relSlot{arg: arg, slot: -1}
	real := arg
	if i, ok := st.set.slotNumber(arg, 's'); ok && i < st.fields {
		rs.slot, real = i, st.values[i]
	} else if strings.Contains(arg, st.set.nonce) {
		st.broken = true // part of a token, or a Rel result: not followed
		return arg
	}
	v := p.rel(real)
	if !slotValue(v) {
		st.broken = true
		return v
	}
	st.rels = append(st.rels, rs)
	st.values = append(st.values, v) // Rel results follow the fields
	return st.set.marker('r', len(st.rels)-1)
}

// slotNumber parses a whole token of the kind given.
func (s *Set) slotNumber(tok string, kind byte) (int, bool) {
	rest, ok := strings.CutPrefix(tok, s.nonce)
	if !ok {
		return 0, false
	}
	k, n, size, ok := tokenTail([]byte(rest))
	return n, ok && k == kind && size == len(rest)
}

// tokenTail parses what follows a token's nonce: its kind, its number and
// how many bytes they take with the closing "z".
func tokenTail(b []byte) (kind byte, n, size int, ok bool) {
	j := bytes.IndexByte(b, 'z')
	if j < 2 {
		return 0, 0, 0, false
	}
	n, err := strconv.Atoi(string(b[1:j]))
	return b[0], n, j + 1, err == nil && n >= 0
}

// Shared is a page executed once for two variants (ExecuteShared): the
// output with tokens, and what the other variant needs to fill them.
type Shared struct {
	name  string
	key   string
	out   []byte // nil when spilled
	empty []bool // whether each slot field, in walk order, is empty
	rels  []relSlot
	shape uint64 // hash of which pages the view's links point to
	// Where ExecuteSharedSpilled put out: in spilled, n bytes from at.
	spilled io.ReaderAt
	at      int64
	n       int
}

// Size is the memory the template holds: none once spilled.
func (sh *Shared) Size() int { return len(sh.out) }

// SpillFile is where a template's bytes can wait (spill.File).
type SpillFile interface {
	Append(b []byte) (off int64, err error)
	io.ReaderAt
}

// Layout is the kind layout it was executed with.
func (sh *Shared) Layout() string { return sh.name }

// Page is the key of the page it was executed for.
func (sh *Shared) Page() string { return sh.key }

// ExecuteShared renders one page with the named layout, as Execute does,
// and also returns the page as a template for the same page of the other
// variant (FillShared), or nil when the layout or this page's values do
// not allow sharing.
func (s *Set) ExecuteShared(name string, data *Page) ([]byte, *Shared, *diag.Diagnostic) {
	return s.ExecuteSharedSpilled(name, data, nil)
}

// ExecuteSharedSpilled is ExecuteShared with the template written
// straight to f, never copied in memory, for FillShared to read back;
// with f nil, or where f refuses it, the template is kept in memory.
func (s *Set) ExecuteSharedSpilled(name string, data *Page, f SpillFile) ([]byte, *Shared, *diag.Diagnostic) {
	alone := func() ([]byte, *Shared, *diag.Diagnostic) {
		html, d := s.Execute(name, data)
		return html, nil, d
	}
	sl := s.sharing(name)
	if sl == nil {
		return alone()
	}
	w := walkView(data)
	if !w.ok {
		return alone()
	}
	st := &shareState{set: s, fields: len(w.values), values: w.values}
	for i := range w.slots {
		if !w.empty[i] {
			w.set(i, s.marker('s', i))
		}
	}
	w.watch(data, st)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	err := sl.shared.ExecuteTemplate(buf, s.entry(name), data)
	w.watch(data, nil)
	for i := range w.slots {
		if !w.empty[i] {
			w.set(i, w.values[i])
		}
	}
	if err != nil || st.broken || data.usedSite {
		// Site-wide data (Matrix, Dated, Gather) carries URLs of its own.
		data.usedSite, data.gathered = false, nil
		return alone()
	}
	sh := &Shared{name: name, key: data.Key, empty: w.empty, rels: st.rels, shape: w.shape}
	html, ok := s.fill(sh, buf.Bytes(), data, st.values)
	if !ok {
		return alone()
	}
	if f != nil {
		if at, err := f.Append(buf.Bytes()); err == nil {
			sh.spilled, sh.at, sh.n = f, at, buf.Len()
			return html, sh, nil
		}
	}
	sh.out = bytes.Clone(buf.Bytes())
	return html, sh, nil
}

// FillShared renders data's page from a template ExecuteShared made for
// the same page of the other variant. ok is false when data's view does
// not have the template's shape or values a slot cannot take: the caller
// then executes the layout (Execute).
func (s *Set) FillShared(sh *Shared, data *Page) (html []byte, ok bool) {
	w := walkView(data)
	if !w.ok || w.shape != sh.shape || len(w.empty) != len(sh.empty) {
		return nil, false
	}
	for i := range w.empty {
		if w.empty[i] != sh.empty[i] {
			return nil, false
		}
	}
	values := w.values
	for _, r := range sh.rels {
		arg := r.arg
		if r.slot >= 0 {
			arg = values[r.slot]
		}
		v := data.rel(arg)
		if !slotValue(v) {
			return nil, false
		}
		values = append(values, v)
	}
	tmpl := sh.out
	if sh.spilled != nil {
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.Reset()
		buf.Grow(sh.n)
		tmpl = buf.AvailableBuffer()[:sh.n]
		if _, err := sh.spilled.ReadAt(tmpl, sh.at); err != nil {
			return nil, false
		}
	}
	return s.fill(sh, tmpl, data, values)
}

// fill writes values into the slots of tmpl, sh's bytes, and the variant
// partials, executed on data, into their markers. The page is made at its
// exact size: a large site holds every page until it is written.
func (s *Set) fill(sh *Shared, tmpl []byte, data *Page, values []string) ([]byte, bool) {
	sl := s.sharing(sh.name)
	set := s.byName[sh.name]
	type piece struct {
		at, end int    // the token's bytes in tmpl
		value   string // what replaces it: a value,
		part    []byte // or a partial's output
	}
	var pieces []piece
	parts := make([][]byte, len(sl.partials))
	size := len(tmpl)
	nonce, fields := []byte(s.nonce), len(sh.empty)
	for at := 0; ; {
		i := bytes.Index(tmpl[at:], nonce)
		if i < 0 {
			break
		}
		i += at
		kind, n, tail, ok := tokenTail(tmpl[i+len(nonce):])
		if !ok {
			return nil, false
		}
		var pc piece
		switch kind {
		case 's':
			if n >= fields {
				return nil, false
			}
			pc.value = values[n]
		case 'r':
			if n >= len(sh.rels) {
				return nil, false
			}
			pc.value = values[fields+n]
		case 'p':
			if n >= len(parts) {
				return nil, false
			}
			if parts[n] == nil {
				buf := bufPool.Get().(*bytes.Buffer)
				buf.Reset()
				err := set.ExecuteTemplate(buf, sl.partials[n], data)
				parts[n] = bytes.Clone(buf.Bytes())
				bufPool.Put(buf)
				if err != nil {
					return nil, false
				}
			}
			pc.part = parts[n]
		default:
			return nil, false
		}
		pc.at, pc.end = i, i+len(nonce)+tail
		pieces = append(pieces, pc)
		size += len(pc.value) + len(pc.part) - (pc.end - pc.at)
		at = pc.end
	}
	out := make([]byte, 0, size)
	last := 0
	for _, p := range pieces {
		out = append(append(append(out, tmpl[last:p.at]...), p.value...), p.part...)
		last = p.end
	}
	return append(out, tmpl[last:]...), true
}

// viewWalk is what walkView found in a view: its slot fields in a fixed
// order with their values, and a hash of which pages its links point to.
type viewWalk struct {
	content *template.HTML // slot 0
	slots   []*string      // the others; slots[0] is nil
	linked  []*Link        // every link met
	values  []string
	empty   []bool
	shape   uint64
	ok      bool
}

// walkView finds data's slot fields (slotNames): the body, the home and
// search index URLs, the URL of every link (Parent, Prev, Next,
// Breadcrumbs, UsedBy, Pages, Sections and their Pages, Relations,
// Inverses) and every preview's href, in that order. The rest of the
// view comes from the same pages in both variants. TestWalkViewFields
// holds this list to the view's types.
func walkView(data *Page) viewWalk {
	w := viewWalk{ok: true, shape: fnvOffset, content: &data.Content}
	w.slots, w.values, w.empty = []*string{nil}, []string{string(data.Content)}, []bool{data.Content == ""}
	w.slot(&data.Home)
	if data.Site != nil {
		w.slot(&data.Site.SearchIndex)
	}
	w.link(data.Parent)
	w.link(data.Prev)
	w.link(data.Next)
	for _, ls := range [][]*Link{data.Breadcrumbs, data.UsedBy, data.Pages, data.Sections} {
		w.links(ls)
	}
	for _, rs := range [][]Relation{data.Relations, data.Inverses} {
		w.hashUint(uint64(len(rs)))
		for _, r := range rs {
			w.links(r.Pages)
		}
	}
	w.hashUint(uint64(len(data.Previews)))
	for i := range data.Previews {
		w.slot(&data.Previews[i].Href)
	}
	return w
}

func (w *viewWalk) links(ls []*Link) {
	w.hashUint(uint64(len(ls)))
	for _, l := range ls {
		w.link(l)
	}
}

func (w *viewWalk) link(l *Link) {
	if l == nil {
		w.hashUint(0)
		return
	}
	w.linked = append(w.linked, l)
	w.hashString(l.Key)
	w.slot(&l.URL)
	w.links(l.Pages)
}

func (w *viewWalk) slot(p *string) {
	w.slots = append(w.slots, p)
	w.values = append(w.values, *p)
	w.empty = append(w.empty, *p == "")
	if *p != "" && !slotValue(*p) {
		w.ok = false
	}
}

// watch has the page, its site settings and its links report to st
// when written out whole (view.go), or stop with a nil st.
func (w *viewWalk) watch(data *Page, st *shareState) {
	data.share = st
	if data.Site != nil {
		data.Site.share = st
	}
	for _, l := range w.linked {
		l.share = st
	}
}

// set writes v into slot i.
func (w *viewWalk) set(i int, v string) {
	if i == 0 {
		*w.content = template.HTML(v)
	} else {
		*w.slots[i] = v
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (w *viewWalk) hashString(s string) {
	for i := 0; i < len(s); i++ {
		w.shape ^= uint64(s[i])
		w.shape *= fnvPrime
	}
	w.hashUint(uint64(len(s)))
}

func (w *viewWalk) hashUint(u uint64) {
	w.shape ^= u
	w.shape *= fnvPrime
}
