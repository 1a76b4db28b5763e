package e2e

import (
	"context"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	xhtml "golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// printPage is the print-all page of this repository's site, and
// printGathered what its layout gathers, in order (layouts/print.html).
const printPage = "print/index.html"

var printGathered = []string{"article", "principles", "guiding", "counterexamples"}

// Words per printed A4 page: the bounds of TestPrintAllInChromium's page
// count. The print stylesheet sets 11 pt type with 1.45 leading on A4 less
// its margins (17 mm each side, 18 mm above, 20 mm below): 499 × 728 pt,
// 45 lines of about 15 words (some 33 pt a word and its space in an 11 pt
// serif), so at most about 700 words on a page of unbroken text. Fewer
// pages than words/maxWordsPerPage means smaller type, or text missing.
// Headings, lists, notes and sources, and a new sheet for the cover and for
// each of the four parts, leave less: this explainer prints at about 390 a
// page. More pages than words/minWordsPerPage would mean pages mostly
// empty.
const (
	maxWordsPerPage = 700
	minWordsPerPage = 250
)

// pdfWord is a word of a PDF page as pdftotext -bbox gives it, in points
// from the page's top left corner.
type pdfWord struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

type pdfPage struct {
	Width, Height float64
	Words         []pdfWord
}

var (
	pdfPageTag = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	pdfWordTag = regexp.MustCompile(`<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>`)
)

// readPDF reads every word of a PDF, page by page, with pdftotext.
func readPDF(t *testing.T, pdftotext, file string) []pdfPage {
	t.Helper()
	out, err := exec.Command(pdftotext, "-bbox", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var pages []pdfPage
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("pdftotext: %q is not a number", s)
		}
		return f
	}
	for _, line := range strings.Split(string(out), "\n") {
		if m := pdfPageTag.FindStringSubmatch(line); m != nil {
			pages = append(pages, pdfPage{Width: num(m[1]), Height: num(m[2])})
		} else if m := pdfWordTag.FindStringSubmatch(line); m != nil && len(pages) > 0 {
			p := &pages[len(pages)-1]
			p.Words = append(p.Words, pdfWord{Text: html.UnescapeString(m[5]),
				XMin: num(m[1]), YMin: num(m[2]), XMax: num(m[3]), YMax: num(m[4])})
		}
	}
	if len(pages) == 0 {
		t.Fatalf("pdftotext found no page in %s", file)
	}
	return pages
}

// printable is what the print-all page holds for paper, read from its
// HTML: the words of its main text (without the sidenotes, which print
// only in the lists of notes, and the inert preview templates), each
// note's text, and the outside links of the gathered bodies.
type printable struct {
	Text  string
	Words int
	Notes []string
	Links [][2]string // text, URL
}

func readPrintable(t *testing.T, doc []byte) printable {
	t.Helper()
	root, err := xhtml.Parse(strings.NewReader(string(doc)))
	if err != nil {
		t.Fatal(err)
	}
	has := func(n *xhtml.Node, class string) bool {
		for _, a := range n.Attr {
			if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
				return true
			}
		}
		return false
	}
	attr := func(n *xhtml.Node, key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	var text func(n *xhtml.Node, b *strings.Builder)
	text = func(n *xhtml.Node, b *strings.Builder) {
		switch {
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == xhtml.ElementNode && (n.Data == "template" || n.Data == "script" || has(n, "sidenote") || has(n, "footnote-backref")):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c, b)
		}
	}
	var p printable
	var walk func(n *xhtml.Node, inEntry bool)
	walk = func(n *xhtml.Node, inEntry bool) {
		if n.Type == xhtml.ElementNode {
			switch {
			case n.Data == "main":
				var b strings.Builder
				text(n, &b)
				p.Text = strings.Join(strings.Fields(b.String()), " ")
				p.Words = len(strings.Fields(p.Text))
			case n.Data == "li" && n.Parent != nil && n.Parent.Parent != nil && has(n.Parent.Parent, "footnotes"):
				var b strings.Builder
				text(n, &b)
				p.Notes = append(p.Notes, strings.Join(strings.Fields(b.String()), " "))
			case n.Data == "article" && has(n, "print-entry"):
				inEntry = true
			case n.Data == "a" && inEntry && strings.HasPrefix(attr(n, "href"), "http") && !has(n, "external"):
				var b strings.Builder
				text(n, &b)
				if l := [2]string{strings.Join(strings.Fields(b.String()), " "), attr(n, "href")}; !slices.Contains(p.Links, l) {
					p.Links = append(p.Links, l)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inEntry)
		}
	}
	walk(root, false)
	return p
}

