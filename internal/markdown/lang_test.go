package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestLangContainers(t *testing.T) {
	tests := []renderCase{
		{"blockquote", "::: {lang=zh-Hans}\n> 二是……\n:::\n",
			"<div lang=\"zh-Hans\">\n<blockquote>\n<p>二是……</p>\n</blockquote>\n</div>\n"},
		{"paragraphs and a list", "Before.\n\n::: {lang=fr}\nUn *deux*.\n\n- trois\n:::\n\nAfter.\n",
			"<p>Before.</p>\n<div lang=\"fr\">\n<p>Un <em>deux</em>.</p>\n<ul>\n<li>trois</li>\n</ul>\n</div>\n<p>After.</p>\n"},
		{"quoted, spaced, trailing colons", "::::  { lang=\"pt-BR\" }  ::::\ntexto\n::::\n",
			"<div lang=\"pt-BR\">\n<p>texto</p>\n</div>\n"},
		{"nested", "::: {lang=zh}\n一\n\n::: {lang=en}\ntwo\n:::\n\n三\n:::\n",
			"<div lang=\"zh\">\n<p>一</p>\n<div lang=\"en\">\n<p>two</p>\n</div>\n<p>三</p>\n</div>\n"},
		{"fence inside code", "::: {lang=de}\n```\n:::\n```\n:::\n",
			"<div lang=\"de\">\n<pre><code>:::\n</code></pre>\n</div>\n"},
		{"right after a paragraph", "::: {lang=de}\nText\n:::\nmore\n",
			"<div lang=\"de\">\n<p>Text</p>\n</div>\n<p>more</p>\n"},
		{"inside a list item", "- item\n\n  ::: {lang=es}\n  uno\n  :::\n",
			"<ul>\n<li>\n<p>item</p>\n<div lang=\"es\">\n<p>uno</p>\n</div>\n</li>\n</ul>\n"},
		{"bare colons stay text", ":::\ntext\n", "<p>:::\ntext</p>\n"},
		{"definition lists still work", "Term\n: Description\n", "<dl>\n<dt>Term</dt>\n<dd>Description</dd>\n</dl>\n"},
	}
	rendersAs(t, tests)
}

// TestLangContainerErrors: each mistake is one error, where it is, with a
// hint, and the container still holds its blocks (without a lang).
func TestLangContainerErrors(t *testing.T) {
	tests := []renderCase{ // want: the one diagnostic, without its hint
		{"unknown attribute", "::: {lang=zh class=x}\n一\n:::\n",
			`content/p.md:5:14: error: container attribute "class" is not supported`},
		{"class shorthand", "::: {.note}\n一\n:::\n",
			`content/p.md:5:6: error: container attribute ".note" is not supported`},
		{"malformed tag", "::: {lang=zh_Hans}\n一\n:::\n",
			`content/p.md:5:11: error: "zh_Hans" is not a well-formed language tag`},
		{"attribute breaking out", "::: {lang=\"x onmouseover=alert(1)\"}\n一\n:::\n",
			`content/p.md:5:11: error: "x onmouseover=alert(1)" is not a well-formed language tag`},
		{"no lang", "::: {}\n一\n:::\n",
			`content/p.md:5:5: error: container has no lang attribute`},
		{"no closing brace", "::: {lang=zh\n一\n:::\n",
			`content/p.md:5:5: error: container attributes have no closing }`},
		{"unclosed", "Intro.\n\n> ::: {lang=zh}\n> 一\n",
			`content/p.md:7:3: error: ::: container is never closed`},
		{"unclosed at the end", "::: {lang=zh}\n一\n",
			`content/p.md:5:1: error: ::: container is never closed`},
		{"inner unclosed", "::: {lang=zh}\n::: {lang=en}\none\n:::\n",
			`content/p.md:5:1: error: ::: container is never closed`},
	}
	oneErrorEach(t, tests, func(html string) bool {
		return strings.Contains(html, "<div") && !strings.Contains(html, "onmouseover")
	})
}

// TestLangContainerDepth: containers nest up to maxLangDepth; one deeper
// is an error and stays text, so that nesting cannot cost a page time
// quadratic in its length.
func TestLangContainerDepth(t *testing.T) {
	src := strings.Repeat("::: {lang=en}\n", maxLangDepth+1) + "x\n" + strings.Repeat(":::\n", maxLangDepth+1)
	out := render(t, src, 1)
	want := fmt.Sprintf("content/p.md:%d:1: error: ::: containers nest more than %d deep", maxLangDepth+1, maxLangDepth)
	if got := diagStrings(out); len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("diagnostics %q, want one starting %q", got, want)
	}
	if n := strings.Count(string(out.HTML), "<div lang"); n != maxLangDepth {
		t.Errorf("%d containers written, want %d", n, maxLangDepth)
	}
}

