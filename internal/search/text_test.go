package search

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/markdown"
)

// TestTextFromTreeIsHTMLText: the text the index reads from the syntax
// tree (markdown.Output.Text) is, part for part, the text a reader of the
// rendered HTML gets (htmlParts, the index's reader before): for every
// page of this repository's site, the Markdown test corpora, the
// CommonMark spec's examples and the renderer's fuzz corpus.
func TestTextFromTreeIsHTMLText(t *testing.T) {
	type body struct {
		name string
		src  []byte
	}
	var files []body // well-formed HTML where there is any
	_ = filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			files = append(files, body{p, data})
		}
		return nil
	})
	if len(files) < 40 {
		t.Fatalf("only %d Markdown files found", len(files))
	}
	others := slices.Clone(files)
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output(); err == nil {
		var spec []struct{ Markdown string }
		data, _ := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
		_ = json.Unmarshal(data, &spec)
		for i, e := range spec {
			others = append(others, body{"spec example " + strconv.Itoa(i+1), []byte(e.Markdown)})
		}
	}
	fuzz, _ := filepath.Glob("../markdown/testdata/fuzz/*/*")
	for _, f := range fuzz {
		data, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.IndexByte(line, '('); i > 0 && strings.HasSuffix(line, ")") {
				if v, err := strconv.Unquote(line[i+1 : len(line)-1]); err == nil {
					others = append(others, body{f, []byte(v)})
				}
			}
		}
	}
	check := func(md *markdown.Renderer, bodies []body) {
		for _, b := range bodies {
			out := md.Render(b.src, markdown.Page{File: b.name})
			if want := htmlParts(out.HTML); !slices.Equal(out.Text, want) {
				t.Errorf("%s:\n tree %q\n HTML %q", b.name, out.Text, want)
			}
		}
	}
	check(markdown.New(markdown.Options{}), others)
	// Raw HTML is read by an HTML lexer, which reads malformed HTML (an
	// unclosed tag, <?php, CDATA) otherwise than the old reader did: only
	// well-formed HTML is compared.
	check(markdown.New(markdown.Options{UnsafeHTML: true}), files)
	t.Logf("%d bodies, %d of them also with raw HTML rendered", len(others), len(files))
}

// FuzzTextFromTree: for any Markdown (raw HTML not rendered), the tree's
// text is the HTML's.
func FuzzTextFromTree(f *testing.F) {
	for _, seed := range []string{
		"Intro *a*`b`.\n\n## H *x*\n\nText[^1] &amp; \\* more\\\nline.\n\n[^1]: Note.\n",
		"| a | b |\n|---|---|\n| c | d |\n\n- [x] done\n- item <b>raw</b>\n\nTerm\n: Def\n",
		"::: {lang=zh-Hans}\n数据\n:::\n\n![alt *x*](a.png) <https://x.org> ~~del~~ \"quotes\" -- dash...\n",
	} {
		f.Add([]byte(seed))
	}
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		out := md.Render(src, markdown.Page{File: "x.md", BodyLine: 1})
		if want := htmlParts(out.HTML); !slices.Equal(out.Text, want) {
			t.Fatalf("tree %q\nHTML %q\n(%q)", out.Text, want, out.HTML)
		}
	})
}
