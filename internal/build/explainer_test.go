package build_test

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/theme"

	xhtml "golang.org/x/net/html"
)

// TestExplainerShape loads this repository's explainer and checks the
// shape its readers rely on: eight principles, each quoting its official
// wording in English and in Chinese (marked lang="zh-Hans") and naming at
// least one counter-example; counter-examples that say when, whose conduct
// and how firm the evidence is on the one scale the counter-examples'
// index defines (and the actor's response), with sources, each challenged
// by some principle; several actors, not one, with cases after 2020 for
// both China and the United States; a glossary whose
// every term is used; an article and principles annotated with sidenotes,
// glossary terms and citations; and a check with no errors or warnings.
func TestExplainerShape(t *testing.T) {
	res := buildOnce(t, theme.Overlay(os.DirFS("../..")), build.Options{})
	if len(res.Diags) > 0 {
		var b strings.Builder
		res.Diags.Write(&b, "text")
		t.Fatalf("gloss check is not clean:\n%s", b.String())
	}
	site := res.Site
	section := func(key string) *graph.Page {
		p := site.ByKey[key]
		if p == nil || p.Kind != graph.Section {
			t.Fatalf("no section %q", key)
		}
		return p
	}

	principles := section("principles").Pages
	if len(principles) != 8 {
		t.Errorf("%d principles, want 8", len(principles))
	}
	blockquote := regexp.MustCompile(`(?m)^> \S`)
	zhQuote := regexp.MustCompile(`<div lang="zh-Hans">\s*<blockquote>\s*<p>\p{Han}`)
	for i, p := range principles {
		if p.Meta.Weight != i+1 {
			t.Errorf("%s: weight %d, want %d (principles are ordered 1–8)", p.File, p.Meta.Weight, i+1)
		}
		if !blockquote.Match(p.Body) {
			t.Errorf("%s: no blockquote with the official wording", p.File)
		}
		// Both languages: the English quotation above, and the Chinese
		// original as a quotation marked lang="zh-Hans".
		if !zhQuote.Match(res.Files[p.OutPath]) {
			t.Errorf("%s: no Chinese quotation (a blockquote inside ::: {lang=zh-Hans})", p.File)
		}
		if n := len(relation(p, "counterexamples")); n == 0 {
			t.Errorf("%s: no counter-examples", p.File)
		}
		if len(p.Meta.Sources) == 0 {
			t.Errorf("%s: no sources", p.File)
		}
	}
	// A source title in Chinese carries its lang, so that screen readers
	// read it with a Chinese voice and browsers pick a Chinese font; the
	// built list of sources writes it on the title.
	han := regexp.MustCompile(`\p{Han}`)
	langTitle := regexp.MustCompile(` lang="([^"]+)">([^<]*)</`)
	for _, p := range site.Pages {
		for i, s := range p.Meta.Sources {
			if !han.MatchString(s.Title) {
				continue
			}
			if s.Lang != "zh-Hans" && s.Lang != "zh-Hant" {
				t.Errorf("%s: sources[%d] %q has lang %q, want zh-Hans or zh-Hant", p.File, i, s.Title, s.Lang)
				continue
			}
			written := false
			for _, m := range langTitle.FindAllSubmatch(res.Files[p.OutPath], -1) {
				written = written || string(m[1]) == s.Lang && html.UnescapeString(string(m[2])) == s.Title
			}
			if !written {
				t.Errorf("%s: the list of sources does not write %q with lang=%q", p.File, s.Title, s.Lang)
			}
		}
	}
	// Chinese outside the marked quotations, a phrase in a paragraph,
	// is marked too: no run of Han characters in a page's text outside
	// an element with a Chinese lang. (The page's own language is the
	// site's, English.)
	for _, p := range site.Pages {
		if unmarked := unmarkedHan(res.Files[p.OutPath]); unmarked != "" {
			t.Errorf("%s: Chinese text %q with no lang=\"zh-…\" around it (mark a phrase [like this]{lang=zh-Hans})", p.File, unmarked)
		}
	}
	if n := len(section("guiding").Pages); n != 3 {
		t.Errorf("%d guiding principles, want 3", n)
	}

	counter := section("counterexamples").Pages
	if len(counter) < 12 {
		t.Errorf("%d counter-examples, want at least 12", len(counter))
	}
	// The status scale, defined once in content/counterexamples/_index.md
	// and applied to every case of every actor; the actor's answer is a
	// separate params.response.
	statuses := []string{"law", "established", "attributed", "reported", "alleged"}
	responses := []string{"denied", "acknowledged", "disputed", "no comment"}
	scale := string(section("counterexamples").Body)
	for _, word := range append(append([]string{}, statuses...), responses...) {
		if !strings.Contains(scale, "`"+word+"`") && !strings.Contains(scale, "**"+word+"**") {
			t.Errorf("content/counterexamples/_index.md does not define %q", word)
		}
	}
	actors := map[string]bool{}
	// Cases after the initiative's first year, by actor: the explainer
	// follows both sides' conduct to the present.
	recent := map[string]int{}
	for _, c := range counter {
		if c.Meta.Date.IsZero() {
			t.Errorf("%s: no date", c.File)
		}
		if strings.TrimSpace(c.Meta.Summary) == "" {
			t.Errorf("%s: no summary", c.File)
		}
		actor, _ := c.Meta.Params["actor"].(string)
		status, _ := c.Meta.Params["status"].(string)
		if actor == "" {
			t.Errorf("%s: no params.actor", c.File)
		}
		actors[actor] = true
		if !slices.Contains(statuses, status) {
			t.Errorf("%s: params.status %q is not one of %s", c.File, status, strings.Join(statuses, ", "))
		}
		if r, ok := c.Meta.Params["response"]; ok {
			if r, _ := r.(string); !slices.Contains(responses, r) {
				t.Errorf("%s: params.response %q is not one of %s", c.File, r, strings.Join(responses, ", "))
			}
		}
		if c.Meta.Date.Year() >= 2021 {
			recent[actor]++
		}
		withURL := 0
		for _, s := range c.Meta.Sources {
			if strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://") {
				withURL++
			}
		}
		if withURL == 0 {
			t.Errorf("%s: no source with a URL", c.File)
		}
		fromPrinciple := false
		for _, q := range inverse(c, "challenges") {
			if q.Section == "principles" {
				fromPrinciple = true
			}
		}
		if !fromPrinciple {
			t.Errorf("%s: no principle names it as a counter-example", c.File)
		}
	}
	if len(actors) < 2 {
		t.Errorf("counter-examples concern %d actor(s), want at least 2: %v", len(actors), actors)
	}
	for _, actor := range []string{"PRC", "US"} {
		if recent[actor] == 0 {
			t.Errorf("no counter-example after 2020 concerns %s: both sides' conduct is followed to the present", actor)
		}
	}

	glossary := section("glossary").Pages
	if len(glossary) < 8 {
		t.Errorf("%d glossary terms, want at least 8", len(glossary))
	}
	termUse := regexp.MustCompile(`<a class="term" href="[^"]*glossary/([^/"]+)/"`)
	usedTerms := map[string]bool{}
	for _, p := range site.Pages {
		if p.Section == "glossary" {
			continue
		}
		for _, m := range termUse.FindAllStringSubmatch(string(res.Files[p.OutPath]), -1) {
			usedTerms[m[1]] = true
		}
		for _, g := range glossary {
			if strings.Contains(string(p.Body), "glossary/"+g.Slug+".md") {
				usedTerms[g.Slug] = true
			}
		}
	}
	for _, g := range glossary {
		if !usedTerms[g.Slug] {
			t.Errorf("%s: the term is neither marked ([[term]]) nor linked on any page outside the glossary", g.File)
		}
	}

	// The article and every principle use each kind of annotation: a
	// sidenote, a glossary term and a citation.
	for _, p := range append([]*graph.Page{site.ByKey["article"]}, principles...) {
		if p == nil {
			continue
		}
		out := string(res.Files[p.OutPath])
		for what, marker := range map[string]string{"sidenote": `class="sidenote"`, "glossary term": `<a class="term"`, "citation": `role="doc-biblioref"`} {
			if !strings.Contains(out, marker) {
				t.Errorf("%s: no %s", p.File, what)
			}
		}
	}

	article := site.ByKey["article"]
	if article == nil {
		t.Fatal("no content/article.md")
	}
	if !strings.Contains(string(article.Body), "michaelkans.blog/2020/09/16/prc-response-to-u-s-clean-networks") {
		t.Error("the article does not link the credited analysis")
	}
	for _, p := range append(append([]*graph.Page{}, principles...), section("guiding").Pages...) {
		if !strings.Contains(string(article.Body), strings.TrimPrefix(p.File, "content/")) {
			t.Errorf("the article does not link %s", p.File)
		}
	}

	// The home page crosses the principles with the counter-examples: a
	// row for each principle, a column for each case, a mark for each
	// case a principle names.
	home := string(res.Files["index.html"])
	if n := strings.Count(home, `<th scope="row">`); n != len(principles) {
		t.Errorf("the home page's matrix has %d rows, want %d", n, len(principles))
	}
	if n := strings.Count(home, `<th scope="col" class="matrix-col">`); n != len(counter) {
		t.Errorf("the home page's matrix has %d columns, want %d", n, len(counter))
	}
	marks := 0
	for _, p := range principles {
		marks += len(relation(p, "counterexamples"))
	}
	if n := strings.Count(home, `<a class="mark" href=`); n != marks {
		t.Errorf("the home page's matrix has %d marks, want %d", n, marks)
	}

	// The timeline lists every dated page once, in date order.
	tl := string(res.Files["timeline/index.html"])
	if tl == "" {
		t.Fatal("no timeline page")
	}
	var want []string
	for _, p := range site.Pages {
		if !p.Meta.Date.IsZero() {
			want = append(want, p.Meta.Date.Format("2006-01-02")+" "+p.Meta.Title+" "+graph.Href(site.ByKey["timeline"], p, graph.Pretty))
		}
	}
	sort.Strings(want) // by date, then title
	var got []string
	for _, m := range regexp.MustCompile(`<li><time datetime="([0-9-]+)">[^<]*</time>\n<a href="([^"]+)">([^<]*)</a>`).FindAllStringSubmatch(tl, -1) {
		got = append(got, m[1]+" "+html.UnescapeString(m[3])+" "+m[2])
	}
	if !slices.Equal(got, want) {
		t.Errorf("the timeline lists\n\t%s\nwant every dated page in date order:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
func relation(p *graph.Page, name string) []*graph.Page {
	for _, r := range p.Relations {
		if r.Name == name {
			return r.Pages
		}
	}
	return nil
}

func inverse(p *graph.Page, name string) []*graph.Page {
	for _, r := range p.Inverses {
		if r.Name == name {
			return r.Pages
		}
	}
	return nil
}

// unmarkedHan returns the first run of Han characters in page's text that
// no element with a Chinese lang (zh, zh-Hans, zh-Hant) holds, or "".
// Attribute values and the head are not text a reader hears.
func unmarkedHan(page []byte) string {
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	var stack []bool // for each open element, whether it or one around it is Chinese
	inRaw := false
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken:
			name, hasAttr := z.TagName()
			zh := len(stack) > 0 && stack[len(stack)-1]
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "lang" {
					zh = string(v) == "zh" || strings.HasPrefix(string(v), "zh-")
				}
			}
			if !voidElement[string(name)] {
				stack = append(stack, zh)
			}
			// A script's text (JSON-LD) is data, not text a reader hears.
			inRaw = string(name) == "script" || string(name) == "style"
		case xhtml.EndTagToken:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			inRaw = false
		case xhtml.TextToken:
			if len(stack) > 0 && stack[len(stack)-1] || inRaw {
				continue
			}
			if m := hanRun.Find(z.Text()); m != nil {
				return string(m)
			}
		}
	}
}

var hanRun = regexp.MustCompile(`\p{Han}+`)

var voidElement = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
