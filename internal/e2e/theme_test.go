package e2e

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// colours is what the theme tests read of a page's colours: body's, and
// a digest of every element's colour, background and border colour.
type colours struct {
	Theme  string `json:"theme"` // <html data-theme>
	Bg     string `json:"bg"`
	Fg     string `json:"fg"`
	All    string `json:"all"`
	Button string `json:"button"` // the theme button: "hidden", or its name, and "pressed" or "not pressed" when it has aria-pressed
}

const readColours = `(() => {
	const cs = e => getComputedStyle(e);
	const b = cs(document.body);
	// Not the theme button, which the pointer is on and which has the focus.
	const all = [...document.querySelectorAll("body *")].filter(e => !e.closest("#_theme")).map(e => { const s = cs(e);
		return s.color + s.backgroundColor + s.backgroundImage + s.borderTopColor + s.outlineColor; }).join("|");
	let h = 0;
	for (let i = 0; i < all.length; i++) h = (h * 31 + all.charCodeAt(i)) | 0;
	const t = document.getElementById("_theme");
	// Its name: its text, but for what is not displayed (visually hidden
	// text is read, and counts).
	const name = e => [...e.childNodes].map(n => n.nodeType === 3 ? n.data : n.nodeType === 1 && getComputedStyle(n).display !== "none" &&
		n.getAttribute("aria-hidden") !== "true" ? name(n) : "").join("");
	const state = t && t.hasAttribute("aria-pressed") ? (t.getAttribute("aria-pressed") === "true" ? ", pressed" : ", not pressed") : "";
	return {theme: document.documentElement.getAttribute("data-theme") || "", bg: b.backgroundColor, fg: b.color,
		all: all.length + ":" + h, button: !t ? "none" : t.hidden ? "hidden" : name(t).replace(/\s+/g, " ").trim() + state};
})()`

