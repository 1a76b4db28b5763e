package search_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/search"
	"github.com/gloss-ssg/gloss/internal/search/searchtest"
)

// zhSite is tinySite with two pages that quote Chinese, as authors write
// it: in a ::: {lang=zh-Hans} container.
func zhSite(t *testing.T) []search.Doc {
	t.Helper()
	md := markdown.New(markdown.Options{})
	body := func(src string) []markdown.Part {
		out := md.Render([]byte(src), markdown.Page{File: "content/x.md", BodyLine: 1})
		if len(out.Diags) > 0 {
			t.Fatalf("rendering %q: %v", src, out.Diags)
		}
		return out.Text
	}
	return append(tinySite(),
		search.Doc{URL: "principles/second-zh/", Title: "The second point, in Chinese", Section: "The principles",
			Parts: body("The text:\n\n::: {lang=zh-Hans}\n> 二是反对利用信息技术破坏他国关键基础设施，维护数据安全。\n:::\n")},
		// Both words, never side by side: not a match for 数据安全.
		search.Doc{URL: "apart/", Title: "Apart",
			Parts: body("::: {lang=zh-Hans}\n数据很重要，网络安全也很重要。\n:::\n")},
		// The words only in the title of a source it cites.
		search.Doc{URL: "principles/fourth-zh/", Title: "The fourth point, in Chinese", Section: "The principles",
			Parts:   body("::: {lang=zh-Hans}\n> 四是要求企业尊重当地法律。\n:::\n"),
			Sources: []string{"全球数据安全倡议（全文）", "Xinhua"}},
	)
}

func zhIndex(t *testing.T, extra ...search.Doc) (*searchtest.Index, []byte) {
	t.Helper()
	var pages []*search.Page
	for _, d := range append(zhSite(t), extra...) {
		pages = append(pages, search.Analyse(d))
	}
	data, _ := search.Build(pages)
	ix, err := searchtest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return ix, data
}

func TestSearchChinese(t *testing.T) {
	ix, _ := zhIndex(t)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"数据安全", []string{"The second point, in Chinese", "The fourth point, in Chinese"}},
		{"数据安全 ", []string{"The second point, in Chinese", "The fourth point, in Chinese"}},
		{"数据", []string{"The second point, in Chinese", "Apart", "The fourth point, in Chinese"}},
		{"安全", []string{"The second point, in Chinese", "Apart", "The fourth point, in Chinese"}},
		{"维护数据安全", []string{"The second point, in Chinese"}},
		{"数据 安全", []string{"The second point, in Chinese", "Apart", "The fourth point, in Chinese"}},
		{"安全数据", nil}, // 全数 is on no page
		{"数", []string{"The second point, in Chinese", "Apart", "The fourth point, in Chinese"}}, // a prefix of 数据
		{"尊重当地法律 xinhua", []string{"The fourth point, in Chinese"}},
		{"数据安全 surveillance", nil},
		{"关键基础设施 infrastructure", nil},
	} {
		if got := titles(ix, runQuery(t, ix, c.q)); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %q, want %q", c.q, got, c.want)
		}
	}
	rs := runQuery(t, ix, "数据安全")
	snippet := ix.Row(rs.Results[0].Page).Parts[rs.Results[0].Part].Snippet
	var marked []string
	for _, tok := range searchtest.Marks(snippet, rs.Matched) {
		marked = append(marked, snippet[tok.Start:tok.End])
	}
	if want := []string{"数据安全"}; !slices.Equal(marked, want) {
		t.Errorf("marks in %q = %q, want %q", snippet, marked, want)
	}
}

// TestSearchJSUnderNode runs the theme's static/js/search.js under node on the index
// of zhSite and checks that its tokenizer, search and marks agree with
// Go's, word for word and result for result, Chinese included. (The
// Chromium test does the same on the real site; this one runs with the
// package's tests.) It needs node and fails without it.
func TestSearchJSUnderNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed; it runs search.js against the Go search (apt-get install -y nodejs)")
	}
	// A page whose terms share more than the 25 code units a front-coded
	// term can say it shares, and characters outside the Basic
	// Multilingual Plane, whose two code units must not be split.
	ix, data := zhIndex(t, frontCodingDoc)
	file := filepath.Join(t.TempDir(), "index.js")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	texts := []string{"The U.S. and China’s law; don't", "数据安全 ΟΔΟΣ café naïve", "数, 据。カメラ 5G网络",
		"二是反对利用信息技术破坏他国关键基础设施，维护数据安全。", "𠮷野家 𠮷 a𠮷b"}
	for i := range ix.Rows {
		row := ix.Row(i)
		texts = append(texts, row.Title, row.Summary)
		for _, p := range row.Parts {
			texts = append(texts, p.Heading, p.Snippet)
		}
	}
	queries := []string{"数据安全", "数据", "安全数据", "数", "维护数据安全 ", "surveil", "the US", "reported carriers"}
	in, _ := json.Marshal(map[string][]string{"texts": texts, "queries": queries})
	cmd := exec.Command(node, "testdata/search_node.js", "../theme/static/js/search.js", file)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var js struct{ Terms, Results, Marks, IndexTerms []string }
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatalf("node's answer: %v\n%s", err, out)
	}
	if !slices.Equal(js.IndexTerms, ix.Terms()) {
		t.Errorf("search.js decodes the index's terms as\n%q\nGo as\n%q", js.IndexTerms, ix.Terms())
	}
	for i, text := range texts {
		var terms []string
		for _, tok := range search.Tokenize(text) {
			terms = append(terms, text[tok.Start:tok.End]+"="+tok.Term)
		}
		if got := strings.Join(terms, " "); i >= len(js.Terms) || got != js.Terms[i] {
			t.Errorf("terms of %q:\n Go %s\n JS %s", text, got, at(js.Terms, i))
		}
	}
	for i, q := range queries {
		rs := runQuery(t, ix, q)
		var parts, marks []string
		for _, r := range rs.Results {
			parts = append(parts, fmt.Sprintf("%d#%d(%s)", r.Page, r.Part, r.Snippet))
			for _, tok := range searchtest.Marks(r.Snippet, rs.Matched) {
				marks = append(marks, r.Snippet[tok.Start:tok.End])
			}
		}
		got := fmt.Sprintf("%d: %s [%s]", rs.Total, strings.Join(parts, " "), strings.Join(rs.Matched, " "))
		if i >= len(js.Results) || got != js.Results[i] {
			t.Errorf("search %q:\n Go %s\n JS %s", q, got, at(js.Results, i))
		}
		if g := strings.Join(marks, "|"); i >= len(js.Marks) || g != js.Marks[i] {
			t.Errorf("marks for %q:\n Go %s\n JS %s", q, g, at(js.Marks, i))
		}
	}
	if !strings.HasPrefix(js.Results[0], "2: ") {
		t.Errorf("search.js finds %s for 数据安全, want the two pages", js.Results[0])
	}
}

// frontCodingDoc has terms that try the front-coded term list: long
// shared prefixes, and characters of two UTF-16 code units.
var frontCodingDoc = search.Doc{URL: "front/", Title: "Front coding",
	Parts: []markdown.Part{{Text: "abcdefghijklmnopqrstuvwxyzabcdefgh abcdefghijklmnopqrstuvwxyzabcdefgi " +
		"abcdefghijklmnopqrstuvwxyzabcdefgj abcdefghijklmnopqrstuvwxy 𠮷野家 𠮷野 𠮷𠮹 x𠮷 x𠮹"}}}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(missing)"
}
