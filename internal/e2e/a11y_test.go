package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/publish"
)

// axeTags are the rules the accessibility test runs: WCAG 2.0 and 2.1,
// levels A and AA; axeRules are best-practice rules it runs besides.
// landmark-unique: every landmark has a name of its own among those of
// its role, so that a screen reader's list of landmarks tells them apart
// (the print-all page has the notes of many pages).
var (
	axeTags  = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}
	axeRules = []string{"landmark-unique"}
)

// axeResult is what the test keeps of one run of axe-core.
type axeResult struct {
	Version    string    `json:"version"`
	Passes     int       `json:"passes"`
	Incomplete int       `json:"incomplete"` // rules axe could not decide, such as contrast over a gradient
	Violations []axeRule `json:"violations"`
	Applied    []string  `json:"applied"` // the rules that found elements to check, passed or not
}

type axeRule struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	Summary string   `json:"summary"`
}

// runAxe is the script that runs axe-core on the page and returns its
// result as axeResult's JSON.
var runAxe = func() string {
	tags, _ := json.Marshal(axeTags)
	rules := map[string]map[string]bool{}
	for _, r := range axeRules {
		rules[r] = map[string]bool{"enabled": true}
	}
	enable, _ := json.Marshal(rules)
	return `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, rules: ` + string(enable) + `, resultTypes: ["violations"], preload: false}).then(r => JSON.stringify({
	version: r.testEngine.version, passes: r.passes.length, incomplete: r.incomplete.length,
	applied: [...r.passes, ...r.violations, ...r.incomplete].map(v => v.id),
	violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""}))})),
}))`
}()

// scheme is one way a reader sees the site: a width and a colour scheme.
type scheme struct {
	name   string
	width  int64
	height int64
	mobile bool
	dark   bool
}

var schemes = []scheme{
	{"light, 1280 px", 1280, 900, false, false},
	{"dark, 1280 px", 1280, 900, false, true},
	{"light, 375 px", 375, 812, true, false},
	{"dark, 375 px", 375, 812, true, true},
}

// emulate sets the viewport and the reader's preferred colour scheme.
func (s scheme) emulate() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		opts := []chromedp.EmulateViewportOption{}
		if s.mobile {
			opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile)
		}
		if _, err := chromedp.EmulateViewport(s.width, s.height, opts...)(ctx, tg); err != nil {
			return err
		}
		value := "light"
		if s.dark {
			value = "dark"
		}
		if _, err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}}}); err != nil {
			return err
		}
		// The page in front (Page.bringToFront, stable), so that focus()
		// in a test moves the focus as a reader's Tab would.
		_, err := call(ctx, page.BringToFront, cdp.Empty{})
		return err
	})
}

// offlineSite builds this repository's site and writes its offline
// variant to a folder, returning a file:// URL maker and the site paths
// of every HTML page, sorted.
func offlineSite(t *testing.T) (fileURL func(string) string, pages []string) {
	t.Helper()
	_, fileURL, pages = writeOffline(t, buildRepo(t))
	return fileURL, pages
}

// writeOffline writes the offline variant of a build to a folder, as
// offlineSite does.
func writeOffline(t *testing.T, o *publish.Report) (dir string, fileURL func(string) string, pages []string) {
	t.Helper()
	dir = t.TempDir()
	writeOutput(t, o.Offline, dir, nil)
	for p := range o.Offline.Files {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	slices.Sort(pages)
	if len(pages) < 40 {
		t.Fatalf("the offline build has only %d pages", len(pages))
	}
	return dir, func(p string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))}).String()
	}, pages
}

