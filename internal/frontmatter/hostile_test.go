package frontmatter

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// inlineTable is TOML front matter whose params is one inline table of n
// keys on one line, "é" in each so that columns are not byte offsets.
func inlineTable(n int, extra string) string {
	var b strings.Builder
	b.WriteString("+++\ntitle = \"T\"\nparams = {")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"é%d\" = %d", i, i)
	}
	b.WriteString(extra + "}\n+++\nBody\n")
	return b.String()
}

// Hostile shapes: front matter that once took time quadratic in its size.
// The dev server parses on every save, so one such file froze the author
// too. Each benchmark runs its shape at n and 4n: a regression shows as
// the second taking far more than four times the first.
var hostile = []struct {
	name  string
	shape func(n int) string
}{
	// Columns were counted from the line's start for every key, and
	// each key was looked for among all those before it.
	{"TOMLInlineTable", func(n int) string { return inlineTable(n, "") }},
	{"TOMLArray", func(n int) string {
		return "+++\nparams = {a = [" + strings.Repeat(`"é", `, n) + `"é"]}` + "\n+++\n"
	}},
	{"TOMLNestedArrays", func(n int) string {
		return "+++\nparams = " + strings.Repeat("[", n/10) + strings.Repeat("]", n/10) + "\n+++\n"
	}},
	{"TOMLDottedKeys", func(n int) string {
		var b strings.Builder
		b.WriteString("+++\n")
		for i := range n {
			fmt.Fprintf(&b, "params.k%d = 1\n", i)
		}
		return b.String() + "+++\n"
	}},
	{"YAMLFlowMapping", func(n int) string {
		var b strings.Builder
		b.WriteString("---\nparams: {")
		for i := range n {
			fmt.Fprintf(&b, "é%d: %d, ", i, i)
		}
		return b.String() + "z: 1}\n---\n"
	}},
}

func BenchmarkHostile(b *testing.B) {
	for _, h := range hostile {
		for _, n := range []int{5_000, 20_000} {
			src := []byte(h.shape(n))
			b.Run(fmt.Sprintf("%s/%d", h.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for range b.N {
					Parse(src)
				}
			})
		}
	}
}

// TestLongLineColumns checks columns far along one long line, across the
// character counts kept every markStep bytes.
func TestLongLineColumns(t *testing.T) {
	src := inlineTable(3000, `, "é17" = 1`)
	_, errs := Parse([]byte(src))
	line := strings.Split(src, "\n")[2]
	col := utf8.RuneCountInString(line[:strings.LastIndex(line, `"é17"`)]) + 1
	want := fmt.Sprintf("3:%d: key \"é17\" is already set at line 3", col)
	if got := problems(errs); len(got) != 1 || got[0] != want {
		t.Errorf("problems %q, want %q", got, want)
	}
	doc, errs := Parse([]byte(inlineTable(3000, "")))
	if len(errs) != 0 {
		t.Fatalf("problems %q", problems(errs))
	}
	params := doc.Meta.Params
	if len(params) != 3000 {
		t.Fatalf("%d params, want 3000", len(params))
	}
	for _, i := range []int{0, 1, 99, 1234, 2999} {
		key := fmt.Sprintf("é%d", i)
		if params[key] != i {
			t.Errorf("params[%s] = %v (%T)", key, params[key], params[key])
		}
	}
}

// TestHugeInlineTableIsBounded checks that maxNodes holds inside one
// expression: an inline table or array past it, within maxBytes, is one
// error, not a tree.
func TestHugeInlineTableIsBounded(t *testing.T) {
	var table strings.Builder
	for i := range maxNodes {
		fmt.Fprintf(&table, "%s=1,", strconv.FormatInt(int64(i), 36))
	}
	for _, params := range []string{
		"{" + strings.TrimSuffix(table.String(), ",") + "}",
		"[" + strings.Repeat("1,", maxNodes) + "1]",
	} {
		src := "+++\ntitle = \"T\"\nparams = " + params + "\n+++\nBody\n"
		if len(src) > maxBytes {
			t.Fatalf("test input of %d bytes is over maxBytes", len(src))
		}
		doc, errs := Parse([]byte(src))
		if got := problems(errs); len(got) != 1 || got[0] != "2:1: front matter is too large" {
			t.Errorf("problems %q", got)
		}
		if doc == nil || doc.Meta.Params != nil {
			t.Errorf("doc %+v, want one with no params", doc)
		}
	}
}

// TestOversizeFrontMatterIsNotParsed checks the byte bound, which holds
// before either parser sees the block.
func TestOversizeFrontMatterIsNotParsed(t *testing.T) {
	pad := strings.Repeat("# padding\n", maxBytes/10)
	for _, src := range []string{
		"---\ntitle: T\n" + pad + "---\nBody\n",
		"+++\ntitle = \"T\"\n" + pad + "+++\nBody\n",
	} {
		doc, errs := Parse([]byte(src))
		want := fmt.Sprintf("1:1: front matter is too large (%d KB, over the 1024 KB limit) "+
			"(front matter is for a page's metadata; long text belongs in the body)", (len(src)-len("---\n---\nBody\n")+1023)/1024)
		if got := problems(errs); len(got) != 1 || got[0] != want {
			t.Errorf("problems %q, want %q", got, want)
		}
		if doc == nil || doc.Meta.Title != "" || string(doc.Body) != "Body\n" {
			t.Errorf("doc %+v, want the body and no meta", doc)
		}
	}
	// Just under the bound still parses.
	src := "---\ntitle: T\n" + strings.Repeat("#", maxBytes-len("title: T\n")-1) + "\n---\n"
	if doc, errs := Parse([]byte(src)); len(errs) != 0 || doc.Meta.Title != "T" {
		t.Errorf("front matter of exactly %d bytes: problems %q", maxBytes, problems(errs))
	}
}
