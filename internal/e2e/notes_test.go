package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// notesPage is the page of this repository's site whose sidenotes the
// browser test reads: the annotated article, which has several notes.
const notesPage = "article/index.html"

// sidenoteState is what the test reads of the first sidenote and its
// reference.
type sidenoteState struct {
	Ref        string  `json:"ref"`      // the reference's tag: "button" with the script, "a" without
	Expanded   string  `json:"expanded"` // its aria-expanded
	Display    string  `json:"display"`  // the sidenote's computed display
	Float      string  `json:"float"`
	Left       float64 `json:"left"` // the sidenote's box
	Right      float64 `json:"right"`
	TextRight  float64 `json:"textRight"` // the right edge of the paragraph citing it
	ListShown  bool    `json:"listShown"` // the note is visible in the list of notes
	Focused    bool    `json:"focused"`   // the reference has the focus
	Text       string  `json:"text"`      // the note's text, without its number
	ScrollW    float64 `json:"scrollW"`   // the document's scroll width
	ViewportW  float64 `json:"viewportW"` // and the viewport's
	Toggles    int     `json:"toggles"`
	Sidenotes  int     `json:"sidenotes"`
	NoteNumber string  `json:"number"`
}

const readSidenote = `(() => {
  const note = document.querySelector(".sidenote");
  if (!note) return JSON.stringify({});
  const sup = note.previousElementSibling;
  const ref = sup && sup.querySelector(".footnote-ref");
  const cs = getComputedStyle(note);
  const box = note.getBoundingClientRect();
  const para = note.closest("p, li, td, dd, blockquote");
  const li = document.getElementById(note.id.replace(/sn-/, "fn-"));
  const clone = note.cloneNode(true);
  clone.querySelectorAll(".sidenote-number").forEach(n => n.remove());
  return JSON.stringify({
    ref: ref ? ref.tagName.toLowerCase() : "",
    expanded: ref ? (ref.getAttribute("aria-expanded") || "") : "",
    display: cs.display, float: cs.float, left: box.left, right: box.right,
    textRight: para ? para.getBoundingClientRect().right : 0,
    listShown: !!li && li.getClientRects().length > 0,
    focused: !!ref && document.activeElement === ref,
    text: clone.textContent.replace(/\s+/g, " ").trim(),
    scrollW: document.documentElement.scrollWidth, viewportW: window.innerWidth,
    toggles: document.querySelectorAll(".sidenote-toggle").length,
    sidenotes: document.querySelectorAll(".sidenote").length,
    number: ref ? ref.textContent : "",
  });
})()`