func TestLangSpans(t *testing.T) {
	tests := []renderCase{
		{"a phrase", "says [不得强制要求]{lang=zh-Hans} there\n",
			"<p>says <span lang=\"zh-Hans\">不得强制要求</span> there</p>\n"},
		{"quoted, spaced", "a [texto]{ lang=\"pt-BR\" }.\n", "<p>a <span lang=\"pt-BR\">texto</span>.</p>\n"},
		{"inside emphasis and a link", "*[一]{lang=zh}* and [see [二]{lang=zh}](x.html)\n",
			"<p><em><span lang=\"zh\">一</span></em> and <a href=\"x.html\">see <span lang=\"zh\">二</span></a></p>\n"},
		{"the phrase is plain text", "[*a* & <b>]{lang=en}\n", "<p><span lang=\"en\">*a* &amp; &lt;b&gt;</span></p>\n"},
		{"other braces stay text", "[x]{y} and [x] {lang=en} and []{lang=en}\n",
			"<p>[x]{y} and [x] {lang=en} and []{lang=en}</p>\n"},
		{"links, terms and citations are as before", "[a](b) [c][] [d]\n\n[c]: e\n",
			"<p><a href=\"b\">a</a> <a href=\"e\">c</a> [d]</p>\n"},
		{"at the start of a list item, where a task's box would be", "- [x]{lang=la} y\n- [ ] task\n",
			"<ul>\n<li><span lang=\"la\">x</span> y</li>\n<li><input disabled=\"\" type=\"checkbox\"> task</li>\n</ul>\n"},
		{"in a heading", "## The [数据]{lang=zh-Hans} clause\n",
			"<h2 id=\"the-数据-clause\">The <span lang=\"zh-Hans\">数据</span> clause</h2>\n"},
		// Braces right after the "]" are the span's, not the heading's
		// {#id}, which goldmark would otherwise take them for.
		{"ending a heading", "## The [数据]{lang=zh-Hans}\n",
			"<h2 id=\"the-数据\">The <span lang=\"zh-Hans\">数据</span></h2>\n"},
		{"ending a setext heading", "The [数据]{lang=zh-Hans}\n---\n",
			"<h2 id=\"the-数据\">The <span lang=\"zh-Hans\">数据</span></h2>\n"},
		{"ending a heading before its id", "## The [数据]{lang=zh-Hans} {#mine}\n",
			"<h2 id=\"mine\">The <span lang=\"zh-Hans\">数据</span></h2>\n"},
	}
	rendersAs(t, tests)
}

// TestLangSpanErrors: braces that start with lang make a span, so each
// mistake in them is one error at its column, with a hint; the text stays
// as written, with no attribute.
func TestLangSpanErrors(t *testing.T) {
	tests := []renderCase{ // want: the one diagnostic, without its hint
		{"malformed tag", "Says [一]{lang=zh_Hans}.\n", `content/p.md:5:15: error: "zh_Hans" is not a well-formed language tag`},
		{"attribute breaking out", "[一]{lang=\"x onmouseover=alert(1)\"}\n",
			`content/p.md:5:10: error: "x onmouseover=alert(1)" is not a well-formed language tag`},
		{"another attribute", "[一]{lang=zh .note}\n", `content/p.md:5:13: error: span attribute ".note" is not supported`},
		{"no closing brace", "[一]{lang=zh\n", `content/p.md:5:4: error: span attributes have no closing }`},
		{"where a task's box would be", "- [x]{lang=a_b}\n", `content/p.md:5:12: error: "a_b" is not a well-formed language tag`},
		{"ending a heading", "## The [一]{lang=zh_Hans}\n", `content/p.md:5:17: error: "zh_Hans" is not a well-formed language tag`},
	}
	oneErrorEach(t, tests, func(html string) bool {
		return !strings.Contains(html, "<span") // the brackets stay text
	})
}

type renderCase struct{ name, src, want string }

// rendersAs checks that each case's Markdown renders as its HTML with no
// diagnostic.
func rendersAs(t *testing.T, tests []renderCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.src, 1)
			if got := string(out.HTML); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if len(out.Diags) > 0 {
				t.Errorf("diagnostics: %q", diagStrings(out))
			}
		})
	}
}

// oneErrorEach checks that each case's Markdown (from line 5) gives its
// one diagnostic, with a hint, and HTML that ok accepts.
func oneErrorEach(t *testing.T, tests []renderCase, ok func(html string) bool) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.src, 5)
			var got []string
			for _, d := range out.Diags {
				if d.Hint == "" {
					t.Errorf("no hint: %s", d)
				}
				got = append(got, strings.TrimSuffix(d.String(), " ("+d.Hint+")"))
			}
			if !reflect.DeepEqual(got, []string{tt.want}) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", got, tt.want)
			}
			if !ok(string(out.HTML)) {
				t.Errorf("output:\n%s", out.HTML)
			}
		})
	}
}

