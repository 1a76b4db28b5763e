package e2e

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// tocEntry is one entry of a page's "On this page" list, as a reader
// meets it.
type tocEntry struct {
	Text   string `json:"text"`
	Target string `json:"target"` // the tag of the heading it links to: "h2", "h3"
	Depth  int    `json:"depth"`  // how many lists hold it within the nav: 1, 2
	Number int    `json:"number"` // its place in its own list, from 1: the number an <ol> shows
	Parent string `json:"parent"` // at depth 2, the text of the entry whose list holds it
}

const readTOC = `[...document.querySelectorAll("nav.toc li > a")].map(a => {
	const li = a.parentElement, t = document.getElementById(decodeURIComponent(a.hash.slice(1)));
	let depth = 0;
	for (let e = li; e && !e.matches("nav.toc"); e = e.parentElement) if (e.tagName === "OL" || e.tagName === "UL") depth++;
	const outer = li.parentElement.closest("li");
	return {text: a.textContent, target: t ? t.tagName.toLowerCase() : "", depth,
		number: [...li.parentElement.children].indexOf(li) + 1,
		parent: outer && outer.querySelector(":scope > a") ? outer.querySelector(":scope > a").textContent : ""};
})`

// TestTableOfContentsNumbers opens, from disk, every page of this
// repository's offline build that lists its headings ("On this page") and
// reads the list as a reader meets it: each heading of level 2 is an entry
// of the numbered list, numbered 1, 2, 3… in order, and each heading of
// level 3 is listed inside the entry of the level-2 heading before it, so
// that it takes no number from the outer list (where it made "1, 3, 4…")
// and a screen reader hears it as part of that entry.
func TestTableOfContentsNumbers(t *testing.T) {
	o := buildRepo(t)
	_, fileURL, pages := writeOffline(t, o)
	ctx, rec := startChromium(t)
	do, open := actions(t, ctx, rec)
	do("a 1280 px window", chromedp.EmulateViewport(1280, 900))
	lists, nested := 0, 0
	for _, p := range pages {
		if !bytes.Contains(o.Offline.Files[p], []byte(`<nav class="toc"`)) {
			continue
		}
		lists++
		open("opening "+p, chromedp.Navigate(fileURL(p)))
		entries := evalJS[[]tocEntry](t, ctx, rec, readTOC)
		if len(entries) == 0 {
			t.Errorf("%s: the list of headings has no entry", p)
		}
		h2, h3, last := 0, 0, ""
		for _, e := range entries {
			var want tocEntry
			switch e.Target {
			case "h2":
				h2, h3, last = h2+1, 0, e.Text
				want = tocEntry{Text: e.Text, Target: "h2", Depth: 1, Number: h2}
			case "h3":
				h3++
				nested++
				want = tocEntry{Text: e.Text, Target: "h3", Depth: 2, Number: h3, Parent: last}
			default:
				t.Errorf("%s: the entry %q leads to no heading of level 2 or 3 (%q)", p, e.Text, e.Target)
				continue
			}
			if e != want {
				t.Errorf("%s: the entry %q is %s; want %s", p, e.Text, describe(e), describe(want))
			}
		}
	}
	if lists == 0 || nested == 0 {
		t.Fatalf("%d pages list their headings, with %d of level 3: the test reads nothing", lists, nested)
	}
	t.Logf("%d pages list their headings, %d entries of level 3", lists, nested)
	if p := rec.problems(); len(p) > 0 {
		t.Errorf("the browser reported:\n%s", rec.report())
	}
}

func describe(e tocEntry) string {
	s := fmt.Sprintf("number %d of a list %d deep", e.Number, e.Depth)
	if e.Parent != "" {
		s += fmt.Sprintf(", inside %q", e.Parent)
	}
	return s
}
