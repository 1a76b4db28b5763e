package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// previewCardID is the id of the card static/js/previews.js shows.
const previewCardID = "_preview"

// box is an element's rectangle in the viewport, in CSS pixels.
type box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

func (b box) overlaps(o box) bool {
	return b.Left < o.Right && o.Left < b.Right && b.Top < o.Bottom && o.Top < b.Bottom
}

// cardState is what a reader can see of the preview card, and of the
// link under test (window.__link) that it describes.
type cardState struct {
	Shown     bool    `json:"shown"` // in the page, not hidden, with a size
	Role      string  `json:"role"`
	Text      string  `json:"text"`
	Described bool    `json:"described"` // the link's aria-describedby names the card
	Card      box     `json:"card"`
	Link      []box   `json:"link"` // the link's lines
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Open      string  `json:"open"`  // the href of the card's "Open page" link, when it shows
	Close     bool    `json:"close"` // the card's close button shows
	Href      string  `json:"href"`  // the link's href, resolved
}

const cardStateJS = `(() => {
	const c = document.getElementById("` + previewCardID + `"), a = window.__link;
	const r = e => { const b = e.getBoundingClientRect(); return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
	const visible = e => !!e && !e.closest("[hidden]") && e.getBoundingClientRect().height > 0;
	const open = c && c.querySelector(".preview-open"), close = c && c.querySelector(".preview-close");
	return {
		shown: visible(c), role: c ? c.getAttribute("role") || "" : "", text: c ? c.textContent : "",
		described: !!a && (a.getAttribute("aria-describedby") || "").split(/\s+/).includes("` + previewCardID + `"),
		card: c ? r(c) : {}, link: a ? [...a.getClientRects()].map(b => ({left: b.left, top: b.top, right: b.right, bottom: b.bottom})) : [],
		width: document.documentElement.clientWidth, height: window.innerHeight,
		open: visible(open) ? open.href : "", close: visible(close), href: a ? a.href : "",
	};
})()`

