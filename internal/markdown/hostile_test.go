package markdown

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// Hostile shapes: input that once took time quadratic in its size. The dev
// server renders on every save, so one such page froze the author too.
// Each benchmark runs its shape at n and 4n: a regression shows as the
// second taking far more than four times the first.
var hostile = []struct {
	name  string
	shape func(n int) string
}{
	// Every heading the same text: the suffix search restarted at 1.
	{"Headings", func(n int) string { return strings.Repeat("# a\n\n", n) }},
	// "[@a; " never closed: each "[" read the rest of the line.
	{"OpenCitations", func(n int) string { return strings.Repeat("[@a; ", n) }},
	// The same closed once at the end: each "[" split all the rest.
	{"ClosedCitations", func(n int) string { return strings.Repeat("[@a; ", n) + "]" }},
	// Unknown citations on one line: each diagnostic counted characters
	// from the line's start.
	{"CitationErrors", func(n int) string { return strings.Repeat("[@zz] ", n) }},
	{"OpenTerms", func(n int) string { return strings.Repeat("[[a ", n) + "]]" }},
	{"OpenNotes", func(n int) string { return strings.Repeat("[^a ", n) + "]" }},
	// A note per line of one paragraph, each defined: goldmark's
	// reference parser walked every definition and copied each label
	// by a search from the paragraph's end, and its transformer sorted
	// the notes by insertion.
	{"Notes", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "Text[^n%d].\n", i)
		}
		for i := range n {
			fmt.Fprintf(&b, "\n[^n%d]: Note.\n", i)
		}
		return b.String()
	}},
	// ::: containers nested as deep as the author likes: every line is
	// checked against each container open around it.
	{"NestedLang", func(n int) string { return strings.Repeat("::: {lang=en}\n", n) + strings.Repeat("a\n:::\n", n) }},
	{"UnclosedLang", func(n int) string { return strings.Repeat("::: {lang=en}\n> a\n", n) }},
}

func BenchmarkHostile(b *testing.B) {
	r := New(Options{})
	for _, h := range hostile {
		for _, n := range []int{5_000, 20_000} {
			src := []byte(h.shape(n))
			b.Run(fmt.Sprintf("%s/%d", h.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for range b.N {
					r.Render(src, Page{File: "content/p.md", BodyLine: 1, Linker: testLinker{}})
				}
			})
		}
	}
}

// TestRepeatedHeadingsTryEachIDOnce counts the IDs looked up rather than
// timing: n headings with one text must cost about n lookups, not n²/2,
// even when the author has taken the first suffixes by hand.
func TestRepeatedHeadingsTryEachIDOnce(t *testing.T) {
	const n = 1000
	h := newHeadingIDs()
	for i := 1; i <= n/2; i++ {
		h.Put([]byte(fmt.Sprintf("a-%d", i)))
	}
	for i := range n {
		id := h.generate("A")
		want := "a"
		if i > 0 {
			want = fmt.Sprintf("a-%d", n/2+i)
		}
		if id != want {
			t.Fatalf("heading %d: id %q, want %q", i, id, want)
		}
	}
	if h.tries > 2*n {
		t.Errorf("%d headings looked up %d IDs, want at most %d", n, h.tries, 2*n)
	}
}

// TestHeadingIDsAsBefore checks that remembering the next suffix changes
// no ID: a mix of texts, suffix-like texts and reserved IDs gets what the
// search from suffix 1 gave.
func TestHeadingIDsAsBefore(t *testing.T) {
	texts := []string{"a", "A", "a 1", "a-1", "a-2", "a-1-1", "b", "", "section", "section 1", "a", "a"}
	naive := map[string]bool{}
	h := newHeadingIDs()
	for i := range 500 {
		text := texts[(i*7+i/3)%len(texts)]
		if i%11 == 0 { // an ID written by hand
			id := Slugify(text) + "-" + fmt.Sprint(i%4)
			naive[id] = true
			h.Put([]byte(id))
			continue
		}
		base := Slugify(text)
		if base == "" {
			base = "section"
		}
		want := base
		for k := 1; naive[want]; k++ {
			want = base + "-" + fmt.Sprint(k)
		}
		naive[want] = true
		if got := h.generate(text); got != want {
			t.Fatalf("step %d, %q: id %q, want %q", i, text, got, want)
		}
	}
}

// TestPositionInAnyOrder checks that the column cache gives the columns
// counted from each line's start, whatever order places are asked in,
// through multi-byte and invalid UTF-8.
func TestPositionInAnyOrder(t *testing.T) {
	src := []byte("ab é\xe2\x82 x\xffy 数据\nsecond é line\n\xe2\x82\xacz\n")
	st := &state{page: Page{BodyLine: 3}, src: src}
	order := make([]int, 0, 3*(len(src)+1))
	for off := range len(src) + 1 {
		order = append(order, off)
	}
	for off := len(src); off >= 0; off-- {
		order = append(order, off)
	}
	for off := range len(src) + 1 {
		order = append(order, (off*5)%(len(src)+1))
	}
	for _, off := range order {
		start := strings.LastIndexByte(string(src[:off]), '\n') + 1
		wantLine := 3 + strings.Count(string(src[:off]), "\n")
		wantCol := 1 + utf8.RuneCount(src[start:off])
		if line, col := st.position(off); line != wantLine || col != wantCol {
			t.Fatalf("offset %d: %d:%d, want %d:%d", off, line, col, wantLine, wantCol)
		}
	}
}

// TestBracketRuns checks that stopping at the next bracket keeps what the
// syntaxes mean: a failed "[@", "[[" or "[^" leaves the one after it to
// parse.
func TestBracketRuns(t *testing.T) {
	tests := []struct{ src, html string }{
		{"[@ap; [@ap]\n", `<p>[@ap; <span class="cite">[<a href="#src-ap" role="doc-biblioref">1</a>]</span></p>`},
		{"[@ap, p. [4]]\n", `<p>[@ap, p. [4]]</p>`},
		{"[[a [[data]]\n", `<p>[[a <a class="term" href="../glossary/data/">data</a></p>`},
		{"[[data] x]]\n", `<p>[[data] x]]</p>`},
		{"[@ap] [@ap](x) [[data]]\n", `<p><span class="cite">[<a href="#src-ap" role="doc-biblioref">1</a>]</span> <a href="x">@ap</a> <a class="term" href="../glossary/data/">data</a></p>`},
	}
	for _, tt := range tests {
		out := render(t, tt.src, 1)
		if got := strings.TrimSpace(string(out.HTML)); got != tt.html {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.html)
		}
	}
	out := render(t, "[^a [^b] [^c d]\n", 1)
	if got := diagStrings(out); len(got) != 1 || !strings.Contains(got[0], "1:5: error: footnote [^b] has no definition") {
		t.Errorf("diags %q, want one for [^b] at 1:5", got)
	}
}