// prefers emulates the reader's system colour scheme, "light" or "dark".
func prefers(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

// TestThemeInChromium opens pages of this repository's offline build from
// disk in headless Chromium and checks the theme's light and dark
// schemes and its theme button:
//   - a system that prefers dark gets other colours than one that prefers
//     light, on body and on the page as a whole, and dark ones;
//   - the button (shown only with JavaScript) names what a press does,
//     "Switch to dark theme" or "Switch to light theme", with no pressed
//     state (a pressed "Light theme" would say that light is on), and
//     switches the theme: the page is dark on a light system, in exactly
//     the colours of the dark scheme (every element), and light on a dark
//     system, in the colours of the light scheme; the choice persists
//     across a reload from file:// and on the next page opened;
//   - Tab first reaches the skip link, which shows in the viewport, and
//     then links with a visible focus outline;
//   - the text column holds about 60 to 75 characters a line at 1280 px,
//     with text of at least 16 px at 375 px.
func TestThemeInChromium(t *testing.T) {
	fileURL, _ := offlineSite(t)
	const (
		page  = "principles/second/index.html"
		other = "counterexamples/au-headquarters/index.html"
	)
	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	read := func() colours { t.Helper(); return evalJS[colours](t, ctx, rec, readColours) }
	do("a 1280 px window, light system", chromedp.EmulateViewport(1280, 900), prefers("light"))

	// The system's schemes.
	scheme := map[string]map[string]colours{}
	for _, p := range []string{"index.html", page} {
		scheme[p] = map[string]colours{}
		for _, s := range []string{"light", "dark"} {
			do(s+" system", prefers(s))
			open("opening "+p, chromedp.Navigate(fileURL(p)))
			scheme[p][s] = read()
		}
		l, d := scheme[p]["light"], scheme[p]["dark"]
		if l.Bg == d.Bg || l.Fg == d.Fg || l.All == d.All {
			t.Errorf("%s: the dark scheme does not change the colours: light %+v, dark %+v", p, l, d)
		}
		if luminance(d.Bg) >= luminance(d.Fg) || luminance(l.Bg) <= luminance(l.Fg) {
			t.Errorf("%s: light is %s on %s and dark %s on %s: want dark text on a light page, and light text on a dark one", p, l.Fg, l.Bg, d.Fg, d.Bg)
		}
		if l.Theme != "" || d.Theme != "" {
			t.Errorf("%s: data-theme %q and %q before any choice; want none, so the page follows the system", p, l.Theme, d.Theme)
		}
		// Its name says what a press does, and it has no pressed state.
		if l.Button != "Switch to Dark theme" || d.Button != "Switch to Light theme" {
			t.Errorf("%s: the theme button is %q on a light system and %q on a dark one; want \"Switch to Dark theme\" and \"Switch to Light theme\", with no aria-pressed", p, l.Button, d.Button)
		}
	}

	// The button, on a light system: dark, kept on reload and elsewhere.
	toggle := chromedp.Click(chromedp.ID("_theme"), chromedp.NodeVisible)
	want := func(at string, theme string, like colours) {
		t.Helper()
		c := read()
		button := map[string]string{"dark": "Switch to Light theme", "light": "Switch to Dark theme"}[theme]
		if c.Theme != theme || c.Button != button {
			t.Errorf("%s: data-theme %q, button %q; want %q and %q", at, c.Theme, c.Button, theme, button)
		}
		if c.Bg != like.Bg || c.Fg != like.Fg || c.All != like.All {
			t.Errorf("%s: the chosen %s theme's colours (%s on %s, digest %s) are not the %s scheme's (%s on %s, digest %s)",
				at, theme, c.Fg, c.Bg, c.All, theme, like.Fg, like.Bg, like.All)
		}
	}
	do("light system", prefers("light"))
	open("opening "+page, chromedp.Navigate(fileURL(page)))
	do("pressing the theme button", toggle)
	want("light system, button pressed", "dark", scheme[page]["dark"])
	open("reloading", chromedp.Reload())
	want("light system, dark chosen, reloaded", "dark", scheme[page]["dark"])
	open("opening home", chromedp.Navigate(fileURL("index.html")))
	want("light system, dark chosen, home", "dark", scheme["index.html"]["dark"])
	do("pressing the theme button again", toggle)
	want("light system, light chosen again", "light", scheme["index.html"]["light"])
	open("reloading", chromedp.Reload())
	want("light system, light chosen again, reloaded", "light", scheme["index.html"]["light"])

	// On a dark system, a choice of light wins.
	do("dark system", prefers("dark"))
	open("opening "+page, chromedp.Navigate(fileURL(page)))
	want("dark system, light chosen earlier", "light", scheme[page]["light"])
	do("pressing the theme button", toggle)
	want("dark system, dark chosen", "dark", scheme[page]["dark"])
	do("light system", prefers("light"))
	open("opening "+other, chromedp.Navigate(fileURL(other)))
	if c := read(); c.Theme != "dark" || luminance(c.Bg) >= luminance(c.Fg) {
		t.Errorf("%s, dark chosen on another page: data-theme %q, %s on %s; want dark", other, c.Theme, c.Fg, c.Bg)
	}

	// Without JavaScript there is no button, and the system decides.
	do("JavaScript off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	open("reloading", chromedp.Reload())
	if c := read(); c.Button != "hidden" || c.Theme != "" {
		t.Errorf("without JavaScript: the theme button is %q, data-theme %q; want it hidden and none", c.Button, c.Theme)
	}
	do("JavaScript on", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	}))

	// The keyboard: the skip link first, then focus that shows.
	open("opening "+page, chromedp.Navigate(fileURL(page)))
	do("Tab", chromedp.KeyEvent(kb.Tab))
	type focus struct {
		Class   string  `json:"class"`
		Href    string  `json:"href"`
		Top     float64 `json:"top"`
		Bottom  float64 `json:"bottom"`
		Outline string  `json:"outline"`
	}
	const readFocus = `(() => { const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);
		return {class: a.className, href: a.getAttribute("href") || "", top: r.top, bottom: r.bottom,
			outline: s.outlineStyle === "none" ? "none" : s.outlineWidth}; })()`
	f := evalJS[focus](t, ctx, rec, readFocus)
	if f.Class != "skip" || f.Href != "#_main" || f.Top < 0 || f.Bottom > 900 || f.Bottom-f.Top < 20 {
		t.Errorf("the first Tab: %+v; want the skip link to #_main, shown in the viewport", f)
	}
	for i := 0; i < 3; i++ {
		do("Tab", chromedp.KeyEvent(kb.Tab))
		if f = evalJS[focus](t, ctx, rec, readFocus); f.Outline == "none" || f.Outline == "0px" {
			t.Errorf("Tab %d: the focus on %+v has no outline", i+2, f)
		}
	}

	// The measure: characters a line in the text's paragraphs, and the
	// size of the text on a phone.
	measure := func() (perLine, size float64) {
		t.Helper()
		v := evalJS[[]float64](t, ctx, rec, `(() => {
			let chars = 0, lines = 0;
			for (const p of document.querySelectorAll("main article > p")) {
				const lh = parseFloat(getComputedStyle(p).lineHeight), n = Math.round(p.getBoundingClientRect().height / lh);
				if (n >= 3) { chars += p.textContent.replace(/\s+/g, " ").trim().length; lines += n; }
			}
			return [lines ? chars / lines : 0, parseFloat(getComputedStyle(document.querySelector("main article > p")).fontSize)];
		})()`)
		return v[0], v[1]
	}
	open("opening the article", chromedp.Navigate(fileURL(notesPage)))
	if perLine, _ := measure(); perLine < 55 || perLine > 80 {
		t.Errorf("at 1280 px the article's paragraphs hold %.0f characters a line; want about 60 to 75", perLine)
	} else {
		t.Logf("at 1280 px: %.0f characters a line", perLine)
	}
	do("a 375 px phone", chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	open("reloading", chromedp.Reload())
	if _, size := measure(); size < 16 {
		t.Errorf("at 375 px the article's text is %.1f px; want at least 16", size)
	}
	if p := rec.problems(); len(p) > 0 {
		t.Errorf("the browser reported:\n%s", rec.report())
	}
}

// TestNoSidewaysScroll opens every page of this repository's offline build
// from disk at 375 and at 320 CSS pixels, light and dark: no page may be
// wider than the screen.
func TestNoSidewaysScroll(t *testing.T) {
	fileURL, pages := offlineSite(t)
	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	checked := 0
	for _, w := range []int64{375, 320} {
		for _, s := range []string{"light", "dark"} {
			do(fmt.Sprintf("%d px, %s", w, s), chromedp.EmulateViewport(w, 700, chromedp.EmulateScale(2), chromedp.EmulateMobile), prefers(s))
			for _, p := range pages {
				open("opening "+p, chromedp.Navigate(fileURL(p)))
				v := evalJS[[]float64](t, ctx, rec, `[document.documentElement.scrollWidth, window.innerWidth]`)
				if v[1] != float64(w) {
					t.Fatalf("%s at %d px: the window is %v px wide", p, w, v[1])
				}
				if v[0] > v[1] {
					wide := evalJS[string](t, ctx, rec, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
						.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "")).join(", ")`)
					t.Errorf("%s at %d px (%s): the page is %v px wide and scrolls sideways; too wide: %s", p, w, s, v[0], wide)
				}
				checked++
			}
		}
	}
	if checked != 4*len(pages) {
		t.Errorf("checked %d page views, want %d", checked, 4*len(pages))
	}
	if p := rec.problems(); len(p) > 0 {
		t.Errorf("the browser reported:\n%s", rec.report())
	}
}

// luminance is the relative luminance of a CSS rgb() or rgba() colour.
func luminance(css string) float64 {
	var r, g, b float64
	if _, err := fmt.Sscanf(css, "rgb(%g, %g, %g)", &r, &g, &b); err != nil {
		var a float64
		if _, err := fmt.Sscanf(css, "rgba(%g, %g, %g, %g)", &r, &g, &b, &a); err != nil {
			return -1
		}
	}
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
