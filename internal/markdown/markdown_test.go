package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// render renders src as the body of content/p.md starting at file line
// bodyLine, with the test Linker.
func render(t *testing.T, src string, bodyLine int) *Output {
	t.Helper()
	out := New(Options{}).Render([]byte(src), Page{File: "content/p.md", BodyLine: bodyLine, Linker: testLinker{}})
	if err := checkSafe(out.HTML); err != nil {
		t.Errorf("unsafe output for %q: %v\n%s", src, err, out.HTML)
	}
	return out
}

func diagStrings(out *Output) []string {
	var s []string
	for _, d := range out.Diags {
		s = append(s, d.String())
	}
	return s
}

func idsOf(out *Output) []string {
	var ids []string
	for _, h := range out.Headings {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		ids   []string
		diags []string
	}{
		{"from the text", "# Oppose impairing critical infrastructure\n", []string{"oppose-impairing-critical-infrastructure"}, nil},
		{"repeats get suffixes", "# Scope\n\n## Scope\n\n### Scope\n", []string{"scope", "scope-1", "scope-2"}, nil},
		{"unicode kept and lowered", "## Données et Sécurité\n\n## 数据安全倡议\n\n## Ελληνικά\n",
			[]string{"données-et-sécurité", "数据安全倡议", "ελληνικά"}, nil},
		{"entities and escapes resolved", "# AT&amp;T \\*star\\*\n", []string{"att-star"}, nil},
		{"punctuation dropped, separators collapsed", "# What's new? (2020 -- 2021)\n\n# a_b/c.d\n",
			[]string{"whats-new-2020-2021", "a-b-c-d"}, nil},
		{"markup and link destinations are not text", "## `code` and *em* [link](other.md#x)\n",
			[]string{"code-and-em-link"}, nil},
		{"setext heading over two lines", "Global\ndata security\n===\n", []string{"global-data-security"}, nil},
		{"nothing to slug", "# !!!\n\n# ---x\n\n#\n", []string{"section", "x", "section-1"}, nil},
		{"custom id honoured", "## Scope {#the-scope}\n", []string{"the-scope"}, nil},
		{"custom id with a class", "## Scope {#s .wide}\n", []string{"s"}, nil},
		{"an automatic id yields to an explicit one", "# Intro\n\n## Background {#intro}\n", []string{"intro-1", "intro"}, nil},
		{"an explicit id reserves its name before", "## Background {#intro}\n\n# Intro\n", []string{"intro", "intro-1"}, nil},
		{"duplicate explicit ids", "## A {#x}\n\nText.\n\n## B {#x}\n", []string{"x", "x"},
			[]string{`content/p.md:14:4: error: two headings have the id "x"`}},
		{"duplicate explicit ids in a setext heading", "A {#x}\n===\n\nB {#x}\n---\n", []string{"x", "x"},
			[]string{`content/p.md:13:1: error: two headings have the id "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.src, 10)
			if got := idsOf(out); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("ids = %q, want %q", got, tt.ids)
			}
			if got := diagStrings(out); !reflect.DeepEqual(got, tt.diags) {
				t.Errorf("diags = %q, want %q", got, tt.diags)
			}
			for _, id := range tt.ids {
				if !strings.Contains(string(out.HTML), ` id="`+id+`"`) {
					t.Errorf("output lacks id %q:\n%s", id, out.HTML)
				}
			}
		})
	}
}

func TestHeadingIDsAreStable(t *testing.T) {
	// The ID of a heading depends on its text and on the headings before it
	// with the same text, not on anything else in the page.
	a := render(t, "# Principles\n\nIntro.\n\n## Scope of the initiative\n", 1)
	b := render(t, "# Principles, revised\n\nA longer introduction with [a link](x.md).\n\n> quote\n\n## Scope of the initiative\n", 40)
	if a.Headings[1].ID != "scope-of-the-initiative" || b.Headings[1].ID != a.Headings[1].ID {
		t.Errorf("ids differ: %q vs %q", a.Headings[1].ID, b.Headings[1].ID)
	}
	if again := render(t, "# Principles\n\nIntro.\n\n## Scope of the initiative\n", 1); string(again.HTML) != string(a.HTML) {
		t.Error("the same input rendered differently")
	}
}

func TestHeadingAttributesAreFiltered(t *testing.T) {
	out := render(t, "# Title {#t .lead onclick=\"alert(1)\" style=\"color:red\" data-x=\"1\"}\n", 1)
	want := `<h1 id="t" class="lead">Title</h1>`
	if strings.TrimSpace(string(out.HTML)) != want {
		t.Errorf("got %s, want %s", out.HTML, want)
	}
}

func TestHeadingsAndIDs(t *testing.T) {
	out := render(t, "# One\n\n## Two *em*\n\n## AT&amp;T's \"quotes\"\n\nA note[^n] and another[^m], again[^n].\n\n[^n]: Note.\n[^m]: Other.\n", 1)
	want := []Heading{{1, "one", "One"}, {2, "two-em", "Two em"}, {2, "atts-quotes", "AT&T’s “quotes”"}}
	if !reflect.DeepEqual(out.Headings, want) {
		t.Errorf("Headings = %+v, want %+v", out.Headings, want)
	}
	// IDs holds every id the HTML defines, footnotes included, sorted.
	wantIDs := []string{"atts-quotes", "fn-1", "fn-2", "fn-title", "fnref-1", "fnref-1-2", "fnref-2", "one", "sn-1", "sn-2", "two-em"}
	if !reflect.DeepEqual(out.IDs.Strings(), wantIDs) {
		t.Errorf("IDs = %q, want %q", out.IDs.Strings(), wantIDs)
	}
	for id := range out.IDs.All() {
		if !strings.Contains(string(out.HTML), ` id="`+id+`"`) {
			t.Errorf("IDs lists %q, which the HTML does not define:\n%s", id, out.HTML)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, World!":           "hello-world",
		"  leading and trailing ": "leading-and-trailing",
		"_private":                "private",
		"snake_case-and.dots/x":   "snake-case-and-dots-x",
		"Ünïcödé 2020":            "ünïcödé-2020",
		"中文 标题":                   "中文-标题",
		"":                        "",
		"¿?":                      "",
		"Tab\tseparated":          "tab-separated",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLinkDiagnosticPositions checks that a bad link is reported at its
// opening bracket, as a line and column in the file: the body starts at
// file line 20 here, and columns count characters.
func TestLinkDiagnosticPositions(t *testing.T) {
	const hint = ` (did you mean "present.md"?)`
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"first line", "[gone](missing.md)\n", []string{"content/p.md:20:1: error: link to a missing page: missing.md" + hint}},
		{"later line and column", "Intro.\n\nSee the [gone](missing.md#x) page.\n",
			[]string{"content/p.md:22:9: error: link to a missing page: missing.md#x" + hint}},
		{"after multi-byte characters", "Données — [x](missing.md)\n", []string{"content/p.md:20:11: error: link to a missing page: missing.md" + hint}},
		{"second line of a paragraph", "one\ntwo [x](missing.md)\n", []string{"content/p.md:21:5: error: link to a missing page: missing.md" + hint}},
		{"two on a line", "[a](missing.md) [b](missing.md)\n", []string{
			"content/p.md:20:1: error: link to a missing page: missing.md" + hint,
			"content/p.md:20:17: error: link to a missing page: missing.md" + hint,
		}},
		{"emphasis in the text", "x [*em* text](missing.md)\n", []string{"content/p.md:20:3: error: link to a missing page: missing.md" + hint}},
		{"empty text", "x [](missing.md)\n", []string{"content/p.md:20:3: error: link to a missing page: missing.md" + hint}},
		{"image", "x ![alt](missing.md)\n", []string{"content/p.md:20:3: error: link to a missing page: missing.md" + hint}},
		{"in a nested list in a quote", "> - item\n>   - [y](missing.md)\n", []string{"content/p.md:21:7: error: link to a missing page: missing.md" + hint}},
		{"in a table cell", "| a | b |\n|---|---|\n| 1 | é [x](missing.md) |\n", []string{"content/p.md:22:9: error: link to a missing page: missing.md" + hint}},
		{"reference link, at its use", "Read [the page][ref].\n\n[ref]: missing.md\n", []string{"content/p.md:20:6: error: link to a missing page: missing.md" + hint}},
		{"in a heading", "## See [x](missing.md)\n", []string{"content/p.md:20:8: error: link to a missing page: missing.md" + hint}},
		{"in a footnote", "Text[^1].\n\n[^1]: See [x](missing.md).\n", []string{"content/p.md:22:11: error: link to a missing page: missing.md" + hint}},
		{"CRLF line endings", "one\r\n\r\n[x](missing.md)\r\n", []string{"content/p.md:22:1: error: link to a missing page: missing.md" + hint}},
		{"lone CR line endings", "one\r\r[x](missing.md)\r", []string{"content/p.md:22:1: error: link to a missing page: missing.md" + hint}},
		{"mixed line endings", "one\r\n\rtwo\n\r\n é [x](missing.md)\r", []string{"content/p.md:24:4: error: link to a missing page: missing.md" + hint}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diagStrings(render(t, tt.src, 20)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diags:\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

func TestLinksRewrittenAndRecorded(t *testing.T) {
	out := render(t, "# Top\n\n[a](other.md#what-happened) [b](../s/_index.md) [c](#top) [d](https://example.org/x.md)\n\n"+
		"é [e](x.md#frag)\n", 5)
	for _, want := range []string{`<a href="other/#what-happened">a</a>`, `<a href="../s/_/">b</a>`, `<a href="#top">c</a>`, `<a href="https://example.org/x/">d</a>`} {
		if !strings.Contains(string(out.HTML), want) {
			t.Errorf("output lacks %s:\n%s", want, out.HTML)
		}
	}
	want := []LinkRef{{Page: "other.md", Fragment: "what-happened", Line: 7, Col: 1}, {Page: "x.md", Fragment: "frag", Line: 9, Col: 3}}
	if !reflect.DeepEqual(out.Links, want) {
		t.Errorf("Links = %+v, want %+v", out.Links, want)
	}
	if len(out.Diags) != 0 {
		t.Errorf("diags = %q", diagStrings(out))
	}
}

func TestNoLinkerLeavesLinksAsWritten(t *testing.T) {
	out := New(Options{}).Render([]byte("[a](other.md#x)\n"), Page{File: "p.md", BodyLine: 1})
	if !strings.Contains(string(out.HTML), `<a href="other.md#x">a</a>`) || len(out.Links) != 0 || len(out.Diags) != 0 {
		t.Errorf("got %s %+v %q", out.HTML, out.Links, diagStrings(out))
	}
}

// unsafeLinker answers with a dangerous URL, as a buggy Linker might: its
// answer is checked like any destination.
type unsafeLinker struct{}

func (unsafeLinker) Resolve(string) Resolved { return Resolved{Href: "javascript:alert(1)"} }
func (unsafeLinker) Term(string) Resolved    { return Resolved{Href: "javascript:alert(2)"} }
func (unsafeLinker) Cite(string) Resolved    { return Resolved{Href: "javascript:alert(3)", Label: "1"} }

func TestLinkerAnswerIsChecked(t *testing.T) {
	out := New(Options{}).Render([]byte("[a](b.md) [[x]] [@y]\n"), Page{File: "p.md", BodyLine: 1, Linker: unsafeLinker{}})
	if strings.Contains(string(out.HTML), "href") || strings.Contains(string(out.HTML), "javascript") || len(out.Diags) != 1 {
		t.Errorf("got %s %q", out.HTML, diagStrings(out))
	}
}

func TestUnsafeURLsRemoved(t *testing.T) {
	tests := []struct{ name, src, text string }{
		{"javascript", "[x](javascript:alert(1))", "x"},
		{"upper case", "[x](JAVASCRIPT:alert(1))", "x"},
		{"mixed case", "[x](JaVaScRiPt:alert(1))", "x"},
		{"numeric entity for a letter", "[x](&#106;avascript:alert(1))", "x"},
		{"hex entities and a named colon", "[x](&#x6A;&#x61;vascript&colon;alert(1))", "x"},
		{"numeric entity for the colon", "[x](javascript&#58;alert(1))", "x"},
		{"tab entity inside", "[x](java&#x09;script:alert(1))", "x"},
		{"named tab entity", "[x](java&Tab;script:alert(1))", "x"},
		{"newline entity", "[x](java&NewLine;script:alert(1))", "x"},
		{"literal tab in angle brackets", "[x](<java\tscript:alert(1)>)", "x"},
		{"leading control character", "[x](&#1;javascript:alert(1))", "x"},
		{"leading space in angle brackets", "[x](< javascript:alert(1)>)", "x"},
		{"backslash-escaped colon", "[x](javascript\\:alert(1))", "x"},
		{"vbscript", "[x](vbscript:msgbox(1))", "x"},
		{"vbscript upper case", "[x](VBScript:msgbox(1))", "x"},
		{"data html link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "x"},
		{"data image as a link", "[x](data:image/png;base64,iVBORw0KGgo=)", "x"},
		{"file", "[x](file:///etc/passwd)", "x"},
		{"unknown scheme", "[x](irc://example.org/chan)", "x"},
		{"reference definition", "[x][r]\n\n[r]: javascript:alert(1)", "x"},
		{"image javascript", "![alt text](javascript:alert(1))", "alt text"},
		{"image data html", "![pic](data:text/html,hi)", "pic"},
		{"image data svg", "![pic](data:image/svg+xml;base64,PHN2Zz4=)", "pic"},
		{"image data png look-alike", "![pic](data:image/pngx;base64,AA)", "pic"},
		{"autolink", "<javascript:alert(1)>", "javascript:alert(1)"},
		{"autolink upper case", "<VBSCRIPT:msgbox(1)>", "VBSCRIPT:msgbox(1)"},
		{"autolink data", "<data:text/html,hi>", "data:text/html,hi"},
		{"emphasis inside the link", "[*x*](javascript:alert(1))", "x"},
		{"image data without a parameter", "![pic](data:image/jpeg,abc)", "pic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, "Before "+tt.src+"\n", 3)
			html := string(out.HTML)
			if strings.Contains(html, "href=") || strings.Contains(html, "src=") {
				t.Errorf("link kept:\n%s", html)
			}
			if !strings.Contains(html, tt.text) {
				t.Errorf("text %q lost:\n%s", tt.text, html)
			}
			col := 8 // the opening bracket, or an autolink's URL
			if tt.src[0] == '<' {
				col++
			}
			want := []string{fmt.Sprintf("content/p.md:3:%d: warning: removed a link with an unsafe URL scheme", col)}
			if got := diagStrings(out); !reflect.DeepEqual(got, want) {
				t.Errorf("diags = %q, want %q", got, want)
			}
		})
	}
}

func TestSafeURLsKept(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[x](https://example.org/a?b=c&d=e#f)", `<a href="https://example.org/a?b=c&amp;d=e#f">`},
		{"[x](HTTP://example.org)", `<a href="HTTP://example.org">`},
		{"[x](mailto:a@example.org)", `<a href="mailto:a@example.org">`},
		{"[x](tel:+8610123)", `<a href="tel:+8610123">`},
		{"[x](ftp://example.org/f)", `<a href="ftp://example.org/f">`},
		{"[x](sms:+8610123)", `<a href="sms:+8610123">`},
		{"[x](#frag)", `<a href="#frag">`},
		{"[x](../up/page/)", `<a href="../up/page/">`},
		{"[x](foo\\):bar)", `<a href="foo):bar">`}, // no scheme: a relative path
		{"[x](/path/javascript:x)", `<a href="/path/javascript:x">`},
		{"[x](?q=javascript:x)", `<a href="?q=javascript:x">`},
		{"![x](data:image/png;base64,iVBORw0KGgo=)", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">`},
		{"![x](DATA:IMAGE/GIF;base64,R0lGOD)", `<img src="DATA:IMAGE/GIF;base64,R0lGOD" alt="x">`},
		{"![x](data:image/jpeg;base64,abc)", `<img src="data:image/jpeg;base64,abc" alt="x">`},
		{"![x](data:image/webp;base64,UklGR)", `<img src="data:image/webp;base64,UklGR" alt="x">`},
		{"<https://example.org>", `<a href="https://example.org">https://example.org</a>`},
		{"<a@example.org>", `<a href="mailto:a@example.org">a@example.org</a>`},
		{"www.example.org", `<a href="http://www.example.org">www.example.org</a>`},
	}
	for _, tt := range tests {
		out := New(Options{}).Render([]byte(tt.src), Page{File: "p.md", BodyLine: 1})
		if !strings.Contains(string(out.HTML), tt.want) || len(out.Diags) != 0 {
			t.Errorf("%s:\n got %s %q\nwant %s", tt.src, out.HTML, diagStrings(&Output{Diags: out.Diags}), tt.want)
		}
		if err := checkSafe(out.HTML); err != nil {
			t.Errorf("%s: %v", tt.src, err)
		}
	}
}

func TestRawHTML(t *testing.T) {
	src := "<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b>.\n"
	safe := New(Options{}).Render([]byte(src), Page{File: "p.md", BodyLine: 1})
	if err := checkSafe(safe.HTML); err != nil || strings.Contains(string(safe.HTML), "<b") {
		t.Errorf("safe mode let HTML through: %s", safe.HTML)
	}
	unsafe := New(Options{UnsafeHTML: true}).Render([]byte(src+"\n[x](javascript:alert(1))\n"), Page{File: "p.md", BodyLine: 1})
	html := string(unsafe.HTML)
	if !strings.Contains(html, "<script>alert(1)</script>") || !strings.Contains(html, `<b onclick="x">`) {
		t.Errorf("unsafe_html dropped raw HTML: %s", html)
	}
	if strings.Contains(html, "javascript:") || len(unsafe.Diags) != 1 {
		t.Errorf("unsafe_html is about raw HTML; Markdown links are still checked: %s %q", html, diagStrings(unsafe))
	}
}

func TestCodeBlocks(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"known language", "```go\nfunc main() {}\n```\n", `<pre class="chroma"><code class="language-go"><span class="kd">func</span>`},
		{"unknown language", "```nosuchlang\na < b\n```\n", "<pre><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>"},
		{"no language", "```\n<b>&amp;\n```\n", "<pre><code>&lt;b&gt;&amp;amp;\n</code></pre>"},
		{"hostile info string", "``` \"><script>alert(1)</script>\nx\n```\n", "<pre><code>x\n</code></pre>"},
		{"escaped info string", "``` c\\+\\+\nint x;\n```\n", `<code class="language-c++">`},
		{"entity in info string", "``` f&ouml;&ouml;\nx\n```\n", `<code class="language-föö">`},
		{"indented code is not highlighted", "    x := 1\n", "<pre><code>x := 1\n</code></pre>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.src, 1)
			if !strings.Contains(string(out.HTML), tt.want) {
				t.Errorf("got %s\nwant it to contain %s", out.HTML, tt.want)
			}
		})
	}
}

