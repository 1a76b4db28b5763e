package build_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/source"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// The benchmarks build a synthetic explainer shaped like the shared
// corpus (../shared/bench/gencorpus.py): 1/10 principles with four
// relation links each, 1/2 counter-examples, the rest articles; every page
// has footnotes, a list, a table and a Go code block.
//
//	go test -run '^$' -bench . ./internal/build                       # 1,000 pages
//	GLOSS_BENCH_PAGES=10000 go test -run '^$' -bench . ./internal/build
//	GLOSS_BENCH_SITE=/tmp/g10k go test -run '^$' -bench . ./internal/build
//
// The side-by-side comparison with Hugo is .ci/bench.

func benchSite(b *testing.B) string {
	if dir := os.Getenv("GLOSS_BENCH_SITE"); dir != "" {
		return dir
	}
	dir := b.TempDir()
	writeCorpus(b, dir, benchPages(b))
	return dir
}

// benchPages is GLOSS_BENCH_PAGES, or 1,000.
func benchPages(b *testing.B) int {
	s := os.Getenv("GLOSS_BENCH_PAGES")
	if s == "" {
		return 1000
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		b.Fatalf("GLOSS_BENCH_PAGES: %v", err)
	}
	return n
}

var corpusWords = strings.Fields("data security sovereignty network clean carrier store apps cloud cable " +
	"surveillance backdoor supply chain infrastructure multilateral judicial assistance personal " +
	"information company territory jurisdiction consumer protectionism governance initiative principle policy state law")

func writeCorpus(tb testing.TB, dir string, n int) {
	rnd := rand.New(rand.NewPCG(42, 42))
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = corpusWords[rnd.IntN(len(corpusWords))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	counts := map[string]int{"principles": max(1, n/10), "counterexamples": max(1, n/2)}
	counts["articles"] = max(1, n-counts["principles"]-counts["counterexamples"])
	write("content/_index.md", "---\ntitle: Bench\nsite:\n  title: Bench\n---\nHome.\n")
	write("content/principles/_index.md", "---\ntitle: Principles\nrelations:\n  counterexamples:\n    to: counterexamples\n    inverse: challenges\n---\n")
	write("content/counterexamples/_index.md", "---\ntitle: Counterexamples\n---\n")
	write("content/articles/_index.md", "---\ntitle: Articles\n---\n")
	for _, sec := range []string{"principles", "counterexamples", "articles"} {
		for i := range counts[sec] {
			var b strings.Builder
			fmt.Fprintf(&b, "---\ntitle: %q\ndate: 2020-0%d-1%d\nweight: %d\nsummary: %q\n", sec+" "+strconv.Itoa(i), 1+i%9, i%10, i, sentence(12))
			if sec == "principles" {
				b.WriteString("counterexamples:\n")
				for _, t := range rnd.Perm(counts["counterexamples"])[:min(4, counts["counterexamples"])] {
					fmt.Fprintf(&b, "  - c%05d\n", t)
				}
			}
			b.WriteString("---\n\n")
			for h := range 4 {
				fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(4), "."))
				for range 4 {
					b.WriteString(sentence(8+rnd.IntN(12)) + " ")
				}
				fmt.Fprintf(&b, "[^%d]\n\n- %s\n- %s **bold** and *em* and `code`\n- [a link](https://example.org/%d)\n\n", h, sentence(6), sentence(7), rnd.IntN(1e6))
			}
			b.WriteString("| Point | Claim | Evidence |\n|---|---|---|\n")
			for k := range 5 {
				fmt.Fprintf(&b, "| %d | %s | %s |\n", k, sentence(4), sentence(5))
			}
			b.WriteString("\n```go\nfunc main() {\n\tfor i := 0; i < 10; i++ {\n\t\tfmt.Println(\"data\", i)\n\t}\n}\n```\n\n")
			for h := range 4 {
				fmt.Fprintf(&b, "[^%d]: %s\n", h, sentence(10))
			}
			write(fmt.Sprintf("content/%s/%c%05d.md", sec, sec[0], i), b.String())
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "layouts"), layoutsFS(tb)); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkBuild is a full build from disk into memory, with a fresh
// highlight cache each time (as `gloss build` runs).
func BenchmarkBuild(b *testing.B) {
	dir := benchSite(b)
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		res := buildOnce(b, fsys, build.Options{})
		if res.Failed() {
			b.Fatal(res.Diags[0])
		}
	}
}

// BenchmarkRebuildWarm is a full build with the highlight cache kept from
// the previous build, as the dev server runs.
func BenchmarkRebuildWarm(b *testing.B) {
	dir := benchSite(b)
	fsys := os.DirFS(dir)
	hl := markdown.NewHighlighter()
	buildOnce(b, fsys, build.Options{Highlighter: hl})
	b.ReportAllocs()
	for b.Loop() {
		if res := buildOnce(b, fsys, build.Options{Highlighter: hl}); res.Failed() {
			b.Fatal(res.Diags[0])
		}
	}
}

// BenchmarkGraph measures the content model alone: front matter of every
// page, relations checked and inverses computed.
func BenchmarkGraph(b *testing.B) {
	src, err := source.Load(context.Background(), os.DirFS(benchSite(b)))
	if err != nil {
		b.Fatal(err)
	}
	files := make([]graph.File, len(src.Content))
	for i, f := range src.Content {
		files[i] = graph.File{Path: f.Path, Data: f.Data}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := graph.New(files, graph.Options{}); diags.HasErrors() {
			b.Fatal(diags[0])
		}
	}
}

// BenchmarkSessionEdit is the dev server's rebuild after one page's body
// is saved: the file is rewritten and the session rebuilds with that path.
func BenchmarkSessionEdit(b *testing.B) {
	dir := b.TempDir()
	if src := os.Getenv("GLOSS_BENCH_SITE"); src != "" {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
	} else {
		writeCorpus(b, dir, benchPages(b))
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "content", "principles", "p*.md"))
	if len(matches) == 0 {
		b.Fatal("no principle pages in the corpus")
	}
	file := matches[len(matches)/2]
	rel, _ := filepath.Rel(dir, file)
	rel = filepath.ToSlash(rel)
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	sess := build.NewSession(os.DirFS(dir), build.Options{StableNames: true}) // as the dev loop
	if res := rebuild(b, sess, nil); res.Failed() {
		b.Fatal(res.Diags[0])
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		res := rebuild(b, sess, []string{rel})
		if res.Failed() || len(res.Changed) == 0 {
			b.Fatalf("rebuild failed or changed nothing: %v", res.Diags)
		}
	}
}

// layoutsFS is this repository's layouts as a build sees them: the default
// theme's with the repository's own over them.
func layoutsFS(tb testing.TB) fs.FS {
	sub, err := fs.Sub(theme.Overlay(os.DirFS(filepath.Join("..", ".."))), "layouts")
	if err != nil {
		tb.Fatal(err)
	}
	return sub
}
