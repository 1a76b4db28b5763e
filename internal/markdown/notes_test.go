package markdown

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnoteMarkdown is goldmark with footnotes only, written by goldmark's
// own footnote renderer (which shows every note's number, each reference's
// use and each backlink), parsed either by goldmark's reference parser and
// transformer or by gloss's.
func footnoteMarkdown(glosss bool) goldmark.Markdown {
	var inline parser.InlineParser = extension.NewFootnoteParser()
	var transform parser.ASTTransformer = extension.NewFootnoteASTTransformer()
	if glosss {
		inline, transform = noteRefParser{}, noteListTransformer{}
	}
	return goldmark.New(
		goldmark.WithParserOptions(
			parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
			parser.WithInlineParsers(util.Prioritized(inline, 101)),
			parser.WithASTTransformers(util.Prioritized(transform, 999)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500))),
	)
}

func renderFootnotes(md goldmark.Markdown, src []byte) string {
	pc := parser.NewContext()
	pc.Set(pageKey, &state{src: src, out: &Output{}})
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		return "error: " + err.Error()
	}
	return buf.String()
}

// TestNotesAsGoldmark checks that gloss's footnote reference parser and
// list transformer, which replace goldmark's to stay linear, number,
// count, order and drop notes exactly as goldmark's do.
func TestNotesAsGoldmark(t *testing.T) {
	inputs := []string{
		"a[^1] b[^2] c[^1]\n\n[^2]: two\n[^1]: one\n",
		"a[^x]\n\n[^x]: first\n[^x]: second\n",
		"a[^unused-too]\n\n[^unused]: never\n",
		"![^a] [^a]! ![^b]\n\n[^a]: A\n\n[^b]: B\n    more\n\n        code\n",
		"> a[^q]\n>\n> [^q]: quoted\n\nb[^r]\n\n- [^r]: in a list\n",
		"[^a]: outer\n    [^b]: inner\n\nx[^a] y[^b]\n",
		"[^a[b]] [^a] [^ ] [^]\n\n[^a]: x\n[^ ]: y\n",
		"x[^" + strings.Repeat("a", 1200) + "]\n\n[^" + strings.Repeat("a", 1200) + "]: long\n",
		"[^n]: note citing itself[^n] and [^m]\n[^m]: other[^n]\n\nText[^m].\n",
		"*a[^1]* [x[^1]](y) `[^1]`\n\n[^1]:\n",
		"[^1]\n\n[^1]: a\n\n[^2]: b\n[^3]: c\n\n[^3][^2][^3]\n",
		"-\tfoo[^a]\n\n- \t\tbar[^a]\n\n>\t\t[^a]\n\n1.\t[^a]\n\t[^a]\n\n[^a]: x\n",
	}
	var many strings.Builder
	for i := range 300 {
		fmt.Fprintf(&many, "p%d[^n%d] again[^n%d]\n", i, (i*7)%301, i%13)
	}
	many.WriteString("\n")
	for i := 300; i >= 0; i-- {
		fmt.Fprintf(&many, "[^n%d]: note %d\n", i, i)
	}
	inputs = append(inputs, many.String())
	files, _ := filepath.Glob("testdata/*/*.md")
	fuzz, _ := filepath.Glob("testdata/fuzz/FuzzRender/*")
	for _, f := range append(files, fuzz...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f, "testdata/fuzz/") {
			// go test fuzz v1, then []byte("…")
			lines := strings.SplitN(string(data), "\n", 3)
			if len(lines) < 2 {
				continue
			}
			s := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
			if u, err := strconv.Unquote(s); err == nil {
				data = []byte(u)
			}
		}
		inputs = append(inputs, string(data))
	}
	theirs, ours := footnoteMarkdown(false), footnoteMarkdown(true)
	for _, in := range inputs {
		want := renderFootnotes(theirs, []byte(in))
		got := renderFootnotes(ours, []byte(in))
		if got != want {
			t.Errorf("input %.200q:\n got %s\nwant %s", in, got, want)
		}
	}
}

// TestHeadingsKeepClearOfNoteIDs: a heading whose text gives a note's ID
// ("Fn 1", "Notes" is not one, "fn-title" is) takes the next suffix, and
// an {#id} that names a note's, or starts with the "_" of the layouts'
// own IDs, is an error, so that no page holds an ID twice and the links
// to a note reach it.
func TestHeadingsKeepClearOfNoteIDs(t *testing.T) {
	src := "# Fn 1\n\n# fn-title\n\n## Sn 1\n\n## Fnref 1\n\n## Fn 2\n\nA note[^a], again[^a].\n\n## Fnref 1 2\n\n## X {#fn-1}\n\n## Y {#_main}\n\n[^a]: A.\n"
	out := render(t, src, 1)
	seen := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(string(out.HTML), -1) {
		seen[m[1]]++
	}
	for id, n := range seen {
		if n > 1 && id != "fn-1" && id != "_main" { // the two errors below
			t.Errorf("id %q written %d times", id, n)
		}
	}
	if got, want := strings.Join(idsOf(out), " "), "fn-1-1 fn-title-1 sn-1-1 fnref-1-1 fn-2 fnref-1-2-1 fn-1 _main"; got != want {
		t.Errorf("heading IDs %s, want %s", got, want)
	}
	want := []string{
		`content/p.md:15:4: error: heading id "fn-1" is also the id of a footnote (choose another)`,
		`content/p.md:17:4: error: heading id "_main" starts with "_", which is kept for the layouts' own ids (such as _main) (choose one that does not start with _)`,
	}
	if got := diagStrings(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHeadingsKeepClearOfSourceIDs: the same for the IDs of the page's
// list of sources, which the layout writes.
func TestHeadingsKeepClearOfSourceIDs(t *testing.T) {
	out := New(Options{}).Render([]byte("## Src AP\n\n## B {#src-2}\n"),
		Page{File: "content/p.md", BodyLine: 1, Linker: testLinker{}, SourceIDs: []string{"src-ap", "src-2"}})
	if got := strings.Join(idsOf(out), " "); got != "src-ap-1 src-2" {
		t.Errorf("heading IDs %s", got)
	}
	want := `content/p.md:3:4: error: heading id "src-2" is also the id of a source in the page's list (choose another)`
	if got := strings.Join(diagStrings(out), "\n"); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}
