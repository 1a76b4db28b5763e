package layout

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func timelinePages() []*Link {
	actor := func(a string) map[string]any { return map[string]any{"actor": a} }
	return []*Link{
		{Title: "Initiative", URL: "../initiative/", Date: day("2013-06-06")},
		{Title: "First PRC", URL: "../prc-1/", Date: day("2014-03-01"), Params: actor("PRC")},
		{Title: "First US", URL: "../us-1/", Date: day("2015-01-01"), Params: actor("US")},
		{Title: "Close A", URL: "../us-2/", Date: day("2020-08-05"), Params: actor("US")},
		{Title: "Close B", URL: "../us-3/", Date: day("2020-08-06"), Params: actor("US")},
		{Title: `"Quoted" <b>&</b>`, URL: "../x/?a=1&b=\"2\"", Date: day("2020-12-31"), Params: actor(`<Odd & "Actor">`)},
		{Title: "Later", URL: "../later/index.html", Date: day("2026-01-15"), Params: actor("PRC")},
	}
}

var (
	dotRe   = regexp.MustCompile(`<a href="([^"]*)" tabindex="-1"><title>([^<]*)</title><circle class="tl-dot" cx="([0-9.]+)" cy="([0-9.]+)"`)
	laneRe  = regexp.MustCompile(`<g class="tl-lane" data-lane="([^"]*)">`)
	yearRe  = regexp.MustCompile(`<text class="tl-year"[^>]*>(\d+)</text>`)
	labelRe = regexp.MustCompile(`<text class="tl-label"[^>]*>([^<]*)</text>`)
)

func TestDrawTimeline(t *testing.T) {
	svg := string(drawTimeline(timelinePages(), "actor", "Other"))

	// Hidden from assistive technology, links out of the tab order: the
	// list is the text alternative.
	if !strings.HasPrefix(svg, `<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 `) ||
		!strings.Contains(svg[:200], `aria-hidden="true"`) {
		t.Errorf("svg element: %.200s", svg)
	}
	if n, m := strings.Count(svg, "<a "), strings.Count(svg, `tabindex="-1"`); n != 7 || m != 7 {
		t.Errorf("%d links, %d out of the tab order; want 7 and 7", n, m)
	}

	// Lanes in order of their first page, the pages without an actor last;
	// labels and data-lane escaped.
	var lanes, labels []string
	for _, m := range laneRe.FindAllStringSubmatch(svg, -1) {
		lanes = append(lanes, m[1])
	}
	for _, m := range labelRe.FindAllStringSubmatch(svg, -1) {
		labels = append(labels, html.UnescapeString(m[1]))
	}
	if want := []string{"PRC", "US", "&lt;Odd &amp; &#34;Actor&#34;&gt;", "Other"}; !slices.Equal(lanes, want) {
		t.Errorf("lanes %q, want %q", lanes, want)
	}
	if want := []string{"PRC", "US", `<Odd & "Actor">`, "Other"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}

	// Every year from the first to the last is labelled, 2026 included.
	var years []string
	for _, m := range yearRe.FindAllStringSubmatch(svg, -1) {
		years = append(years, m[1])
	}
	if len(years) != 14 || years[0] != "2013" || years[len(years)-1] != "2026" {
		t.Errorf("years %q, want 2013 to 2026", years)
	}

	// A dot per page, linking to it, later no further left; two dates a day
	// apart in one lane are stacked, not drawn over each other.
	type dot struct {
		href, title string
		x, y        float64
	}
	dots := map[string]dot{}
	for _, m := range dotRe.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[3], 64)
		y, _ := strconv.ParseFloat(m[4], 64)
		title := html.UnescapeString(m[2])
		dots[title[strings.Index(title, ": ")+2:]] = dot{html.UnescapeString(m[1]), title, x, y}
	}
	if len(dots) != 7 {
		t.Fatalf("%d dots found, want 7:\n%s", len(dots), svg)
	}
	for i, l := range timelinePages() {
		d, ok := dots[l.Title]
		if !ok || d.href != l.URL || !strings.HasPrefix(d.title, l.Date.Format("2 January 2006")+": ") {
			t.Errorf("page %q: dot %+v", l.Title, d)
		}
		if i > 0 {
			if prev := dots[timelinePages()[i-1].Title]; d.x < prev.x {
				t.Errorf("%q (x=%v) is left of %q (x=%v)", l.Title, d.x, timelinePages()[i-1].Title, prev.x)
			}
		}
	}
	if a, b := dots["Close A"], dots["Close B"]; a.y == b.y {
		t.Errorf("two dates a day apart share a row: %+v %+v", a, b)
	}
	if a, b := dots["First US"], dots["Close A"]; a.y != b.y {
		t.Errorf("dots far apart are in different rows: %+v %+v", a, b)
	}

	// Nothing leaves its attribute or element; the same pages draw the
	// same bytes.
	if strings.Contains(svg, "<b>") || strings.Contains(svg, `"2"`) || strings.Contains(svg, "<Odd") {
		t.Errorf("unescaped text:\n%s", svg)
	}
	if again := string(drawTimeline(timelinePages(), "actor", "Other")); again != svg {
		t.Error("two drawings of the same pages differ")
	}
	if _, err := html.Parse(strings.NewReader(svg)); err != nil {
		t.Error(err)
	}
	if got := drawTimeline(nil, "actor", "Other"); got != "" {
		t.Errorf("no pages: %q, want nothing", got)
	}
}

// TestDrawTimelineCrowdedYears: a long span labels every few years, so
// that the labels do not run into each other.
func TestDrawTimelineCrowdedYears(t *testing.T) {
	svg := string(drawTimeline([]*Link{{Title: "a", Date: day("1950-01-01")}, {Title: "b", Date: day("2025-01-01")}}, "actor", "Other"))
	var xs []float64
	for _, m := range regexp.MustCompile(`<text class="tl-year" x="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		xs = append(xs, x)
	}
	if len(xs) < 5 || len(xs) > 20 {
		t.Fatalf("%d year labels for 76 years", len(xs))
	}
	for i := 1; i < len(xs); i++ {
		if xs[i]-xs[i-1] < tlYearMin {
			t.Errorf("year labels %v and %v are %v apart", xs[i-1], xs[i], xs[i]-xs[i-1])
		}
	}
}
