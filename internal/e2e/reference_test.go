package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// TestReadingAidsOnAPhone opens the home page (with its matrix of
// principles and counter-examples) and the timeline at a phone's width,
// 375 CSS pixels, from disk: the page itself must not scroll sideways,
// while the matrix, wider than the screen, scrolls within its own box.
// Printed (at about the width of an A4 page), the matrix box must not
// clip anything: the whole table fits; the drawn timeline fills the
// width, and is not shown on the phone.
func TestReadingAidsOnAPhone(t *testing.T) {
	res, err := build.Build(context.Background(), theme.Overlay(os.DirFS("../..")), build.Options{Style: graph.Files})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Fatal(res.Diags)
	}
	dir := t.TempDir()
	writeOutput(t, res, dir, nil)
	fileURL := func(p string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))}).String()
	}

	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	do("a 375 px wide screen", chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	eval := func(what, expr string) float64 {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[float64](expr))
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, rec.report())
		}
		return v
	}
	const pageOverflow = `document.documentElement.scrollWidth - window.innerWidth`

	for _, p := range []string{"index.html", "timeline/index.html"} {
		open("opening "+p, chromedp.Navigate(fileURL(p)))
		if w := eval(p, `window.innerWidth`); w != 375 {
			t.Fatalf("%s: the window is %v px wide, want 375", p, w)
		}
		if over := eval(p, pageOverflow); over > 0 {
			t.Errorf("%s: the page scrolls sideways by %v px at 375 px", p, over)
		}
		// Whose conduct an entry concerns shares the line of its date
		// (year), never a line of its own after a long title.
		if n := eval(p, `document.querySelectorAll(":is(.timeline, .home-list) > li > .actor").length`); n == 0 {
			t.Errorf("%s: no entry names whose conduct it concerns", p)
		}
		if n := eval(p, `[...document.querySelectorAll(":is(.timeline, .home-list) > li > .actor")].filter(a => {
				const d = a.parentElement.querySelector(":scope > :is(time, .item-meta)").getBoundingClientRect(), r = a.getBoundingClientRect();
				return r.top >= d.bottom || r.bottom <= d.top }).length`); n > 0 {
			t.Errorf("%s: %v actor labels are not on the line of their entry's date at 375 px", p, n)
		}
	}
	// No card of the home page is wider than the text column, at 375 px
	// or on a wide screen, whatever the number of cards.
	for _, w := range []int64{375, 1280} {
		if w == 1280 {
			do("a 1280 px wide screen", chromedp.EmulateViewport(1280, 900))
		}
		open("opening index.html", chromedp.Navigate(fileURL("index.html")))
		if n := eval("cards", `document.querySelectorAll(".tiles > li").length`); n == 0 {
			t.Errorf("the home page has no cards")
		}
		if n := eval("cards", `(m => [...document.querySelectorAll(".tiles > li")].filter(c => c.getBoundingClientRect().width > m.clientWidth - parseFloat(getComputedStyle(m).paddingLeft) - parseFloat(getComputedStyle(m).paddingRight) + 0.5).length)(document.querySelector("main"))`); n > 0 {
			t.Errorf("at %d px, %v cards of the home page are wider than the text column", w, n)
		}
	}
	do("a 375 px wide screen", chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))

	open("opening index.html", chromedp.Navigate(fileURL("index.html")))
	// The theme's fonts load from disk too (relative URLs in the
	// stylesheet), and none fails.
	fctx, cancel := context.WithTimeout(ctx, stepTimeout)
	faces, err := chromedp.Run(fctx, chromedp.Evaluate[[]string](
		`document.fonts.ready.then(() => [...document.fonts].filter(f => f.status !== "unloaded").map(f => f.family + " " + f.style + " " + f.weight + ": " + f.status))`,
		chromedp.EvalAwaitPromise))
	cancel()
	if err != nil {
		t.Fatalf("waiting for the fonts: %v\n%s", err, rec.report())
	}
	loaded := 0
	for _, f := range faces {
		if strings.HasSuffix(f, ": loaded") {
			loaded++
		} else {
			t.Errorf("from disk, font %s", f)
		}
	}
	if loaded < 2 {
		t.Errorf("from disk, the home page loads %d of the theme's fonts (%q); want its serif and its sans", loaded, faces)
	}
	if n := eval("rows", `document.querySelectorAll(".table-scroll table tbody tr").length`); n == 0 {
		t.Fatal("the home page has no matrix")
	}
	// The matrix is wider than the phone, and its box scrolls instead.
	if over := eval("matrix box", `(b => b.scrollWidth - b.clientWidth)(document.querySelector(".table-scroll"))`); over <= 0 {
		t.Errorf("the matrix box does not scroll at 375 px (it overflows by %v px): is the table still wider than a phone?", over)
	}
	if over := eval("scrolled box", `(b => { b.scrollLeft = b.scrollWidth; return document.documentElement.scrollWidth - window.innerWidth })(document.querySelector(".table-scroll"))`); over > 0 {
		t.Errorf("scrolling the matrix box to its end makes the page scroll sideways by %v px", over)
	}

	// Print: an A4 page is about 700 CSS pixels wide inside its margins.
	do("print media at A4 width",
		chromedp.EmulateViewport(700, 1000),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := callOn(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
	if over := eval("printed matrix", `(b => b.scrollWidth - b.clientWidth)(document.querySelector(".table-scroll"))`); over > 0 {
		t.Errorf("printed, the matrix is %v px wider than its box: it would be cut off", over)
	}
	if over := eval("printed page", pageOverflow); over > 0 {
		t.Errorf("printed, the page is %v px wider than the paper", over)
	}

	// The drawn timeline: printed, it fills the text's width and no more;
	// on a phone, where its type would be too small, only the list shows.
	open("opening timeline/index.html to print", chromedp.Navigate(fileURL("timeline/index.html")))
	if w := eval("printed drawing", `(s => s.getBoundingClientRect().width / s.parentElement.getBoundingClientRect().width)(document.querySelector(".timeline-svg"))`); w < 0.99 || w > 1.01 {
		t.Errorf("printed, the drawn timeline is %.2f of its box's width, want all of it", w)
	}
	if over := eval("printed timeline", pageOverflow); over > 0 {
		t.Errorf("printed, the timeline page is %v px wider than the paper", over)
	}
	do("back to a 375 px screen", chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := callOn(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"})
			return err
		}))
	if h := eval("drawing on a phone", `document.querySelector(".timeline-svg").getBoundingClientRect().height`); h != 0 {
		t.Errorf("on a phone the drawn timeline is shown (%v px high)", h)
	}
	if probs := rec.problems(); len(probs) > 0 {
		t.Errorf("the browser reported problems:\n%s", rec.report())
	}
}