// TestAccessibility opens every page of this repository's offline build
// from disk in headless Chromium (and the hosted build's pages the offline
// one has not, 404.html, over HTTP), at 1280 and 375 CSS pixels, with the
// reader's system set to light and to dark, and runs axe-core's WCAG 2.0
// and 2.1 A and AA rules on each, with the best-practice rules axeRules
// names (on the print-all page, landmark-unique must have found
// landmarks to compare): there must be no violation. Each one is
// reported with its page, scheme, rule and the selectors of the elements
// at fault. On a principle page it also runs axe with the parts that show
// only on demand shown: a link's preview card, search results and, on a
// phone, an opened sidenote.
func TestAccessibility(t *testing.T) {
	axeSrc, err := os.ReadFile(filepath.Join(nodeTools(t), "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	o := buildRepo(t)
	_, fileURL, offlinePages := writeOffline(t, o)
	const statesPage = "principles/second/index.html"
	if !slices.Contains(offlinePages, statesPage) {
		t.Fatalf("the build has no %s", statesPage)
	}
	// Pages only the hosted build has (404.html), whose URLs start at the
	// site's root path, are served as a host serves them, at site_url's path.
	u, err := url.Parse(o.Hosted.Site.Settings.SiteURL)
	if err != nil {
		t.Fatal(err)
	}
	prefix := strings.TrimSuffix(u.Path, "/") + "/"
	srv := httptest.NewServer(&subpathHandler{prefix: prefix, files: o.Hosted.Files})
	defer srv.Close()
	type target struct{ name, url string }
	var pages []target
	for _, p := range offlinePages {
		pages = append(pages, target{p, fileURL(p)})
	}
	for p := range o.Hosted.Files {
		if _, ok := o.Offline.Files[p]; !ok && strings.HasSuffix(p, ".html") {
			pages = append(pages, target{p + " (hosted)", srv.URL + prefix + p})
		}
	}
	slices.SortFunc(pages[len(offlinePages):], func(a, b target) int { return strings.Compare(a.name, b.name) })

	ctx, rec := startChromium(t, srv.URL+prefix, srv.URL+"/favicon.ico")
	do, open := actions(t, ctx, rec)
	check := func(where string) axeResult {
		t.Helper()
		if !evalJS[bool](t, ctx, rec, `typeof axe === "object"`) {
			evalJS[bool](t, ctx, rec, string(axeSrc)+";\ntrue")
		}
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		raw, err := chromedp.Run(sctx, chromedp.Evaluate[string](runAxe, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: running axe: %v\n%s", where, err, rec.report())
		}
		var r axeResult
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			t.Fatalf("%s: axe's result: %v", where, err)
		}
		if r.Passes == 0 {
			t.Errorf("%s: axe %s passed no rule: it cannot have looked at the page", where, r.Version)
		}
		for _, v := range r.Violations {
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %s (%s): %s", where, v.ID, v.Impact, v.Help)
			for _, n := range v.Nodes {
				fmt.Fprintf(&b, "\n\t%s", strings.Join(n.Target, " "))
				if s := failure(n.Summary); s != "" {
					fmt.Fprintf(&b, "\n\t\t%s", s)
				}
			}
			t.Error(b.String())
		}
		return r
	}

	var version string
	runs, incomplete := 0, 0
	for _, s := range schemes {
		do(s.name, s.emulate())
		checked := 0
		for _, p := range pages {
			open(s.name+": opening "+p.name, chromedp.Navigate(p.url))
			r := check(p.name + " (" + s.name + ")")
			// The print-all page holds the notes of many pages, each a
			// landmark: axe must have compared their names.
			if p.name == printPage && !slices.Contains(r.Applied, "landmark-unique") {
				t.Errorf("%s (%s): axe did not apply landmark-unique", p.name, s.name)
			}
			version = r.Version
			runs++
			incomplete += r.Incomplete
			checked++
		}
		if checked != len(pages) {
			t.Errorf("%s: axe ran on %d of %d pages", s.name, checked, len(pages))
		}

		// What shows on demand.
		open(s.name+": opening "+statesPage, chromedp.Navigate(fileURL(statesPage)))
		where := statesPage + " (" + s.name + ")"
		states := []struct{ name, setup, ready string }{
			{"with a preview card", `(() => { const a = [...document.querySelectorAll("main a[href]")].find(a => !a.getAttribute("href").startsWith("#"));
				if (a) { a.scrollIntoView({block: "center"}); a.focus(); } return !!a; })()`,
				`(() => { const c = document.getElementById("_preview"); return !!c && !c.hidden; })()`},
			{"with search results", `(() => { const i = document.getElementById("_search-input"); i.focus(); i.value = "huawei";
				i.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`,
				`(() => { const l = document.getElementById("_search-results"); return !l.hidden && l.children.length > 0; })()`},
		}
		if s.mobile {
			states = append(states, struct{ name, setup, ready string }{"with a sidenote open",
				`(document.activeElement.blur(), document.querySelector(".sidenote-toggle").click(), true)`,
				`document.querySelector(".sidenote.is-open") !== null`})
		}
		for _, st := range states {
			if !evalJS[bool](t, ctx, rec, st.setup) {
				t.Fatalf("%s: cannot set up the page %s", where, st.name)
			}
			// Ready, and done fading in: axe reads the colours on show.
			ready := st.ready + ` && document.getAnimations().every(a => a.playState !== "running")`
			sctx, cancel := context.WithTimeout(ctx, stepTimeout)
			_, err := chromedp.Run(sctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(stepTimeout)))
			cancel()
			if err != nil {
				t.Fatalf("%s: waiting for the page %s: %v\n%s", where, st.name, err, rec.report())
			}
			check(where + " " + st.name)
			runs++
		}
	}
	if want := len(pages)*len(schemes) + 2*len(schemes) + 2; runs != want {
		t.Errorf("axe ran %d times, want %d", runs, want)
	}
	t.Logf("axe-core %s: %d runs over %d pages in %d schemes, %d undecided results (needing review)", version, runs, len(pages), len(schemes), incomplete)
	if p := rec.problems(); len(p) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(p, "\n"))
	}
}

// failure returns what axe says is wrong with an element, on one line,
// without its "Fix any of the following:" headings.
func failure(summary string) string {
	var out []string
	for _, l := range strings.Split(summary, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "Fix any") && !strings.HasPrefix(l, "Fix all") {
			out = append(out, l)
		}
	}
	return strings.Join(out, " / ")
}
