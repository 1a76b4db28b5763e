package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// FirstQueryBudget is the longest a reader may wait, once the index has
// loaded, for the results of the first query (BenchmarkSearchFirstQuery).
const FirstQueryBudget = 200 * time.Millisecond

// writeOutput writes the files of a build whose paths pass keep into dir.
func writeOutput(tb testing.TB, res *build.Result, dir string, keep func(string) bool) {
	tb.Helper()
	for p, data := range res.Files {
		if keep != nil && !keep(p) {
			continue
		}
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(f, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// indexOf returns the search index of a build, parsed.
func indexOf(tb testing.TB, res *build.Result) (string, *searchtest.Index) {
	tb.Helper()
	for p, data := range res.Files {
		if strings.HasPrefix(p, "search/index.") {
			ix, err := searchtest.Parse(data)
			if err != nil {
				tb.Fatal(err)
			}
			return p, ix
		}
	}
	tb.Fatal("the build has no search index")
	return "", nil
}

type shownResult struct {
	Href  string   `json:"href"`
	Title string   `json:"title"`
	Marks []string `json:"marks"`
}

// TestSearchInChromium builds this repository's site for disk (the
// offline style), opens a page two folders deep from file:// in headless
// Chromium with the network off, and uses the search box as a reader
// would: "/" focuses it, typing a word's beginning lists results with the
// matched words marked (the same pages, in the same order, as the Go
// reference search), the status announces how many, the arrows choose a
// result, which shows as chosen in forced colours too, ArrowDown and Enter
// open the first, Escape clears and closes, Tab leaves the box and closes
// the list, however long it is. The query side's tokenizer,
// stemmer and ranking are compared with Go's on the site's own text. With
// JavaScript off, the search box is not shown.
func TestSearchInChromium(t *testing.T) {
	res, err := build.Build(context.Background(), theme.Overlay(os.DirFS("../..")), build.Options{Style: graph.Files})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Fatal(res.Diags)
	}
	dir := t.TempDir()
	writeOutput(t, res, dir, nil)
	_, ix := indexOf(t, res)
	fileURL := func(p string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))}).String()
	}

	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	eval := func(expr string, out any) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		var err error
		switch out := out.(type) {
		case *string:
			*out, err = chromedp.Run(sctx, chromedp.Evaluate[string](expr))
		case *bool:
			*out, err = chromedp.Run(sctx, chromedp.Evaluate[bool](expr))
		case *int:
			*out, err = chromedp.Run(sctx, chromedp.Evaluate[int](expr))
		case *[]shownResult:
			*out, err = chromedp.Run(sctx, chromedp.Evaluate[[]shownResult](expr))
		case *[]string:
			*out, err = chromedp.Run(sctx, chromedp.Evaluate[[]string](expr))
		default:
			t.Fatalf("eval: unsupported %T", out)
		}
		if err != nil {
			t.Fatalf("evaluating %s: %v\n%s", expr, err, rec.report())
		}
	}
	waitFor := func(what, predicate string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		if _, err := chromedp.Run(sctx, chromedp.Poll[bool](predicate, chromedp.WithPollingTimeout(stepTimeout))); err != nil {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({value: document.getElementById("_search-input").value,
				focus: document.activeElement && document.activeElement.id, shows: document.getElementById("_search-results").dataset.query,
				status: document.getElementById("_search-status").textContent, loaded: !!window.glossSearchIndex})`))
			t.Fatalf("%s: %v (search box: %s)\n%s", what, err, state, rec.report())
		}
	}
	shown := func() []shownResult {
		var rs []shownResult
		eval(`[...document.querySelectorAll("#_search-results li a")].map(a => ({
			href: a.href, title: a.querySelector(".search-title").textContent,
			marks: [...a.querySelectorAll("mark")].map(m => m.textContent)}))`, &rs)
		return rs
	}

	const start = "principles/second/index.html"
	open("opening "+start+" from disk", chromedp.Navigate(fileURL(start)))
	var hidden bool
	if eval(`document.getElementById("_search").hidden`, &hidden); hidden {
		t.Fatal("the search form is still hidden with JavaScript on")
	}
	var live string
	if eval(`document.getElementById("_search-status").getAttribute("aria-live")`, &live); live != "polite" {
		t.Errorf("status aria-live=%q, want polite", live)
	}

	// "/" focuses the search box; typing the start of a word lists results.
	do("pressing /", slash)
	var focused string
	if eval(`document.activeElement.id`, &focused); focused != "_search-input" {
		t.Fatalf("after \"/\" the focus is on %q, want the search box", focused)
	}
	const query = "surveil"
	do("typing "+query, chromedp.KeyEvent(query))
	waitFor("results for "+query, `document.getElementById("_search-results").dataset.query === "`+query+`"`)

	want, err := ix.Search(query)
	if err != nil {
		t.Fatal(err)
	}
	got := shown()
	withMarks := 0
	if len(got) != len(want.Results) || len(got) == 0 {
		t.Fatalf("%q: %d results shown, the Go reference finds %d", query, len(got), len(want.Results))
	}
	for i, r := range want.Results {
		row := ix.Row(r.Page)
		href := fileURL(row.URL)
		if r.Part > 0 {
			href += "#" + row.Parts[r.Part].ID
		}
		if got[i].Href != href || got[i].Title != row.Title {
			t.Errorf("%q: result %d is %s (%q), want %s (%q)", query, i, got[i].Href, got[i].Title, href, row.Title)
		}
		// The words marked are those of the title, heading and snippet
		// whose terms matched, in order.
		var marks []string
		texts := []string{row.Title, row.Parts[r.Part].Heading, r.Snippet}
		for _, text := range texts {
			for _, tok := range searchtest.Marks(text, want.Matched) {
				marks = append(marks, text[tok.Start:tok.End])
			}
		}
		if !slices.Equal(got[i].Marks, marks) {
			t.Errorf("%q: result %d (%s) marks %q, want %q", query, i, got[i].Title, got[i].Marks, marks)
		}
		if r.TitleHit && (len(got[i].Marks) == 0 || !strings.Contains(row.Title, got[i].Marks[0])) {
			t.Errorf("%q: result %d (%s) matched its title but does not mark it", query, i, got[i].Title)
		}
		for _, m := range got[i].Marks {
			if !strings.HasPrefix(strings.ToLower(m), "surveil") {
				t.Errorf("%q: result %d marks %q", query, i, m)
			}
		}
		if len(marks) > 0 {
			withMarks++
		}
	}
	t.Logf("%q: %d of %d results show a matched word (the others match deeper in a section than its snippet)", query, withMarks, len(want.Results))
	var status, expanded string
	eval(`document.getElementById("_search-status").textContent`, &status)
	eval(`document.getElementById("_search-input").getAttribute("aria-expanded")`, &expanded)
	if wantStatus := statusText(want.Total, len(want.Results)); status != wantStatus || expanded != "true" {
		t.Errorf("status %q, aria-expanded %q; want %q and true", status, expanded, wantStatus)
	}

	// The arrows move through the results; Enter opens the active one.
	var active, selected string
	for _, step := range []struct {
		key, want string
	}{{kb.ArrowDown, "_search-r0"}, {kb.ArrowDown, "_search-r1"}, {kb.ArrowUp, "_search-r0"}} {
		do("pressing an arrow", chromedp.KeyEvent(step.key))
		eval(`document.getElementById("_search-input").getAttribute("aria-activedescendant")`, &active)
		eval(`document.getElementById("`+step.want+`").getAttribute("aria-selected") + " " +
			document.querySelectorAll("#_search-results [aria-selected=true]").length`, &selected)
		if active != step.want || selected != "true 1" {
			t.Errorf("after arrows to %s: aria-activedescendant %q, aria-selected and count %q", step.want, active, selected)
		}
	}
	// The chosen result looks unlike the others, in the page's colours and
	// in forced colours (a high-contrast theme), which drop backgrounds and
	// shadows for the system's few colours.
	for _, forced := range []string{"active", "none"} {
		do("forced colours "+forced, emulateMedia("", "forced-colors", forced))
		var looks []string
		// The background as seen: the first one not transparent, from the
		// result up (a forced transparent one is rgba(0, 0, 0, 0), an
		// opaque one the canvas's colour, and they look the same).
		eval(`["_search-r0", "_search-r1"].map(id => { const a = document.getElementById(id), s = getComputedStyle(a);
			let bg = "";
			for (let e = a; e && !bg; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!/^rgba\(.*, 0\)$|^transparent$/.test(c)) bg = c; }
			return [bg, s.backgroundImage, s.boxShadow, s.outlineStyle === "none" ? "no outline" : s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
				s.borderLeftStyle === "none" ? "no border" : s.borderLeftStyle + " " + s.borderLeftWidth + " " + s.borderLeftColor].join(", "); })`, &looks)
		if len(looks) != 2 || looks[0] == looks[1] {
			t.Errorf("forced colours %s: the chosen result looks as the next one does (%q): a reader cannot see which the arrows chose", forced, looks)
		}
	}
	open("Enter on the first result", chromedp.KeyEvent(kb.Enter))
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	loc, err := chromedp.Run(sctx, chromedp.Location())
	cancel()
	if err != nil || loc != got[0].Href {
		t.Errorf("Enter opened %s (%v), want %s", loc, err, got[0].Href)
	}

	// On the page opened, Escape clears the box and closes the list.
	do("typing again", slash, chromedp.KeyEvent("data"))
	waitFor("results for data", `document.getElementById("_search-results").dataset.query === "data"`)
	do("Escape", chromedp.KeyEvent(kb.Escape))
	var value string
	var listHidden bool
	eval(`document.getElementById("_search-input").value`, &value)
	eval(`document.getElementById("_search-results").hidden`, &listHidden)
	eval(`document.getElementById("_search-input").getAttribute("aria-expanded")`, &expanded)
	eval(`document.getElementById("_search-status").textContent`, &status)
	if value != "" || !listHidden || expanded != "false" || status != "" {
		t.Errorf("after Escape: value %q, list hidden %v, aria-expanded %q, status %q", value, listHidden, expanded, status)
	}

	// A click on a result opens it.
	do("typing once more", slash, chromedp.KeyEvent("cloud act"))
	waitFor("results for cloud act", `document.getElementById("_search-results").dataset.query === "cloud act"`)
	var clicked string
	eval(`document.querySelector("a#_search-r0").href`, &clicked)
	open("clicking the first result", chromedp.Click(chromedp.CSS("a#_search-r0")))
	sctx, cancel = context.WithTimeout(ctx, stepTimeout)
	loc, err = chromedp.Run(sctx, chromedp.Location())
	cancel()
	if err != nil || loc != clicked {
		t.Errorf("the click opened %s (%v), want %s", loc, err, clicked)
	}

	// Tab leaves the box for what follows it and closes the list, also
	// when the list is long enough to scroll (Chromium stops Tab at a
	// scrolling box that holds nothing focusable, and the options are
	// not: the box keeps the focus while the arrows choose).
	do("typing a query with many results", slash, chromedp.KeyEvent("data"))
	waitFor("results for data", `document.getElementById("_search-results").dataset.query === "data"`)
	var scrolls bool
	if eval(`(l => l.scrollHeight > l.clientHeight)(document.getElementById("_search-results"))`, &scrolls); !scrolls {
		t.Errorf("the list of results for data does not scroll: Tab is tested with a list that does")
	}
	do("Tab", chromedp.KeyEvent(kb.Tab))
	var after string
	eval(`(() => { const a = document.activeElement, f = document.getElementById("_search");
		return (f.contains(a) ? "in the search form: " + a.tagName.toLowerCase() + "#" + a.id : "out") +
			", list hidden " + document.getElementById("_search-results").hidden +
			", aria-expanded " + document.getElementById("_search-input").getAttribute("aria-expanded"); })()`, &after)
	if want := "out, list hidden true, aria-expanded false"; after != want {
		t.Errorf("Tab from the search box with results shown: %s; want the focus out of the form and the list closed (%s)", after, want)
	}
	do("back to the box, cleared", slash, chromedp.KeyEvent(kb.Escape))

	// Chinese, which has no spaces: the query is split into pairs of
	// characters as the index is, and lists what the Go search lists.
	// Pages that quote 数据安全 (the points, in Chinese) are found.
	const zh = "数据安全"
	do("typing "+zh, slash, chromedp.KeyEvent(zh))
	waitFor("results for "+zh, `document.getElementById("_search-results").dataset.query === "`+zh+`"`)
	zhWant, err := ix.Search(zh)
	if err != nil {
		t.Fatal(err)
	}
	zhGot := shown()
	if len(zhGot) != len(zhWant.Results) {
		t.Errorf("%q: %d results shown, the Go reference finds %d", zh, len(zhGot), len(zhWant.Results))
	}
	for i := range min(len(zhGot), len(zhWant.Results)) {
		if row := ix.Row(zhWant.Results[i].Page); zhGot[i].Title != row.Title {
			t.Errorf("%q: result %d is %q, want %q", zh, i, zhGot[i].Title, row.Title)
		}
	}
	// Every point that holds the words, in its text or in its sources, is
	// found. (The print-all page holds them too, in the bodies it gathers,
	// which the index has on their own pages.)
	found := map[int]bool{}
	for _, r := range zhWant.Results {
		found[r.Page] = true
	}
	quoting := 0
	for i := range ix.Rows {
		file := ix.Row(i).URL
		if !strings.HasPrefix(file, "principles/") || !strings.Contains(string(res.Files[file]), zh) {
			continue
		}
		quoting++
		if !found[i] && zhWant.Total <= len(zhWant.Results) {
			t.Errorf("%s holds %s, but the search does not find it", file, zh)
		}
	}
	t.Logf("%q: %d results; %d points hold the words", zh, zhWant.Total, quoting)
	do("Escape", chromedp.KeyEvent(kb.Escape))

	// (Focusing the box loads the index.)
	do("focusing the box", slash)
	waitFor("the index", `!!window.glossSearchIndex`)

	// The query side agrees with Go: word by word on the site's own text
	// and on hard cases, and result for result on a few queries.
	texts := []string{"The U.S. and China’s law; don't", "U.S.A. e.g. J. Smith", "数据安全 ΟΔΟΣ café naïve", "数, 据。カメラ 5G网络",
		"agreed agreeing allegedly supplies studies planning states status analyses 5G 2020"}
	for i := range ix.Rows {
		row := ix.Row(i)
		texts = append(texts, row.Title, row.Summary)
		for _, p := range row.Parts {
			texts = append(texts, p.Heading, p.Snippet)
		}
	}
	var goTerms []string
	for _, text := range texts {
		var terms []string
		for _, tok := range search.Tokenize(text) {
			terms = append(terms, text[tok.Start:tok.End]+"="+tok.Term)
		}
		goTerms = append(goTerms, strings.Join(terms, " "))
	}
	var jsTerms []string
	eval(fmt.Sprintf(`%s.map(text => { const out = [];
		glossSearch.eachWord(text, (s, e, w) => out.push(text.slice(s, e) + "=" + glossSearch.term(w)));
		return out.join(" "); })`, jsStrings(texts)), &jsTerms)
	for i := range goTerms {
		if i >= len(jsTerms) || goTerms[i] != jsTerms[i] {
			t.Errorf("terms of %q:\n Go %s\n JS %s", texts[i], goTerms[i], at(jsTerms, i))
		}
	}
	queries := []string{"surveil", "surveillance", "cloud act", "critical infrastructure ", "the US", "data loc",
		"national intelligence law", "principle", "huawei 5g", "zzzz", "backdoors", "reported", "数据安全", "数据", "数"}
	var goResults []string
	for _, q := range queries {
		rs, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, r := range rs.Results {
			parts = append(parts, fmt.Sprintf("%d#%d(%s)", r.Page, r.Part, r.Snippet))
		}
		goResults = append(goResults, fmt.Sprintf("%d: %s [%s]", rs.Total, strings.Join(parts, " "), strings.Join(rs.Matched, " ")))
	}
	var jsResults []string
	eval(fmt.Sprintf(`(() => { const ix = new glossSearch.Index(window.glossSearchIndex);
		return %s.map(q => { const r = ix.search(q);
			return r.total + ": " + r.results.map(x => x.page + "#" + x.part + "(" + x.snippet + ")").join(" ") + " [" + [...r.terms].sort().join(" ") + "]"; }); })()`,
		jsStrings(queries)), &jsResults)
	for i, q := range queries {
		if i >= len(jsResults) || goResults[i] != jsResults[i] {
			t.Errorf("search %q:\n Go %s\n JS %s", q, goResults[i], at(jsResults, i))
		}
	}

	// Let anything late arrive, then check that nothing went wrong.
	do("waiting", chromedp.Sleep(200*time.Millisecond))
	for _, p := range rec.problems() {
		t.Error(p)
	}

	// With JavaScript off, there is no search box that cannot work.
	sctx, cancel = context.WithTimeout(ctx, stepTimeout)
	_, err = call(sctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	open("opening "+start+" with JavaScript off", chromedp.Navigate(fileURL(start)))
	var display string
	eval(`getComputedStyle(document.getElementById("_search")).display`, &display)
	if display != "none" {
		t.Errorf("with JavaScript off the search form is displayed (%s)", display)
	}
}

// slash presses the "/" key: its keydown and keyup. (chromedp.KeyEvent
// also sends a separate char event, which now and then reaches the search
// box the keydown has just focused, although the keydown was cancelled; a
// keyboard's "/" does not.)
var slash = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		if _, err := callOn(ctx, tg, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}); err != nil {
			return err
		}
	}
	return nil
})

// statusText is what search.js announces for total results, shown shown.
func statusText(total, shown int) string {
	switch {
	case total == 0:
		return "No results"
	case total == 1:
		return "1 result"
	case total > shown:
		return fmt.Sprintf("%d results, the first %d shown", total, shown)
	}
	return fmt.Sprintf("%d results", total)
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(missing)"
}

// jsStrings is a JavaScript array literal of strings.
func jsStrings(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q", s) // Go's quoting is valid JavaScript for these texts
	}
	b.WriteByte(']')
	return b.String()
}

// BenchmarkSearchFirstQuery measures search on a large site in headless
// Chromium: GLOSS_BENCH_SITE names the site (the shared 10,000-page
// corpus: python3 ../shared/bench/gencorpus.py 10000 /tmp/g10k; the
// theme inside gloss supplies its layouts). Each round opens a page from
// disk, types one letter (the first query a reader makes, and the
// costliest: a prefix that matches the commonest words), and reads the
// page's performance marks: the index's load (request to script
// executed) and the first query (index loaded to results in the page,
// laid out). It reports the index's size against the text it indexes,
// and fails when the first query's median is over FirstQueryBudget.
//
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench SearchFirstQuery -benchtime 5x ./internal/e2e
func BenchmarkSearchFirstQuery(b *testing.B) {
	site := os.Getenv("GLOSS_BENCH_SITE")
	if site == "" {
		b.Skip("set GLOSS_BENCH_SITE to a site folder (the 10,000-page corpus)")
	}
	if _, err := os.Stat(chromium); err != nil {
		b.Fatalf("this benchmark needs Debian's chromium at %s: %v", chromium, err)
	}
	res, err := build.Build(context.Background(), theme.Overlay(os.DirFS(site)), build.Options{Style: graph.Files})
	if err != nil {
		b.Fatal(err)
	}
	if res.Failed() {
		b.Fatal(res.Diags[0])
	}
	indexPath, _ := indexOf(b, res)
	var start string
	for _, p := range res.Site.Pages {
		if p.Kind == graph.Regular {
			start = p.OutPath
			break
		}
	}
	dir := b.TempDir()
	// The page opened and what it loads: no need to write 10,000 pages.
	writeOutput(b, res, dir, func(p string) bool {
		return p == start || p == indexPath || !strings.HasSuffix(p, ".html")
	})
	st := res.Search
	b.Logf("index %s: %d bytes for %d bytes of text indexed (%.1f%%), %d pages, %d terms, %d postings",
		indexPath, st.Size, st.Text, 100*st.Share(), st.Pages, st.Terms, st.Postings)

	ctx := startBrowser(b)
	url := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(start)))}).String()
	var loads, firsts, nexts []float64
	for b.Loop() {
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		marks, err := chromedp.Run(sctx, func(ctx context.Context, tg *chromedp.Target) ([]float64, error) {
			if _, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Navigate(url))(ctx, tg); err != nil {
				return nil, err
			}
			// The first query, which loads the index.
			steps := []chromedp.Action[chromedp.Void]{
				chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("_search-input");
					i.value = "s"; i.dispatchEvent(new Event("input")); })()`),
				func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
					return chromedp.Poll[chromedp.Void](`performance.getEntriesByName("gloss-search:results").length > 0`,
						chromedp.WithPollingInterval(time.Millisecond))(ctx, tg)
				},
				// A second query, the index already there: "se" narrows the first.
				chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("_search-input");
					i.value = "se"; i.dispatchEvent(new Event("input")); })()`),
				func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
					return chromedp.Poll[chromedp.Void](`performance.getEntriesByName("gloss-search:results").length > 1`,
						chromedp.WithPollingInterval(time.Millisecond))(ctx, tg)
				},
			}
			for _, step := range steps {
				if _, err := step(ctx, tg); err != nil {
					return nil, err
				}
			}
			return chromedp.Evaluate[[]float64](`(() => { const t = n => performance.getEntriesByName(n).map(e => e.startTime);
				return [t("gloss-search:index-requested")[0], t("gloss-search:index-loaded")[0],
					t("gloss-search:results")[0], t("gloss-search:query")[1], t("gloss-search:results")[1]]; })()`)(ctx, tg)
		})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		if len(marks) != 5 {
			b.Fatalf("performance marks %v: want the index requested and loaded, and two queries", marks)
		}
		loads = append(loads, marks[1]-marks[0])
		firsts = append(firsts, marks[2]-marks[1])
		nexts = append(nexts, marks[4]-marks[3])
	}
	b.ReportMetric(float64(st.Size), "index-bytes")
	b.ReportMetric(float64(st.Text), "text-bytes")
	b.ReportMetric(100*st.Share(), "index-%-of-text")
	b.ReportMetric(median(loads), "ms-index-load")
	b.ReportMetric(median(firsts), "ms-first-query")
	b.ReportMetric(median(nexts), "ms-next-query")
	b.Logf("index load (request to executed) %v ms; first query (loaded to results) %v ms; next query %v ms",
		rounded(loads), rounded(firsts), rounded(nexts))
	if m := median(firsts); m > float64(FirstQueryBudget.Milliseconds()) {
		b.Errorf("the first query takes %.0f ms after the index loads (median), over the %v budget", m, FirstQueryBudget)
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}

func rounded(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(int(x*10+0.5)) / 10
	}
	return out
}