func TestHighlightCache(t *testing.T) {
	hl := NewHighlighter()
	r1 := New(Options{Highlighter: hl})
	r2 := New(Options{Highlighter: hl}) // another renderer, e.g. the next rebuild
	block := "```go\npackage main\n```\n"
	first := r1.Render([]byte(block), Page{BodyLine: 1})
	if hits, misses := hl.Stats(); hits != 0 || misses != 1 {
		t.Fatalf("after one render: hits %d, misses %d", hits, misses)
	}
	second := r2.Render([]byte("# Another page\n\n"+block), Page{BodyLine: 1})
	if hits, misses := hl.Stats(); hits != 1 || misses != 1 {
		t.Errorf("same block again: hits %d, misses %d, want 1, 1", hits, misses)
	}
	if !strings.Contains(string(second.HTML), string(first.HTML)) {
		t.Errorf("cached block differs:\n%s\n%s", first.HTML, second.HTML)
	}
	// The language is part of the key, and so is every byte of the code.
	r1.Render([]byte("```python\npackage main\n```\n"), Page{BodyLine: 1})
	r1.Render([]byte("```go\npackage main \n```\n"), Page{BodyLine: 1})
	if hits, misses := hl.Stats(); hits != 1 || misses != 3 {
		t.Errorf("different blocks: hits %d, misses %d, want 1, 3", hits, misses)
	}
}