// TestLinkPreviewsInChromium builds this repository's site as gloss build
// does and, in headless Chromium, opens a principle page from disk (the
// offline variant, from its zip) and over HTTP (the hosted variant, under
// a subpath). In each it presses Tab until a link in the text to another
// page has the focus, and checks that the card shows with the title of
// that page (read from the build, not from the card's template), is
// described to assistive technology, stays in the viewport and off the
// link's line, and that Escape hides it; then it hovers another such link
// with the mouse and sees its card, which Escape hides too. At a 375 px
// wide viewport with touch, a tap on a link shows the card, with "Open
// page" and a close button, instead of opening the link; "Open page"
// opens it.
func TestLinkPreviewsInChromium(t *testing.T) {
	o := buildRepo(t)
	dir := t.TempDir()
	unzip(t, o.Zip.Bytes(), dir)
	root := filepath.Join(dir, o.ZipName)
	fileURL := func(p string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, filepath.FromSlash(p)))}).String()
	}
	files := &subpathHandler{prefix: subpath, files: o.Hosted.Files}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" { // the browser's own guess, outside the site
			w.WriteHeader(http.StatusNoContent)
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	hostedURL := func(p *graph.Page) string { return srv.URL + subpath + p.URL }

	var principle *graph.Page
	for _, p := range o.Offline.Site.Pages {
		if p.Section == "principles" && p.Kind == graph.Regular && principle == nil {
			principle = p
		}
	}
	if principle == nil {
		t.Fatal("the site has no principle page")
	}

	ctx, rec := startChromium(t, srv.URL+subpath, srv.URL+"/favicon.ico")
	do, open := actions(t, ctx, rec)
	state := func() cardState {
		t.Helper()
		return evalJS[cardState](t, ctx, rec, cardStateJS)
	}
	waitCard := func(what string, shown bool) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		pred := fmt.Sprintf(`(() => { const c = document.getElementById(%q); return %v === (!!c && !c.hidden && c.getBoundingClientRect().height > 0); })()`, previewCardID, shown)
		if _, err := chromedp.Run(sctx, chromedp.Poll[bool](pred, chromedp.WithPollingTimeout(stepTimeout))); err != nil {
			t.Fatalf("%s: waiting for the card to be %s: %v (card: %+v)\n%s", what, map[bool]string{true: "shown", false: "hidden"}[shown], err, state(), rec.report())
		}
	}
	// checkCard checks the shown card against the page its link points to.
	checkCard := func(what string, titles map[string]string, role string) cardState {
		t.Helper()
		st := state()
		target, _, _ := strings.Cut(st.Href, "#")
		title, ok := titles[target]
		if !ok {
			t.Fatalf("%s: the link %s is not to a page of the build", what, st.Href)
		}
		if !st.Shown || !strings.Contains(st.Text, title) {
			t.Errorf("%s: the card for %s shows %v, text %q; want the title %q", what, st.Href, st.Shown, strings.TrimSpace(st.Text), title)
		}
		if st.Role != role || !st.Described {
			t.Errorf("%s: card role %q, link described by it %v; want %q and true", what, st.Role, st.Described, role)
		}
		if c := st.Card; c.Left < 0 || c.Top < 0 || c.Right > st.Width || c.Bottom > st.Height {
			t.Errorf("%s: the card %+v leaves the %gx%g viewport", what, c, st.Width, st.Height)
		}
		for _, line := range st.Link {
			if st.Card.overlaps(line) {
				t.Errorf("%s: the card %+v covers the link's line %+v", what, st.Card, line)
			}
		}
		return st
	}
	// pick marks the first link of main (after skip of them) whose page is
	// in titles and not the page itself as window.__link, scrolled to the
	// middle of the viewport, and returns the middle of its first line.
	pick := func(titles map[string]string, here string, skip int) (x, y float64) {
		t.Helper()
		hrefs := evalJS[[]string](t, ctx, rec, `[...document.querySelectorAll("main a[href]")].map(a => a.href)`)
		for i, h := range hrefs {
			target, _, _ := strings.Cut(h, "#")
			if _, ok := titles[target]; !ok || target == here {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			pt := evalJS[[]float64](t, ctx, rec, fmt.Sprintf(`(() => { const a = document.querySelectorAll("main a[href]")[%d];
				window.__link = a; a.scrollIntoView({block: "center"}); const r = a.getClientRects()[0];
				return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; })()`, i))
			return pt[0], pt[1]
		}
		t.Fatalf("no link in the main content of %s to another page", here)
		return 0, 0
	}

	for _, v := range []struct {
		name, here string
		titles     map[string]string
	}{
		{"offline, from disk", fileURL(principle.OutPath), pageTitles(o.Offline.Site, func(p *graph.Page) string { return fileURL(p.OutPath) })},
		{"hosted, over HTTP", hostedURL(principle), pageTitles(o.Hosted.Site, hostedURL)},
	} {
		open(v.name+": opening "+v.here, chromedp.Navigate(v.here))
		if n := evalJS[int](t, ctx, rec, `document.querySelectorAll("template.preview").length`); n == 0 {
			t.Fatalf("%s: the page has no preview templates", v.name)
		}

		// Keyboard: Tab to the first link in the text to another page.
		var focused string
		for i := 0; i < 300 && focused == ""; i++ {
			do(v.name+": Tab", chromedp.KeyEvent(kb.Tab))
			h := evalJS[string](t, ctx, rec, `(() => { const a = document.activeElement;
				if (!a || a.tagName !== "A" || !a.closest("main")) return "";
				window.__link = a; return a.href; })()`)
			target, _, _ := strings.Cut(h, "#")
			if _, ok := v.titles[target]; ok && target != v.here {
				focused = h
			}
		}
		if focused == "" {
			t.Fatalf("%s: Tab never reached a link in the text to another page", v.name)
		}
		waitCard(v.name+": focus on "+focused, true)
		checkCard(v.name+": focus on "+focused, v.titles, "tooltip")
		do(v.name+": Escape", chromedp.KeyEvent(kb.Escape))
		if st := state(); st.Shown || st.Described {
			t.Errorf("%s: after Escape the card shows %v, the link is described by it %v", v.name, st.Shown, st.Described)
		}

		// Mouse: hover another link, out of focus.
		evalJS[bool](t, ctx, rec, `(document.activeElement.blur(), true)`)
		x, y := pick(v.titles, v.here, 1)
		do(v.name+": hovering a link", chromedp.MouseEvent("mouseMoved", x, y))
		waitCard(v.name+": hovering a link", true)
		checkCard(v.name+": hover", v.titles, "tooltip")
		if path := os.Getenv("GLOSS_PREVIEW_SCREENSHOT"); path != "" && strings.HasPrefix(v.name, "offline") {
			screenshot(t, ctx, path)
		}
		// The shown card fades in, unless the reader prefers reduced
		// motion; it is not printed.
		for _, m := range []struct {
			media, feature, value, js, want string
		}{
			{"", "prefers-reduced-motion", "no-preference", `getComputedStyle(c).animationName.replace(/^preview-in(-above)?$/, "a fade-in")`, "a fade-in"},
			{"", "prefers-reduced-motion", "reduce", "getComputedStyle(c).animationName", "none"},
			{"print", "prefers-reduced-motion", "no-preference", "getComputedStyle(c).display", "none"},
		} {
			do(v.name+": emulating "+m.media+" "+m.value, emulateMedia(m.media, m.feature, m.value))
			if got := evalJS[string](t, ctx, rec, `(() => { const c = document.getElementById("`+previewCardID+`"); return `+m.js+`; })()`); got != m.want {
				t.Errorf("%s: media %q, %s: %s: %q, want %q", v.name, m.media, m.value, m.js, got, m.want)
			}
		}
		do(v.name+": back to screen media", emulateMedia("", "prefers-reduced-motion", "no-preference"))
		do(v.name+": Escape while hovering", chromedp.KeyEvent(kb.Escape))
		if st := state(); st.Shown {
			t.Errorf("%s: after Escape over the link the card still shows", v.name)
		}
		// The pointer leaves and comes back: the card shows again; it
		// leaves the link for good: the card goes.
		do(v.name+": pointer away", chromedp.MouseEvent("mouseMoved", 1, 1))
		do(v.name+": pointer back", chromedp.MouseEvent("mouseMoved", x, y))
		waitCard(v.name+": hovering the link again", true)
		do(v.name+": pointer away", chromedp.MouseEvent("mouseMoved", 1, 1))
		waitCard(v.name+": pointer gone", false)

		// A citation shows its entry of the list of sources, copied
		// without its ids.
		cite := evalJS[[]float64](t, ctx, rec, `(() => { const a = document.querySelector("main a[role=doc-biblioref]");
			if (!a) return []; window.__link = a; a.scrollIntoView({block: "center"}); const r = a.getClientRects()[0];
			return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
		if len(cite) != 2 {
			t.Fatalf("%s: %s has no citation to hover", v.name, v.here)
		}
		do(v.name+": hovering a citation", chromedp.MouseEvent("mouseMoved", cite[0], cite[1]))
		waitCard(v.name+": hovering a citation", true)
		type citeCard struct {
			Source string `json:"source"` // the text of the cited entry
			Card   string `json:"card"`
			IDs    int    `json:"ids"` // elements with an id inside the card
		}
		got := evalJS[citeCard](t, ctx, rec, `(() => { const c = document.getElementById("`+previewCardID+`");
			const norm = s => s.replace(/\s+/g, " ").trim();
			return {source: norm(document.getElementById(decodeURIComponent(window.__link.hash.slice(1))).textContent),
				card: norm(c.textContent), ids: c.querySelectorAll("[id]").length}; })()`)
		if got.Source == "" || !strings.Contains(got.Card, got.Source) || got.IDs != 0 {
			t.Errorf("%s: a citation's card reads %q with %d ids; want the source %q and no ids", v.name, got.Card, got.IDs, got.Source)
		}
		do(v.name+": pointer away", chromedp.MouseEvent("mouseMoved", 1, 1))
		waitCard(v.name+": pointer gone from the citation", false)
	}

	// Touch, on a narrow phone: a tap shows the card instead of opening.
	do("a 375 px touch screen", chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
	here := fileURL(principle.OutPath)
	titles := pageTitles(o.Offline.Site, func(p *graph.Page) string { return fileURL(p.OutPath) })
	open("touch: opening "+here, chromedp.Navigate(here))
	x, y := pick(titles, here, 0)
	do("touch: tapping a link", chromedp.TapXY(x, y))
	waitCard("touch: a tap", true)
	st := checkCard("touch: a tap", titles, "dialog")
	if loc := evalJS[string](t, ctx, rec, `location.href`); loc != here {
		t.Fatalf("touch: the first tap opened %s", loc)
	}
	if st.Width > 375 || st.Open != st.Href || !st.Close {
		t.Errorf("touch: viewport %g px wide; the card's Open page link %q (want %q), close button shown %v", st.Width, st.Open, st.Href, st.Close)
	}
	if !strings.Contains(st.Text, "Open page") {
		t.Errorf("touch: the card does not say Open page: %q", st.Text)
	}
	// The close button closes it; a tap shows it again, and Open page opens the page.
	cx, cy := centre(t, ctx, rec, "#"+previewCardID+" .preview-close")
	do("touch: tapping Close", chromedp.TapXY(cx, cy))
	waitCard("touch: Close", false)
	do("touch: tapping the link again", chromedp.TapXY(x, y))
	waitCard("touch: another tap", true)
	ox, oy := centre(t, ctx, rec, "#"+previewCardID+" .preview-open")
	open("touch: tapping Open page", chromedp.TapXY(ox, oy))
	target, _, _ := strings.Cut(st.Href, "#")
	if loc := evalJS[string](t, ctx, rec, `location.href`); strings.SplitN(loc, "#", 2)[0] != target {
		t.Errorf("touch: Open page opened %s, want %s", loc, st.Href)
	}

	do("waiting", chromedp.Sleep(200*time.Millisecond))
	for _, p := range rec.problems() {
		t.Error(p)
	}

	// With JavaScript off, links are plain links and no card exists; the
	// templates show nothing.
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	_, err := call(sctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	open("opening "+here+" with JavaScript off", chromedp.Navigate(here))
	type plain struct {
		Card      bool `json:"card"`      // the card element exists
		Templates int  `json:"templates"` // preview templates in the page
		Shown     bool `json:"shown"`     // any of them takes room
		Described int  `json:"described"` // links described by something
	}
	if got := evalJS[plain](t, ctx, rec, `({card: !!document.getElementById("`+previewCardID+`"),
		templates: document.querySelectorAll("template.preview").length,
		shown: [...document.querySelectorAll("template.preview")].some(e => e.getBoundingClientRect().height > 0),
		described: document.querySelectorAll("main a[aria-describedby]").length})`); got.Card || got.Templates == 0 || got.Shown || got.Described > 0 {
		t.Errorf("with JavaScript off: %+v; want no card, templates that take no room, no link described", got)
	}
}

// pageTitles maps the URL of every page of site, as urlOf gives it, to
// its title.
func pageTitles(site *graph.Site, urlOf func(*graph.Page) string) map[string]string {
	m := map[string]string{}
	for _, p := range site.Pages {
		m[urlOf(p)] = p.Meta.Title
	}
	return m
}

// evalJS evaluates a JavaScript expression in the page, failing the test
// with what the browser recorded if it cannot.
func evalJS[T any](t *testing.T, ctx context.Context, rec *recorder, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v\n%s", expr, err, rec.report())
	}
	return v
}

// centre returns the middle of the element sel, which must show.
func centre(t *testing.T, ctx context.Context, rec *recorder, sel string) (x, y float64) {
	t.Helper()
	pt := evalJS[[]float64](t, ctx, rec, fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		if (!e) return []; const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, sel))
	if len(pt) != 2 {
		t.Fatalf("no %s in the page", sel)
	}
	return pt[0], pt[1]
}

// screenshot writes the viewport as a PNG.
func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Sleep(300*time.Millisecond)); err != nil { // the card's fade-in
		t.Fatal(err)
	}
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// emulateMedia sets the media type ("" for the screen) and one media
// feature of the page.
func emulateMedia(media, feature, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media,
			Features: []*emulation.MediaFeature{{Name: feature, Value: value}}})
		return err
	})
}