// TestPrintAllInChromium prints the print-all page of the offline build to
// an A4 PDF in headless Chromium, as a teacher would, and reads it back
// with pdftotext: a page count within what the amount of text explains;
// no word outside the page or in its right margin; every gathered page's
// title as a heading, in reading order; every note once, as a numbered
// note; the address of an outside link right after its text, and no
// address after links within the site; nothing of the site's navigation,
// search, footer, theme button or preview cards, even with a card
// showing when the page is printed.
func TestPrintAllInChromium(t *testing.T) {
	pdftotext := needPDFText(t)
	o := buildRepo(t)
	site := o.Offline.Site
	doc, ok := o.Offline.Files[printPage]
	if !ok {
		t.Fatalf("no %s in the offline build", printPage)
	}
	want := readPrintable(t, doc)
	var titles []string
	for _, key := range printGathered {
		p := site.ByKey[key]
		if p == nil {
			t.Fatalf("the site has no page %q to gather", key)
		}
		titles = append(titles, p.Meta.Title)
		if p.Kind == graph.Section {
			for _, q := range p.Pages {
				titles = append(titles, q.Meta.Title)
			}
		}
	}
	if len(titles) < 25 || len(want.Notes) < 5 || len(want.Links) == 0 || want.Words < 10000 {
		t.Fatalf("the print-all page gathers %d pages, %d notes, %d outside links in the text, %d words: too little to test",
			len(titles), len(want.Notes), len(want.Links), want.Words)
	}

	dir := t.TempDir()
	writeOutput(t, o.Offline, dir, nil)
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, printPage))}).String()
	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	do("a 1280 px viewport, focused as a window in front is", chromedp.EmulateViewport(1280, 900),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := call(ctx, page.BringToFront, cdp.Empty{})
			return err
		}))
	open("opening the print-all page", chromedp.Navigate(pageURL))

	// A preview card showing when the reader prints must not print: focus
	// a link in the text that has a card (the article's note linking to
	// the home page) and wait for the card.
	cardText := evalJS[string](t, ctx, rec, `(() => {
		const page = href => { const u = new URL(href, document.baseURI); u.hash = ""; return u.href; };
		for (const tpl of document.querySelectorAll("template.preview")) {
			const a = [...document.querySelectorAll("main a[href]")].find(a => page(a.href) === page(tpl.dataset.href) && a.getClientRects().length);
			const summary = tpl.content.lastElementChild;
			if (a && summary) {
				a.scrollIntoView({block: "center"});
				a.focus({preventScroll: true});
				return summary.textContent.replace(/\s+/g, " ").trim();
			}
		}
		return "";
	})()`)
	if cardText == "" {
		t.Fatal("no link of the print-all page has a preview card to show")
	}
	do("waiting for the card", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`(() => { const c = document.getElementById("`+previewCardID+
			`"); return !!c && !c.hidden && c.getBoundingClientRect().height > 0; })()`)(ctx, tg)
		return err
	}))

	var pdf []byte
	do("printing to PDF", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69}) // A4
		pdf = res.Data
		return err
	}))
	pdfFile := filepath.Join(t.TempDir(), "print-all.pdf")
	if err := os.WriteFile(pdfFile, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("GLOSS_KEEP_PDF"); keep != "" { // to look at it
		if err := os.WriteFile(keep, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages := readPDF(t, pdftotext, pdfFile)

	// The page count.
	lo, hi := want.Words/maxWordsPerPage, (want.Words+minWordsPerPage-1)/minWordsPerPage
	t.Logf("%d words to print, %d A4 pages (bounds %d–%d)", want.Words, len(pages), lo, hi)
	if len(pages) < lo || len(pages) > hi {
		t.Errorf("%d pages for %d words; want between %d (%d words a page) and %d (%d words a page)",
			len(pages), want.Words, lo, maxWordsPerPage, hi, minWordsPerPage)
	}

	// Nothing leaves the page, or runs into its right margin (17 mm in
	// the stylesheet; 10 mm is sure to be margin).
	const mm = 72 / 25.4
	var words []string
	var sizes []float64
	for i, p := range pages {
		if p.Width < 590 || p.Width > 600 || p.Height < 835 || p.Height > 845 {
			t.Fatalf("page %d is %.0f × %.0f pt, not A4", i+1, p.Width, p.Height)
		}
		over := 0
		for _, w := range p.Words {
			if w.XMin < 0 || w.YMin < 0 || w.XMax > p.Width-10*mm || w.YMax > p.Height {
				if over++; over <= 3 {
					t.Errorf("page %d: %q at x %.1f–%.1f, y %.1f–%.1f pt runs off a %.0f × %.0f pt page or into its margin",
						i+1, w.Text, w.XMin, w.XMax, w.YMin, w.YMax, p.Width, p.Height)
				}
			}
			words = append(words, w.Text)
			sizes = append(sizes, w.YMax-w.YMin)
		}
	}
	text := strings.Join(words, " ")

	// Every gathered page's title, as a heading (set larger than the
	// text), in reading order.
	sorted := slices.Clone(sizes)
	sort.Float64s(sorted)
	body := sorted[len(sorted)/2]
	// Type at about 11 pt: a serif's words stand some 1.1 to 1.2 times
	// their size high. Chromium shrinks a page whose content is wider than
	// the paper to fit, which would show here (and in the page count).
	if body < 10.5 || body > 14.5 {
		t.Errorf("print: the text's words are %.1f pt high; want 11 pt type (10.5–14.5 pt words)", body)
	}
	var large []string
	for i, w := range words {
		if sizes[i] > 1.25*body {
			large = append(large, w)
		}
	}
	headings := " " + strings.Join(large, " ") + " "
	at := 0
	for _, title := range titles {
		i := strings.Index(headings[at:], " "+strings.Join(strings.Fields(title), " ")+" ")
		if i < 0 {
			t.Errorf("print: the title %q is not among the headings after the previous title's; the headings from there:\n%s",
				title, excerpt(headings[at:], 0))
			continue
		}
		at += i + len(title)
	}

	// Every note once: as a numbered note, not also beside the text.
	for _, note := range want.Notes {
		probe := firstWords(note, 8)
		if n := strings.Count(text, probe); n != 1 {
			t.Errorf("print: the note %q appears %d times; want once", probe, n)
		}
	}
	// and the lists of notes are printed, each with its heading ("Notes",
	// in whatever case the theme sets it): the word is printed as often as
	// the page's text has it.
	notesWord := regexp.MustCompile(`(?i)\bnotes\b`)
	if printed, has := len(notesWord.FindAllString(text, -1)), len(notesWord.FindAllString(want.Text, -1)); printed != has || has < 5 {
		t.Errorf("print: the word \"notes\" is printed %d times, and the page's text (its lists' headings included) has it %d times", printed, has)
	}

	// The address of an outside link right after its text (addresses wrap
	// anywhere, so spaces are left out of the comparison), and none after
	// a link within the site or the page.
	squeezed := strings.Join(strings.Fields(text), "")
	for _, l := range want.Links {
		if s := strings.Join(strings.Fields(l[0]), "") + "(" + l[1] + ")"; !strings.Contains(squeezed, s) {
			t.Errorf("print: the link %q is not followed by its address %s", l[0], l[1])
		}
	}
	for _, bad := range []string{"(#", "(../", "(index.html", "(./"} {
		if i := strings.Index(squeezed, bad); i >= 0 {
			t.Errorf("print: an address within the site is printed: …%s…", squeezed[max(0, i-60):min(len(squeezed), i+60)])
		}
	}

	// Nothing of the screen's furniture.
	for _, screen := range []string{
		"Skip to the text", "Press / to search", "Search results", "built with gloss", "Dark theme", "Light theme",
		"Extract the whole zip", "Download for offline use", "To print it, use your browser", "On the site:",
		"Open page", firstWords(cardText, 8),
	} {
		if strings.Contains(text, screen) {
			t.Errorf("print: %q is printed:\n%s", screen, excerpt(text, strings.Index(text, screen)))
		}
	}
	// The site's name is the navigation's first link: printed only where
	// the page's own text has it (the cover names the site).
	name := strings.ToLower(site.Settings.Title)
	if printed, has := strings.Count(strings.ToLower(text), name), strings.Count(strings.ToLower(want.Text), name); printed != has {
		t.Errorf("print: the site's name %q is printed %d times, and the page's text has it %d times: the navigation is printed", site.Settings.Title, printed, has)
	}
	if problems := rec.problems(); len(problems) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(problems, "\n"))
	}
}
