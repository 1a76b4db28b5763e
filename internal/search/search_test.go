package search_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
)

var update = flag.Bool("update", false, "rewrite testdata/tiny-index.js")

func TestStem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Plurals.
		{"principles", "principl"}, {"principle", "principl"},
		{"policies", "policy"}, {"policy", "policy"},
		{"networks", "network"}, {"addresses", "address"}, {"address", "address"},
		{"boxes", "box"}, {"searches", "search"}, {"wishes", "wish"},
		{"status", "status"}, {"analysis", "analysis"}, {"class", "class"},
		{"days", "day"}, {"cases", "cas"}, {"case", "cas"},
		{"uses", "use"}, {"use", "use"},
		// -ly, with its guards.
		{"reportedly", "report"}, {"nearly", "near"}, {"widely", "wid"}, {"wide", "wid"},
		{"supply", "supply"}, {"supplies", "supply"}, {"apply", "apply"}, {"daily", "daily"},
		{"fully", "fully"}, {"early", "early"}, {"only", "only"},
		// -ed, -ing.
		{"reported", "report"}, {"reporting", "report"}, {"reports", "report"},
		{"alleged", "alleg"}, {"allege", "alleg"}, {"allegedly", "alleg"},
		{"applied", "apply"}, {"studied", "study"}, {"studies", "study"}, {"studying", "study"},
		{"agreed", "agre"}, {"agree", "agre"}, {"agreeing", "agre"},
		{"planned", "plan"}, {"planning", "plan"}, {"plan", "plan"},
		{"running", "run"}, {"runs", "run"}, {"called", "call"}, {"passed", "pass"},
		{"making", "mak"}, {"make", "mak"}, {"states", "stat"}, {"stated", "stat"}, {"state", "stat"},
		{"building", "build"}, {"string", "string"}, {"shed", "shed"}, {"need", "need"}, {"needed", "need"},
		{"spying", "spy"}, {"thing", "thing"},
		// Short words, numbers and other scripts stay whole.
		{"us", "us"}, {"bus", "bus"}, {"5g", "5g"}, {"2020", "2020"}, {"données", "données"}, {"数据", "数据"},
	} {
		if got := search.Stem(c.in); got != c.want {
			t.Errorf("Stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "term@start-end" for each word; "-" for a stop word
	}{
		{"The U.S. and China's law", "-@0-3 us@4-7 -@9-12 china@13-20 law@21-24"},
		{"U.S.A. e.g. J. Smith", "usa@0-5 eg@7-10 j@12-13 smith@15-20"},
		{"www.example.org", "www@0-3 exampl@4-11 org@12-15"},
		{"don't stop’s", "dont@0-5 stop@6-14"},
		{"Data-localization rules", "data@0-4 localization@5-17 rul@18-23"},
		{"Article 37 (2017)", "articl@0-7 37@8-10 2017@12-16"},
		{"全球数据 security", "全球@0-6 球数@3-9 数据@6-12 security@13-21"},
		{"数, 据。カメラ", "数@0-3 据@5-8 カメ@11-17 メラ@14-20"},
		{"5G网络", "5g@0-2 网络@2-8"},
		{"ΟΔΟΣ", "οδοσ@0-8"},
		{"café naïve", "café@0-5 naïve@6-12"},
		{"'quoted' it’s", "quot@1-7 -@9-15"},
		{"", ""},
	} {
		var got []string
		for _, tok := range search.Tokenize(c.in) {
			term := tok.Term
			if term == "" {
				term = "-"
			}
			got = append(got, fmt.Sprintf("%s@%d-%d", term, tok.Start, tok.End))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("Tokenize(%q) = %s, want %s", c.in, g, c.want)
		}
	}
	long := strings.Repeat("x", search.MaxTermLen+1)
	if search.Term(long) != "" || search.Term(long[:search.MaxTermLen]) == "" {
		t.Errorf("terms longer than MaxTermLen (%d) must be dropped, and only those", search.MaxTermLen)
	}
}

// TestBodyText: what the index reads of a body (markdown.Output.Text):
// its text split at headings of level 2 and 3, inline code kept, code
// blocks and footnote numbers left out, a note's text once (from the list
// of notes, not its sidenote), cells and lines apart.
func TestBodyText(t *testing.T) {
	src := "Intro with *emphasis* and `inline_code`.\n\n" +
		"## What *happened*?\n\nSome text here[^1] &amp; more.\n\n```go\nsecret_listing\n```\n\n" +
		"| a | b |\n|---|---|\n| cell | other |\n\n" +
		"### The U.S. role\n\nUnder it, a\\\nb.\n\n#### Deeper\n\nStill the U.S. part.\n\n[^1]: A quokka note.\n"
	out := markdown.New(markdown.Options{}).Render([]byte(src), markdown.Page{File: "x.md", BodyLine: 1})
	want := []markdown.Part{
		{Text: "Intro with emphasis and inline_code."},
		{ID: "what-happened", Heading: "What happened?", Text: "Some text here & more. a b cell other"},
		{ID: "the-u-s-role", Heading: "The U.S. role", Text: "Under it, a b. Deeper Still the U.S. part."},
		{ID: "fn-title", Heading: "Notes", Text: "A quokka note."},
	}
	if !slices.Equal(out.Text, want) {
		t.Errorf("text:\n got %q\nwant %q\n(HTML %s)", out.Text, want, out.HTML)
	}
	if !strings.Contains(string(out.HTML), `class="sidenote"`) {
		t.Errorf("the note is not a sidenote, so its text is in the HTML once only:\n%s", out.HTML)
	}
}

func TestSnippet(t *testing.T) {
	short := "A short text."
	if search.Snippet(short) != short {
		t.Errorf("Snippet(%q) = %q", short, search.Snippet(short))
	}
	long := strings.Repeat("word ", 60)
	s := search.Snippet(long)
	if n := len([]rune(s)); n > search.SnippetLen+1 || !strings.HasSuffix(s, "word…") {
		t.Errorf("Snippet of a long text = %q (%d characters), want at most %d, cut after a word", s, n, search.SnippetLen+1)
	}
	wide := strings.Repeat("数据", search.SnippetLen) // no spaces to cut at
	if n := len([]rune(search.Snippet(wide))); n != search.SnippetLen+1 {
		t.Errorf("Snippet of unbroken text has %d characters, want %d", n, search.SnippetLen+1)
	}
}

// TestSlug: the ids the index leaves out are those the client recomputes,
// which must be the ids gloss gives headings.
func TestSlug(t *testing.T) {
	for _, text := range []string{"What happened", "The U.S. role", "Article 37 and point 4", "A/B testing_now",
		"  spaced  out  ", "Why? Because!", "x-y--z", "Under_score.dot"} {
		if got, want := search.Slug(text), markdown.Slugify(text); got != want {
			t.Errorf("Slug(%q) = %q, markdown.Slugify = %q", text, got, want)
		}
	}
	for _, text := range []string{"Données", "数据", "???"} {
		if got := search.Slug(text); got != "" {
			t.Errorf("Slug(%q) = %q, want \"\" (the id is kept in the index)", text, got)
		}
	}
}

// tinySite is a small site's pages in reading order.
func tinySite() []search.Doc {
	return []search.Doc{
		{URL: "", Title: "Data security explained", Summary: "A guide to the initiative.",
			Parts: search.HTMLParts(`<p>Read the principles and the cases.</p>`)},
		{URL: "principles/", Title: "The principles",
			Parts: search.HTMLParts(`<p>Eight points about surveillance and data.</p>`)},
		{URL: "principles/first/", Title: "Supply chain security", Section: "The principles",
			Summary: "States should keep supply chains open.",
			Parts: search.HTMLParts(`<p>The first point.</p><h2 id="in-plain-words">In plain words</h2><p>No backdoors in products.</p>` +
				`<h2 id="cases">Cases</h2><p>Reported surveillance of carriers was alleged.</p>`)},
		{URL: "principles/second/", Title: "Critical infrastructure", Section: "The principles",
			Summary: "No attacks on infrastructure.",
			Parts: search.HTMLParts(`<h2 id="what-it-says">What it says</h2><p>Infrastructure matters.</p>` +
				`<h2 id="surveillance">Surveillance</h2><p>Mass surveillance is opposed. Surveillance, surveillance.</p>`)},
		{URL: "counterexamples/prism/", Title: "PRISM and mass surveillance", Section: "Counter-examples",
			Summary: "The U.S. programme reported in 2013.",
			Parts:   search.HTMLParts(`<p>The "PRISM" programme — collecting data.</p><h3 id="x">Données</h3><p>Texte français.</p>`)},
	}
}

func tinyIndex(t *testing.T) (*searchtest.Index, []byte) {
	t.Helper()
	var pages []*search.Page
	for _, d := range tinySite() {
		pages = append(pages, search.Analyse(d))
	}
	data, _ := search.Build(pages)
	ix, err := searchtest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return ix, data
}

func titles(ix *searchtest.Index, rs searchtest.Results) []string {
	var out []string
	for _, r := range rs.Results {
		row := ix.Row(r.Page)
		s := row.Title
		if r.Part > 0 {
			s += "#" + row.Parts[r.Part].ID
		}
		out = append(out, s)
	}
	return out
}

func runQuery(t *testing.T, ix *searchtest.Index, q string) searchtest.Results {
	t.Helper()
	rs, err := ix.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestRanking(t *testing.T) {
	ix, _ := tinyIndex(t)
	for _, c := range []struct {
		q    string
		want []string
	}{
		// A title hit beats headings, which beat summaries, which beat the body.
		// Equal scores keep reading order.
		{"surveillance ", []string{"PRISM and mass surveillance", "Critical infrastructure#surveillance",
			"The principles", "Supply chain security#cases"}},
		{"infrastructure ", []string{"Critical infrastructure"}},
		{"supply ", []string{"Supply chain security"}},
		// Every word must match.
		{"surveillance carriers ", []string{"Supply chain security#cases"}},
		{"surveillance nowhere ", nil},
		// Stemming: plural and inflected forms meet.
		{"backdoor ", []string{"Supply chain security#in-plain-words"}},
		{"principle ", []string{"The principles", "Data security explained"}},
		{"allegedly reports ", []string{"Supply chain security#cases"}},
		// Stop words are ignored, abbreviations joined.
		{"the US ", []string{"PRISM and mass surveillance"}},
		// Headings in other scripts keep their ids.
		{"données ", []string{"PRISM and mass surveillance#x"}},
	} {
		if got := titles(ix, runQuery(t, ix, c.q)); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestPrefix(t *testing.T) {
	ix, _ := tinyIndex(t)
	// The word being typed (nothing after it) matches as a prefix...
	if got := titles(ix, runQuery(t, ix, "surv")); len(got) != 4 {
		t.Errorf("search \"surv\" = %q, want the four surveillance pages", got)
	}
	if got := runQuery(t, ix, "infra"); !slices.Contains(got.Matched, "infrastructur") {
		t.Errorf("search \"infra\" matched %q, want infrastructur", got.Matched)
	}
	// ... and a finished word does not.
	if got := titles(ix, runQuery(t, ix, "surv ")); got != nil {
		t.Errorf("search \"surv \" = %q, want nothing", got)
	}
	// Only the last word is a prefix.
	if got := titles(ix, runQuery(t, ix, "surv carr")); got != nil {
		t.Errorf("search \"surv carr\" = %q, want nothing", got)
	}
	if got := titles(ix, runQuery(t, ix, "surveillance carr")); !slices.Equal(got, []string{"Supply chain security#cases"}) {
		t.Errorf("search \"surveillance carr\" = %q", got)
	}
	// A prefix match ranks below an exact one of the same kind.
	exact, prefix := runQuery(t, ix, "data "), runQuery(t, ix, "dat")
	if exact.Total == 0 || prefix.Results[0].Score >= exact.Results[0].Score {
		t.Errorf("prefix score %v, exact %v: want the prefix lower", prefix.Results, exact.Results)
	}
}

func TestMarks(t *testing.T) {
	ix, _ := tinyIndex(t)
	rs := runQuery(t, ix, "reported carriers surveil")
	row := ix.Row(rs.Results[0].Page)
	snippet := row.Parts[rs.Results[0].Part].Snippet
	var marked []string
	for _, tok := range searchtest.Marks(snippet, rs.Matched) {
		marked = append(marked, snippet[tok.Start:tok.End])
	}
	if want := []string{"Reported", "surveillance", "carriers"}; !slices.Equal(marked, want) {
		t.Errorf("marks in %q = %q, want %q (matched terms %q)", snippet, marked, want, rs.Matched)
	}
}

func TestRows(t *testing.T) {
	ix, _ := tinyIndex(t)
	row := ix.Row(2)
	want := searchtest.Row{URL: "principles/first/", Title: "Supply chain security", Section: "The principles",
		Summary: "States should keep supply chains open.", Intro: "The first point.",
		Parts: []searchtest.RowPart{{Snippet: "The first point."}, {ID: "in-plain-words", Heading: "In plain words", Snippet: "No backdoors in products."},
			{ID: "cases", Heading: "Cases", Snippet: "Reported surveillance of carriers was alleged."}}}
	if fmt.Sprint(row) != fmt.Sprint(want) {
		t.Errorf("row 2:\n got %+v\nwant %+v", row, want)
	}
	if r := ix.Row(4); r.Summary != "The U.S. programme reported in 2013." || !strings.Contains(r.Intro, `"PRISM"`) {
		t.Errorf("row 4 = %+v", r)
	}
	// Every posting decodes and names a page.
	for i := range ix.Terms() {
		ps, err := ix.Postings(i)
		if err != nil || len(ps) == 0 {
			t.Fatalf("term %q: %v %v", ix.Terms()[i], ps, err)
		}
		for _, p := range ps {
			if p.Page < 0 || p.Page >= len(ix.Rows) || p.Flags == 0 {
				t.Fatalf("term %q: bad posting %+v", ix.Terms()[i], p)
			}
		}
	}
	if !slices.IsSortedFunc(ix.Terms(), search.CompareUTF16) {
		t.Error("terms are not sorted")
	}
}

// TestGoldenIndex pins the whole index of a tiny site; rewrite it with
// go test ./internal/search -update when a change is intended.
func TestGoldenIndex(t *testing.T) {
	_, got := tinyIndex(t)
	const file = "testdata/tiny-index.js"
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the index differs from %s (run with -update if intended):\n%s", file, got)
	}
}

func TestDeterministic(t *testing.T) {
	_, first := tinyIndex(t)
	for range 20 { // map order differs from run to run
		if _, again := tinyIndex(t); !bytes.Equal(first, again) {
			t.Fatal("two builds of the same pages differ")
		}
	}
	if a, b := search.Name(first), search.Name(bytes.Clone(first)); a != b || !strings.HasPrefix(a, "search/index.") || len(a) != len("search/index.12345678.js") {
		t.Errorf("Name = %q, %q", a, b)
	}
}

// TestEscaping: text that means something in a script or JSON string
// comes back as written (tabs and newlines as spaces).
func TestEscaping(t *testing.T) {
	title := "Quote \" backslash \\ </script> \u2028 line\ttab\nnewline \x01 \xff"
	data, _ := search.Build([]*search.Page{search.Analyse(search.Doc{URL: "a b/", Title: title})})
	if bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\n\"")) {
		t.Errorf("raw line separators in %q", data)
	}
	ix, err := searchtest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	want := "Quote \" backslash \\ </script> \u2028 line tab newline \x01 \uFFFD"
	if got := ix.Row(0).Title; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

func TestBudget(t *testing.T) {
	for _, c := range []struct {
		st   search.Stats
		want string
	}{
		{search.Stats{Pages: 40, Size: 60_000, Text: 110_000}, ""}, // this explainer's shape: half its text, but small
		{search.Stats{Pages: 40, Size: 120_000, Text: 1_000_000}, "the search index is 120 KB, over the 100 KB budget for a site of under 200 pages"},
		{search.Stats{Pages: 10_000, Size: 9_000_000, Text: 40_000_000}, ""},
		{search.Stats{Pages: 10_000, Size: 12_000_000, Text: 40_000_000}, "the search index is 12000 KB, 30% of the 40000 KB of text it indexes, over the 25% budget"},
		{search.Stats{Pages: 150, Size: 200_000, Text: 300_000}, "the search index is 200 KB, over the 100 KB budget for a site of under 200 pages, and 67% of the 300 KB of text it indexes, over the 25% budget"},
	} {
		if got := search.Budget(c.st); got != c.want {
			t.Errorf("Budget(%+v) = %q, want %q", c.st, got, c.want)
		}
	}
}

// TestAssemblerOtherStyle: the pages of a build in the other link style
// (Page.At) are written with the postings of the first build, not encoded
// again, and into the very bytes of a fresh Build; an edit after that,
// with the lists let go, is built anew.
func TestAssemblerOtherStyle(t *testing.T) {
	var pages []*search.Page
	for i := range 50 {
		pages = append(pages, search.Analyse(search.Doc{URL: fmt.Sprintf("p%d/", i), Title: fmt.Sprintf("Page %d", i),
			Section: []string{"", "Principles"}[i%2], Summary: fmt.Sprintf("summary of data point %d", i)}))
	}
	var a search.Assembler
	a.Build(pages)
	a.KeepPostings()
	first := a.FirstPostings()
	other := make([]*search.Page, len(pages))
	for i, p := range pages {
		other[i] = p.At(fmt.Sprintf("p%d/index.html", i))
	}
	for step, edit := range []func(){func() {}, func() {
		other[7] = search.Analyse(search.Doc{URL: "p7/index.html", Title: "Edited", Section: "Principles"})
	}} {
		edit()
		got, gst := a.Build(other)
		want, wst := search.Build(other)
		if !bytes.Equal(got, want) || gst != wst {
			t.Fatalf("step %d: the index differs from a fresh build\n got %+v %s\nwant %+v %s", step, gst, got, wst, want)
		}
		if step == 0 && !bytes.Contains(got, []byte("\"p3/index.html\tPage 3")) {
			t.Errorf("the rows do not have the second build's URLs: %s", got)
		}
		if step == 0 && a.FirstPostings() != first {
			t.Error("the postings were encoded again for pages that differ only in their URLs")
		}
	}
}

// TestAssemblerMatchesBuild: an Assembler patched edit after edit writes
// the very bytes a fresh Build of the same pages does, though it copies
// the rows of unchanged pages from the index before.
func TestAssemblerMatchesBuild(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("data security network cloud cable backdoor supply chain law court carrier store apps " +
		"surveillance sovereignty privacy export control treaty zebra")
	sections := []string{"", "Principles", "Cases", "Glossary"}
	doc := func(i int) search.Doc {
		text := func(n int) string {
			w := make([]string, n)
			for k := range w {
				w[k] = words[rnd.IntN(len(words))]
				if rnd.IntN(40) == 0 {
					w[k] = fmt.Sprintf("rare%d", rnd.IntN(1000)) // terms come and go
				}
			}
			return strings.Join(w, " ")
		}
		return search.Doc{URL: fmt.Sprintf("p%d/", i), Title: text(3), Section: sections[rnd.IntN(len(sections))], Summary: text(6),
			Parts: search.HTMLParts("<p>" + text(10) + "</p><h2 id=\"h\">" + text(2) + "</h2><p>" + text(20) + "</p>")}
	}
	var pages []*search.Page
	for i := range 60 {
		pages = append(pages, search.Analyse(doc(i)))
	}
	var a search.Assembler
	for step := range 300 {
		switch n := rnd.IntN(20); {
		case n == 0: // a page added
			pages = append(pages, search.Analyse(doc(len(pages))))
		case n == 1 && len(pages) > 1: // a page removed
			i := rnd.IntN(len(pages))
			pages = slices.Delete(pages, i, i+1)
		default: // one to three pages edited (sometimes into another section)
			for range 1 + rnd.IntN(3) {
				i := rnd.IntN(len(pages))
				d := doc(i)
				if rnd.IntN(4) > 0 {
					d.Section = search.SectionOf(pages[i])
				}
				pages[i] = search.Analyse(d)
			}
		}
		got, gst := a.Build(pages)
		want, wst := search.Build(pages)
		if !bytes.Equal(got, want) || gst != wst {
			t.Fatalf("step %d: the assembled index differs from a fresh build\n got %+v %s\nwant %+v %s", step, gst, got, wst, want)
		}
	}
	if a.RowsCopied() < 300*len(pages)/2 {
		t.Errorf("%d rows copied from the last index in 300 builds of about %d pages, want most", a.RowsCopied(), len(pages))
	}
}