// TestHeadingAttributes: a heading keeps {#id}, {.class} and {lang=…};
// a lang that is not a tag is an error, and any other attribute is left
// out with a warning rather than without a word.
func TestHeadingAttributes(t *testing.T) {
	out := render(t, "## A {lang=la}\n\n## B {#b .c lang=fr}\n\n## C {lang=zh_Hans}\n\n## D {.d data-x=1 style=\"x\"}\n", 1)
	want := "<h2 id=\"a\" lang=\"la\">A</h2>\n<h2 id=\"b\" class=\"c\" lang=\"fr\">B</h2>\n<h2 id=\"c\">C</h2>\n<h2 id=\"d\" class=\"d\">D</h2>\n"
	if got := string(out.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantDiags := []string{
		`content/p.md:5:4: error: heading lang "zh_Hans" is not a well-formed language tag (write a BCP 47 tag such as ## Title {lang=zh-Hans})`,
		`content/p.md:7:4: warning: heading attributes "data-x", "style" left out: a heading keeps only {#id}, {.class} and {lang=…}`,
	}
	if got := diagStrings(out); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", got, wantDiags)
	}
}

// TestHeadingAttributeValuesThatAreNotText: goldmark reads {id=5} as a
// number, {id=true} as a boolean and {id=null} as nothing, and its heading
// parsers then panicked, taking gloss serve down with them. A number or
// boolean is the text written; an id with no text gets the automatic one,
// and a lang with none is an error like any malformed tag.
func TestHeadingAttributeValuesThatAreNotText(t *testing.T) {
	src := "## A {id=5}\n\nB {id=true}\n---\n\n## C {id=null}\n\nD {id=[1]}\n---\n\n## E {#}\n\n## F {lang=12}\n\n## G {lang=\"\"}\n"
	out := render(t, src, 1)
	want := "<h2 id=\"5\">A</h2>\n<h2 id=\"true\">B</h2>\n<h2 id=\"c\">C</h2>\n<h2 id=\"d\">D</h2>\n<h2 id=\"e\">E</h2>\n<h2 id=\"f\">F</h2>\n<h2 id=\"g\">G</h2>\n"
	if got := string(out.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantDiags := []string{
		`content/p.md:13:4: error: heading lang "12" is not a well-formed language tag (write a BCP 47 tag such as ## Title {lang=zh-Hans})`,
		`content/p.md:15:4: error: heading lang "" is not a well-formed language tag (write a BCP 47 tag such as ## Title {lang=zh-Hans})`,
	}
	if got := diagStrings(out); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", got, wantDiags)
	}
}

// An ID holds no whitespace in HTML: a heading's {id="a b"} would be
// written as it is, and no link could reach it ("#a b" is two words to
// every tool that reads the page).
func TestHeadingIDWithSpace(t *testing.T) {
	src := "## A {id=\"a b\"}\n\n## B {id=\"c\td\"}\n\n## C {id=\"ok\"}\n"
	out := render(t, src, 1)
	want := "<h2 id=\"a\">A</h2>\n<h2 id=\"b\">B</h2>\n<h2 id=\"ok\">C</h2>\n"
	if got := string(out.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantDiags := []string{
		`content/p.md:1:4: error: heading id "a b" holds a space (write it without spaces, such as {#a-b})`,
		`content/p.md:3:4: error: heading id "c\td" holds a space (write it without spaces, such as {#a-b})`,
	}
	if got := diagStrings(out); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", got, wantDiags)
	}
}

// TestHeadingAttributeGivenTwice: goldmark keeps the last of a heading
// attribute given twice without a word; gloss says so, once for each
// name, at the braces, in both heading syntaxes. Classes add up, as
// {.a .b} means, and a language span ending a heading is not the
// heading's attributes.
func TestHeadingAttributeGivenTwice(t *testing.T) {
	src := "## A {lang=en lang=fr lang=de}\n\nB {#b id=c}\n---\n\n## C {.c .d}\n\n## D [eins]{lang=de} {lang=en}\n\n## E [zwei]{lang=de}\n\n## F ## {id=f id=g}\n"
	out := render(t, src, 1)
	want := "<h2 id=\"a\" lang=\"de\">A</h2>\n<h2 id=\"c\">B</h2>\n<h2 id=\"c-1\" class=\"c d\">C</h2>\n" +
		"<h2 id=\"d-eins\" lang=\"en\">D <span lang=\"de\">eins</span></h2>\n<h2 id=\"e-zwei\">E <span lang=\"de\">zwei</span></h2>\n" +
		"<h2 id=\"g\">F</h2>\n"
	if got := string(out.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantDiags := []string{
		`content/p.md:1:6: error: heading attribute lang is given twice; only the last would be kept (keep one lang attribute)`,
		`content/p.md:3:3: error: heading attribute id is given twice; only the last would be kept (keep one id attribute)`,
		`content/p.md:12:9: error: heading attribute id is given twice; only the last would be kept (keep one id attribute)`,
	}
	if got := diagStrings(out); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", got, wantDiags)
	}
}