// TestSidenotesInChromium opens the article of the offline build from disk
// in headless Chromium and checks what a reader gets of its notes: on a
// 375 px phone, a button that opens the note in place and Escape that
// closes it; on a 1280 px desk, every note in the margin beside its
// paragraph; with JavaScript off, a link to the list of notes; and in
// print (a PDF read back with pdftotext), each note once, as a numbered
// note after the text.
func TestSidenotesInChromium(t *testing.T) {
	pdftotext := needPDFText(t)
	o := buildRepo(t)
	dir := t.TempDir()
	writeOutput(t, o.Offline, dir, nil)
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, notesPage))}).String()

	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	read := func(at string) sidenoteState {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		raw, err := chromedp.Run(sctx, chromedp.Evaluate[string](readSidenote))
		if err != nil {
			t.Fatalf("%s: reading the sidenote: %v\n%s", at, err, rec.report())
		}
		var s sidenoteState
		if err := json.Unmarshal([]byte(raw), &s); err != nil || s.Sidenotes == 0 {
			t.Fatalf("%s: no sidenote on %s (%v): %s", at, notesPage, err, raw)
		}
		return s
	}
	viewport := chromedp.EmulateViewport
	scripts := func(on bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
			return err
		})
	}

	// A phone.
	do("a 375 px viewport", viewport(375, 812))
	open("opening the article", chromedp.Navigate(pageURL))
	s := read("phone, on load")
	if s.Ref != "button" || s.Toggles != s.Sidenotes {
		t.Fatalf("phone: the reference is a <%s> and %d of %d sidenotes have a button; want a button each", s.Ref, s.Toggles, s.Sidenotes)
	}
	if s.Display != "none" || s.Expanded != "false" {
		t.Errorf("phone, on load: the note shows (display %s, aria-expanded %q); want it closed", s.Display, s.Expanded)
	}
	if !s.ListShown {
		t.Errorf("phone: the note is not in the visible list of notes")
	}
	do("focusing the first note's button", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector(".sidenote-toggle").focus(), true)`))
		return err
	}))
	do("pressing Enter", chromedp.KeyEvent(kb.Enter))
	s = read("phone, after Enter")
	if s.Display != "block" || s.Expanded != "true" {
		t.Errorf("phone, after Enter: display %s, aria-expanded %q; want the note open", s.Display, s.Expanded)
	}
	if s.Left < 0 || s.Right > s.ViewportW || s.ScrollW > s.ViewportW {
		t.Errorf("phone: the open note spans %.0f–%.0f px, the page %.0f px, in a %.0f px viewport", s.Left, s.Right, s.ScrollW, s.ViewportW)
	}
	do("pressing Escape", chromedp.KeyEvent(kb.Escape))
	s = read("phone, after Escape")
	if s.Display != "none" || s.Expanded != "false" || !s.Focused {
		t.Errorf("phone, after Escape: display %s, aria-expanded %q, focus on the button %v; want it closed with the focus back", s.Display, s.Expanded, s.Focused)
	}
	do("clicking the button", chromedp.Click(chromedp.CSS(".sidenote-toggle"), chromedp.NodeVisible))
	if s = read("phone, after a click"); s.Display != "block" {
		t.Errorf("phone, after a click: display %s; want the note open", s.Display)
	}
	do("clicking it again", chromedp.Click(chromedp.CSS(".sidenote-toggle"), chromedp.NodeVisible))
	if s = read("phone, after a second click"); s.Display != "none" {
		t.Errorf("phone, after a second click: display %s; want the note closed", s.Display)
	}
	noteText := s.Text

	// A desk: the notes stand in the margin, right of the text.
	do("a 1280 px viewport", viewport(1280, 900))
	open("reopening the article", chromedp.Reload())
	s = read("desk")
	if s.Display == "none" || s.Float != "right" || s.Left < s.TextRight || s.Right > s.ViewportW {
		t.Errorf("desk: the note (display %s, float %s) spans %.0f–%.0f px; want it in the margin, right of the text (%.0f px) and inside %.0f px",
			s.Display, s.Float, s.Left, s.Right, s.TextRight, s.ViewportW)
	}
	if s.Expanded != "true" || s.ListShown {
		t.Errorf("desk: aria-expanded %q, note also in the list %v; want it shown once, in the margin", s.Expanded, s.ListShown)
	}

	// No JavaScript: the reference is a link to the list of notes.
	do("JavaScript off", scripts(false), viewport(375, 812))
	open("reopening the article", chromedp.Reload())
	s = read("phone without JavaScript")
	if s.Ref != "a" || s.Toggles != 0 || s.Display != "none" || !s.ListShown {
		t.Errorf("phone without JavaScript: reference <%s>, %d buttons, note display %s, in the list %v; want a link to a visible list",
			s.Ref, s.Toggles, s.Display, s.ListShown)
	}
	do("JavaScript on", scripts(true), viewport(1280, 900))
	open("reopening the article", chromedp.Reload())

	// Print: each note once, in the numbered list after the text.
	var pdf []byte
	do("printing to PDF", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69}) // A4
		pdf = res.Data
		return err
	}))
	pdfFile := filepath.Join(t.TempDir(), "article.pdf")
	if err := os.WriteFile(pdfFile, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", pdfFile, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	probe := firstWords(noteText, 6)
	if n := strings.Count(text, probe); n != 1 {
		t.Errorf("print: the first note (%q) appears %d times in the PDF; want once, as a footnote", probe, n)
	}
	notes := regexp.MustCompile(`\bNotes\b`).FindAllStringIndex(text, -1)
	if len(notes) == 0 {
		t.Fatalf("print: no \"Notes\" heading in the PDF")
	}
	if at := strings.Index(text, probe); at >= 0 && at < notes[len(notes)-1][0] {
		t.Errorf("print: the first note comes before the \"Notes\" heading:\n%s", excerpt(text, at))
	}
	if problems := rec.problems(); len(problems) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(problems, "\n"))
	}
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

func excerpt(s string, at int) string {
	return fmt.Sprintf("…%s…", s[max(0, at-80):min(len(s), at+80)])
}