func TestHighlighterConcurrent(t *testing.T) {
	hl := NewHighlighter()
	r := New(Options{Highlighter: hl})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				src := fmt.Sprintf("# P%d\n\n```go\nvar x = %d\n```\n", i, j%5)
				if out := r.Render([]byte(src), Page{BodyLine: 1}); !strings.Contains(string(out.HTML), "chroma") {
					t.Errorf("no highlighting: %s", out.HTML)
				}
			}
		}()
	}
	wg.Wait()
	if hits, misses := hl.Stats(); hits+misses != 160 || misses < 5 {
		t.Errorf("hits %d, misses %d", hits, misses)
	}
}

func TestStylesheet(t *testing.T) {
	css, err := Stylesheet("github", "monokai")
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	media := strings.Index(s, "@media (prefers-color-scheme: dark) {")
	if media < 0 {
		t.Fatalf("no dark media query:\n%s", s)
	}
	light, rest := s[:media], s[media:]
	end := strings.Index(rest, "\n}\n")
	if end < 0 {
		t.Fatalf("media query not closed:\n%s", rest)
	}
	inMedia, explicit := rest[:end], rest[end+3:]

	// Light rules come first, unprefixed; github's background is light.
	if !strings.Contains(light, "/* PreWrapper */ .chroma {") || !strings.Contains(light, ".chroma .k {") {
		t.Errorf("light rules missing:\n%s", light)
	}
	if strings.Contains(light, "data-theme") {
		t.Error("light rules are scoped to a theme")
	}
	// Dark rules apply when the system prefers dark, unless the reader
	// chose light, and whenever the reader chose dark.
	for name, part := range map[string]string{"media": inMedia, "explicit": explicit} {
		prefix := ":root:not([data-theme=light]) "
		if name == "explicit" {
			prefix = ":root[data-theme=dark] "
		}
		if !strings.Contains(part, prefix+".chroma {") || !strings.Contains(part, prefix+".chroma .k {") {
			t.Errorf("%s: dark rules not under %q:\n%s", name, prefix, part)
		}
		if !strings.Contains(part, "#272822") { // monokai's background
			t.Errorf("%s: not monokai's colours", name)
		}
		for _, line := range strings.Split(strings.TrimSpace(part), "\n") {
			if strings.Contains(line, "{") && !strings.Contains(line, "@media") && !strings.Contains(line, prefix) {
				t.Errorf("%s: rule without the prefix: %s", name, line)
			}
		}
	}
	if strings.Count(s, "{") != strings.Count(s, "}") {
		t.Error("unbalanced braces")
	}
	if again, _ := Stylesheet("github", "monokai"); string(again) != s {
		t.Error("stylesheet is not deterministic")
	}
}

func TestStylesheetUnknownStyle(t *testing.T) {
	for _, pair := range [][2]string{{"no-such-style", "monokai"}, {"github", "nope"}, {"", "monokai"}} {
		_, err := Stylesheet(pair[0], pair[1])
		if err == nil || !strings.Contains(err.Error(), "unknown highlight style") {
			t.Errorf("Stylesheet(%q, %q) error = %v", pair[0], pair[1], err)
		}
	}
	if !StyleExists("GitHub") || StyleExists("no-such-style") {
		t.Error("StyleExists is wrong")
	}
}

func TestExtensions(t *testing.T) {
	out := render(t, `| a | b |
|:--|--:|
| 1 | ~~2~~ |

- [x] done
- [ ] todo

Term
: Definition

"Quoted" -- and... done[^1].

[^1]: Note.
`, 1)
	for _, want := range []string{
		`<th style="text-align:left">a</th>`, `<del>2</del>`, `<input checked="" disabled="" type="checkbox"> done`,
		`<dl>`, `<dt>Term</dt>`, `<dd>Definition</dd>`, `&ldquo;Quoted&rdquo; &ndash; and&hellip; done`,
		`<li id="fn-1" class="has-sidenote">`,
	} {
		if !strings.Contains(string(out.HTML), want) {
			t.Errorf("output lacks %s:\n%s", want, out.HTML)
		}
	}
}

func TestHTMLTemplate(t *testing.T) {
	out := render(t, "a < b & c\n", 1)
	if string(out.HTMLTemplate()) != string(out.HTML) || !strings.Contains(string(out.HTML), "a &lt; b &amp; c") {
		t.Errorf("got %s", out.HTMLTemplate())
	}
}

// TestLoneCR checks that a lone CR ends a line, as CommonMark §2.1 says,
// and that the input is left as it was.
func TestLoneCR(t *testing.T) {
	src := []byte("## Heading\r\rPara one\rstill para\r\r- item\r")
	orig := string(src)
	out := New(Options{}).Render(src, Page{File: "content/p.md", BodyLine: 1})
	want := "<h2 id=\"heading\">Heading</h2>\n<p>Para one\nstill para</p>\n<ul>\n<li>item</li>\n</ul>\n"
	if string(out.HTML) != want {
		t.Errorf("HTML:\n%q\nwant\n%q", out.HTML, want)
	}
	if len(out.Headings) != 1 || out.Headings[0].Text != "Heading" {
		t.Errorf("headings %+v", out.Headings)
	}
	if string(src) != orig {
		t.Errorf("Render changed its input to %q", src)
	}
}
