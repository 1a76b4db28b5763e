package build_test

// Hostile Markdown: whatever an author (or a pasted snippet) writes, the
// built page holds nothing executable unless the site turns unsafe_html on.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
)

const removed = "warning: removed a link with an unsafe URL scheme"

func TestHostileMarkdown(t *testing.T) {
	tests := []struct {
		name string
		body string // the page body, which starts on line 4
		// warn lists the columns on line 4 of expected "removed a link"
		// warnings; raw HTML is dropped without one.
		warn []int
		text string // visible text the page must still show
	}{
		{"javascript", "[click](javascript:alert(1))", []int{1}, "click"},
		{"javascript in capitals", "[click](JaVaScRiPt:alert(1))", []int{1}, "click"},
		{"javascript with a tab", "[click](<java\tscript:alert(1)>)", []int{1}, "click"},
		{"javascript with a newline", "[click](<java\nscript:alert(1)>)", nil, "click"},
		{"javascript after a control", "[click](\x01javascript:alert(1))", []int{1}, "click"},
		{"javascript after a control, in brackets", "[click](<\x01 javascript:alert(1)>)", []int{1}, "click"},
		{"decimal entity", "[click](&#106;avascript:alert(1))", []int{1}, "click"},
		{"padded decimal entity", "[click](&#0000106;avascript:alert(1))", []int{1}, "click"},
		{"hex entity", "[click](&#x6A;avascript:alert(1))", []int{1}, "click"},
		{"entity tab inside", "[click](java&#x09;script:alert(1))", []int{1}, "click"},
		{"entity newline inside", "[click](java&NewLine;script:alert(1))", []int{1}, "click"},
		{"entity colon", "[click](javascript&colon;alert(1))", []int{1}, "click"},
		{"vbscript", "[click](vbscript:msgbox(1))", []int{1}, "click"},
		{"data text/html", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []int{1}, "click"},
		{"data svg image", "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", []int{1}, "pic"},
		{"javascript image", "![pic](javascript:alert(1))", []int{1}, "pic"},
		{"javascript with a title", `[click](javascript:alert(1) "title")`, []int{1}, "click"},
		{"reference definition", "[click]\n\n[click]: javascript:alert(1)", []int{1}, "click"},
		{"autolink", "<javascript:alert(1)>", []int{2}, "javascript:alert(1)"},
		{"autolink in capitals", "<JAVASCRIPT:alert(1)>", []int{2}, "JAVASCRIPT:alert(1)"},
		{"autolink vbscript", "<vbscript:msgbox(1)>", []int{2}, "vbscript:msgbox(1)"},
		{"script element", "<script>alert(1)</script>", nil, ""},
		{"script element inline", "text <script>alert(1)</script> text", nil, "text"},
		{"img onerror", "<img src=x onerror=alert(1)>", nil, ""},
		{"svg onload", "<svg onload=alert(1)>", nil, ""},
		{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, nil, ""},
		{"raw anchor", `<a href="javascript:alert(1)">click</a>`, nil, "click"},
		{"heading onclick", `## Heading {onclick="alert(1)"}`, nil, "Heading"},
		{"heading id and onclick", `## Heading {#ok onmouseover=alert(1) .cls}`, nil, "Heading"},
		{"heading style", `## Heading {style="background:url(javascript:alert(1))"}`, nil, "Heading"},
		// With a space the id is an error (TestHeadingIDWithSpace); without
		// one it is still written escaped.
		{"heading id that breaks out", `## Heading {id="x&quot;onclick=&quot;alert(1)"}`, nil, "Heading"},
		{"title that breaks out", `[click](https://example.org "x&quot; onclick=&quot;alert(1)")`, nil, "click"},
		{"url that breaks out", `[click](https://example.org/"onmouseover="alert(1))`, nil, "click"},
		{"code fence info", "```js\" onclick=\"alert(1)\nx\n```", nil, "x"},
		{"footnote label", "Text[^<img src=x onerror=alert(1)>].\n\n[^<img src=x onerror=alert(1)>]: Note.", nil, "Note."},
		{"table cell", "| a |\n|---|\n| <script>alert(1)</script> |", nil, "a"},
		{"html comment trick", "<!-- --><script>alert(1)</script><!-- -->", nil, ""},
		{"html block", "<div onclick=\"alert(1)\">\n\ntext\n\n</div>", nil, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, layoutsTxtar+homeTxtar+"-- content/x.md --\n---\ntitle: X\n---\n"+tt.body+"\n").build()
			s.assertOK()
			var want []string
			for _, col := range tt.warn {
				want = append(want, "content/x.md:4:"+strconv.Itoa(col)+": "+removed)
			}
			// Raw HTML's own warnings are TestRawHTMLWarnings's, and those
			// for heading attributes left out TestHeadingAttributes's.
			got := slices.DeleteFunc(s.diags(), func(d string) bool {
				return strings.Contains(d, "raw HTML left out") || strings.Contains(d, "a heading keeps only")
			})
			if !slices.Equal(got, want) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", got, want)
			}
			page := s.file("x/index.html")
			if bad := unsafeMarkup(page); len(bad) > 0 {
				t.Errorf("executable markup in the page:\n\t%s\n%s", strings.Join(bad, "\n\t"), page)
			}
			if tt.text != "" && !strings.Contains(page, tt.text) {
				t.Errorf("the page lost its text %q:\n%s", tt.text, page)
			}
		})
	}
}

// TestHostileFrontMatter: values from front matter reach layouts through
// html/template, which escapes them by context.
func TestHostileFrontMatter(t *testing.T) {
	s := newSite(t, homeTxtar+`
-- layouts/home.html --
<title>{{ .Title }}</title>
-- layouts/page.html --
<title>{{ .Title }}</title>
<meta name="description" content="{{ .Summary }}">
<h1 title="{{ .Title }}">{{ .Title }}</h1>
<p class="{{ param "actor" .Params }}">{{ param "actor" .Params }}</p>
{{ range .Sources }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}
-- content/x.md --
---
title: "</title><script>alert(1)</script>"
summary: '"><img src=x onerror=alert(1)>'
params: {actor: '" onmouseover="alert(1)'}
sources:
  - title: one
    url: "javascript:alert(1)"
  - title: two
    url: " JaVaScRiPt:alert(1)"
  - title: three
    url: "data:text/html,<script>alert(1)</script>"
  - title: four
    url: "https://example.org/ok"
---
`).build()
	// Each refused URL is an error at its line, and never reaches the page.
	hint := " (use ftp, http, https, mailto, sms, tel or a path)"
	s.assertDiags(
		`content/x.md:7:10: error: sources[0].url "javascript:alert(1)": "javascript:" is not a scheme gloss publishes in links`+hint,
		`content/x.md:9:10: error: sources[1].url " JaVaScRiPt:alert(1)": "javascript:" is not a scheme gloss publishes in links`+hint,
		`content/x.md:11:10: error: sources[2].url "data:text/html,<script>alert(1)</script>": "data:" is not a scheme gloss publishes in links`+hint,
	)
	page := s.file("x/index.html")
	if bad := unsafeMarkup(page); len(bad) > 0 {
		t.Errorf("executable markup in the page:\n\t%s\n%s", strings.Join(bad, "\n\t"), page)
	}
	s.assertFile("x/index.html", `<a href="https://example.org/ok">four</a>`, "&lt;script&gt;")
}

// TestUnsafeHTMLSwitch documents site.unsafe_html: with it on, raw HTML in
// Markdown reaches the page as written (the author is trusted), while links
// with unsafe schemes are still removed.
func TestUnsafeHTMLSwitch(t *testing.T) {
	body := "<div class=\"note\"><script>alert(1)</script></div>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n"
	off := newSite(t, layoutsTxtar+homeTxtar+"-- content/x.md --\n---\ntitle: X\n---\n"+body).build().assertOK()
	off.assertFile("x/index.html", "<!-- raw HTML omitted -->")
	if bad := unsafeMarkup(off.file("x/index.html")); len(bad) > 0 {
		t.Errorf("unsafe_html off: executable markup:\n\t%s", strings.Join(bad, "\n\t"))
	}

	on := newSite(t, layoutsTxtar+`
-- content/_index.md --
---
title: Home
site:
  unsafe_html: true
---
-- content/x.md --
---
title: X
---
`+body).build().assertOK()
	on.assertHasDiag("content/x.md:8:1: " + removed)
	on.assertFile("x/index.html",
		`<div class="note"><script>alert(1)</script></div>`,
		`<img src=x onerror=alert(1)>`,
		"<p>click</p>")
	// The checker sees what the switch let through: proof that it would
	// catch the same markup in the safe mode.
	bad := unsafeMarkup(on.file("x/index.html"))
	if len(bad) != 2 || !strings.Contains(bad[0], "<script> element") || !strings.Contains(bad[1], "onerror") {
		t.Errorf("unsafe_html on: checker found %q, want the script and the onerror handler", bad)
	}
}

// TestUnsafeMarkupChecker makes sure the checker itself catches the tricks
// it exists for, and passes ordinary markup.
func TestUnsafeMarkupChecker(t *testing.T) {
	bad := []string{
		`<script>x</script>`,
		`<SCRIPT SRC=//evil></SCRIPT>`,
		`<p><svg><script>x</script></svg></p>`,
		`<img src=x onerror=alert(1)>`,
		`<img src="x"/onerror=alert(1)>`,
		`<img/src=x	onerror=alert(1)>`,
		`<body onload="x">`,
		`<a href="javascript:x">`,
		`<a href='JAVASCRIPT:x'>`,
		`<a href=javascript:x>`,
		`<a/href=javascript:x>`,
		`<a href="jav&#x09;ascript:x">`,
		`<a href="&#106;avascript:x">`,
		`<a href="&#0000106avascript:x">`,
		`<a href=" &#x20;javascript:x">`,
		`<a href="java&NewLine;script:x">`,
		`<a href="javascript&colon;x">`,
		"<a href=\"java\tscript:x\">",
		"<a href=\"\x01javascript:x\">",
		`<a href="vbscript:x">`,
		`<a href="data:text/html,x">`,
		`<form action="javascript:x">`,
		`<img srcset="ok.png 1x, javascript:x 2x">`,
		`<iframe srcdoc="x"></iframe>`,
		`<meta http-equiv="refresh" content="0;url=javascript:x">`,
		`<object data="x"></object>`,
		`<p title="a" onclick="x">`,
		`<a href="x`, // never closed: a browser would read on
	}
	for _, doc := range bad {
		if len(unsafeMarkup(doc)) == 0 {
			t.Errorf("checker passed %q", doc)
		}
	}
	good := []string{
		`<!doctype html><html><head><title>a <script> b</title></head><body>`,
		`<p>&lt;script&gt;alert(1)&lt;/script&gt; and onclick="x"</p>`,
		`<a href="https://example.org/javascript:x">`,
		`<a href="../x/#javascript:x">`,
		`<a href="x/javascript:y">`,
		`<a href="mailto:a@example.org">`,
		`<a href="tel:+100">`,
		`<a href="HTTPS://EXAMPLE.ORG">`,
		`<a href="#ZgotmplZ">`,
		`<p>a < b and c > d</p>`,
		`<!-- <script>x</script> -->`,
		`<textarea><script>x</script></textarea>`,
		`<pre><code class="language-js">onclick=x</code></pre>`,
		`<h2 id="onclick">onclick</h2>`,
		`<img src=x/onerror=alert(1)>`, // one unquoted src value, no handler
	}
	for _, doc := range good {
		if bad := unsafeMarkup(doc); len(bad) > 0 {
			t.Errorf("checker rejected %q: %q", doc, bad)
		}
	}
}

// TestHostileLinks: a site's symbolic links cannot publish what lies
// outside the site folder. Each link that leaves it, dangles or reaches a
// device is an error at the link, naming its target, and the build
// publishes nothing; links that stay inside are read under their names.
func TestHostileLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	leaves := ": error: symbolic link to %s leaves the site; gloss reads only files inside the site folder"
	for _, tc := range []struct {
		name  string
		links map[string]string // site path → target
		want  []string
	}{
		{"environment, passwords and a device", map[string]string{
			"static/env.txt":    "/proc/self/environ",
			"content/passwd.md": "/etc/passwd",
			"static/zero.bin":   "/dev/zero",
		}, []string{
			"content/passwd.md:1:1" + fmt.Sprintf(leaves, "/etc/passwd"),
			"static/env.txt:1:1" + fmt.Sprintf(leaves, "/proc/self/environ"),
			"static/zero.bin:1:1" + fmt.Sprintf(leaves, "/dev/zero"),
		}},
		{"linked folder outside", map[string]string{"static/img": "../../pictures"}, []string{
			"static/img:1:1" + fmt.Sprintf(leaves, "../../pictures"),
		}},
		{"dangling folder", map[string]string{"content/notes": "../drafts"}, []string{
			"content/notes:1:1: error: symbolic link to ../drafts points to nothing",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, layoutsTxtar+homeTxtar+"-- static/css/site.css --\nbody{}\n")
			dir := s.writeTo(t.TempDir())
			for p, target := range tc.links {
				if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
					t.Fatal(err)
				}
			}
			s.res = buildOnce(t, os.DirFS(dir), build.Options{})
			s.assertDiags(tc.want...)
			// The build goes on with what it could read, to report every
			// error; it fails, so nothing is published, and nothing it
			// made holds what lies behind a link.
			for p, data := range s.res.Files {
				if strings.Contains(string(data), "root:x:") || strings.Contains(string(data), "PATH=") {
					t.Errorf("%s holds what a link out of the site leads to", p)
				}
			}
		})
	}

	t.Run("inside the site", func(t *testing.T) {
		s := newSite(t, layoutsTxtar+homeTxtar+"-- static/css/site.css --\nbody{}\n-- shared/logo.svg --\n<svg/>\n")
		dir := s.writeTo(t.TempDir())
		for p, target := range map[string]string{"static/logo.svg": "../shared/logo.svg", "static/style.css": "css/site.css"} {
			if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
		}
		s.res = buildOnce(t, os.DirFS(dir), build.Options{})
		s.assertOK().assertFile("logo.svg", "<svg/>").assertFile("style.css", "body{}")
	})

	t.Run("dev session", func(t *testing.T) {
		s := newSite(t, layoutsTxtar+homeTxtar)
		dir := s.writeTo(t.TempDir())
		sess := build.NewSession(os.DirFS(dir), build.Options{})
		if res := rebuild(t, sess, nil); res.Failed() {
			t.Fatalf("first build: %v", res.Diags)
		}
		link := filepath.Join(dir, "static", "env.txt")
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/proc/self/environ", link); err != nil {
			t.Fatal(err)
		}
		s.res = rebuild(t, sess, []string{"static/env.txt"})
		s.assertDiags("static/env.txt:1:1" + fmt.Sprintf(leaves, "/proc/self/environ"))
		// An edit elsewhere does not make the link go away.
		s.res = rebuild(t, sess, []string{"content/_index.md"})
		s.assertDiags("static/env.txt:1:1" + fmt.Sprintf(leaves, "/proc/self/environ"))
		if err := os.Remove(link); err != nil {
			t.Fatal(err)
		}
		s.res = rebuild(t, sess, []string{"static/env.txt"})
		s.assertClean()
	})
}

// TestBrokenLinkAmongOtherErrors: a symbolic link to nothing is an error
// at its path, reported in the same run as every other error of the site,
// not alone. What names the linked file is not reported a second time: a
// page behind a broken link is still a page (its front matter unknown),
// a linked image still a file, for links and relations; a link to a file
// that is not there at all still is an error.
func TestBrokenLinkAmongOtherErrors(t *testing.T) {
	s := newSite(t, layoutsTxtar+relationsTxtar+`
-- content/principles/first.md --
---
title: First
counterexamples: [gone]
colour: red
---
See [the gone case](../counterexamples/gone.md), [the logo](../logo.png),
[the map](../map.png) and [nothing](../counterexamples/nothing.md).
`)
	s.fs["content/counterexamples/gone.md"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../../shared/gone.md")}
	s.fs["static/logo.png"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("nowhere.png")}
	s.build().assertDiags(
		`content/counterexamples/gone.md:1:1: error: symbolic link to ../../shared/gone.md points to nothing`,
		`content/principles/first.md:4:1: error: unknown key "colour"`,
		`content/principles/first.md:7:1: error: link to a missing file: ../map.png`,
		`content/principles/first.md:7:27: error: link to a missing page: ../counterexamples/nothing.md`,
		`static/logo.png:1:1: error: symbolic link to nowhere.png points to nothing`,
	)

	// In a dev session too, until the link is mended.
	sess := build.NewSession(s.fs, build.Options{})
	if res := rebuild(t, sess, nil); len(res.Diags) != 5 {
		t.Errorf("first build: %d diagnostics, want 5: %v", len(res.Diags), res.Diags)
	}
	s.fs["static/logo.png"] = &fstest.MapFile{Data: []byte("PNG")}
	res := rebuild(t, sess, []string{"static/logo.png"})
	if len(res.Diags) != 4 || slices.ContainsFunc(res.Diags, func(d diag.Diagnostic) bool { return d.File == "static/logo.png" }) {
		t.Errorf("after mending static/logo.png: %v", res.Diags)
	}
}

// TestBrokenFolderLinks: in this repository's site, a section's folder
// and a partial that are symbolic links to nothing are two errors at
// their paths, reported with the site's other error; what would have
// read them (links, relations and the matrix into the section, the print
// page's params.gather, every page's {{template}} call of the partial) is
// not reported again.
func TestBrokenFolderLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := copySite(t)
	e := siteEditor{t, dir}
	e.remove("content/principles")
	e.remove("layouts/_partials/sources.html")
	for p, target := range map[string]string{"content/principles": "../nowhere", "layouts/_partials/sources.html": "gone.html"} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	article := e.read("content/article.md")
	e.write("content/article.md", article+"\nSee [nothing](nothing.md).\n")
	line := strings.Count(article, "\n") + 2
	s := &siteTest{t: t}
	s.res = buildOnce(t, os.DirFS(dir), build.Options{})
	s.assertDiags(
		fmt.Sprintf("content/article.md:%d:5: error: link to a missing page: nothing.md", line),
		"content/principles:1:1: error: symbolic link to ../nowhere points to nothing",
		"layouts/_partials/sources.html:1:1: error: symbolic link to gone.html points to nothing",
	)
}

// TestHiddenStaticFiles: hosts need static/.well-known/ and
// static/.nojekyll, which are published; any other hidden file of static/
// is left out with a warning; leftovers such as .DS_Store go silently.
func TestHiddenStaticFiles(t *testing.T) {
	s := newSite(t, layoutsTxtar+homeTxtar+`
-- static/.well-known/security.txt --
Contact: mailto:security@example.org
-- static/.nojekyll --
-- static/.htaccess --
Options -Indexes
-- static/img/.secret/key.txt --
x
-- static/.DS_Store --
x
-- static/.gitkeep --
`).build()
	s.assertOK().assertFile(".well-known/security.txt", "Contact:")
	if _, ok := s.res.Files[".nojekyll"]; !ok {
		t.Error("no .nojekyll in the output")
	}
	s.assertNoFile(".htaccess", "img/.secret/key.txt", ".DS_Store", ".gitkeep")
	hint := " (remove the leading dot to publish it)"
	want := []string{
		"static/.htaccess:1:1: warning: hidden, so not published: of static/'s hidden files, gloss publishes only .well-known/ and .nojekyll" + hint,
		"static/img/.secret:1:1: warning: hidden, so not published: of static/'s hidden files, gloss publishes only .well-known/ and .nojekyll" + hint,
	}
	if got := s.diags(); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", got, want)
	}
}

// TestSourceURLSchemes: a source's url may use what a body link may (tel:,
// ftp: and sms: too, which html/template alone writes as #ZgotmplZ).
func TestSourceURLSchemes(t *testing.T) {
	s := newSite(t, homeTxtar+`
-- layouts/home.html --
<title>{{ .Title }}</title>
-- layouts/page.html --
{{ range .Sources }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}
-- content/x.md --
---
title: X
sources:
  - {title: call, url: "tel:+441234567890"}
  - {title: archive, url: "ftp://ftp.example.org/report.pdf"}
  - {title: text, url: "sms:+441234567890"}
  - {title: mail, url: "mailto:press@example.org"}
  - {title: page, url: "https://example.org/a?b=1&c=2"}
  - {title: local, url: "../report/"}
---
`).build().assertClean()
	s.assertFile("x/index.html",
		`<a href="tel:&#43;441234567890">call</a>`,
		`<a href="ftp://ftp.example.org/report.pdf">archive</a>`,
		`<a href="sms:&#43;441234567890">text</a>`,
		`<a href="mailto:press@example.org">mail</a>`,
		`<a href="https://example.org/a?b=1&amp;c=2">page</a>`,
		`<a href="../report/">local</a>`)
	s.assertFileNot("x/index.html", "ZgotmplZ")
}

// TestHostileLangContainer: a ::: container's lang reaches the page only
// as a well-formed tag; anything that could leave the attribute is an
// error at its line, not markup.
func TestHostileLangContainer(t *testing.T) {
	page := "-- content/x.md --\n---\ntitle: X\n---\n"
	ok := newSite(t, layoutsTxtar+homeTxtar+page+"::: {lang=zh-Hans}\n> 二是<script>alert(1)</script>\n:::\n").build().assertOK()
	ok.assertFile("x/index.html", `<div lang="zh-Hans">`)
	if bad := unsafeMarkup(ok.file("x/index.html")); len(bad) > 0 {
		t.Errorf("executable markup in the page:\n\t%s", strings.Join(bad, "\n\t"))
	}
	for _, attrs := range []string{
		`{lang="x onmouseover=alert(1)"}`,
		`{lang='x"onmouseover="alert(1)'}`,
		`{lang=x"><script>alert(1)</script>}`,
		`{lang=zh onmouseover=alert(1)}`,
	} {
		s := newSite(t, layoutsTxtar+homeTxtar+page+"::: "+attrs+"\ntext\n:::\n").build()
		if !s.res.Failed() || len(s.diags()) != 1 || !strings.HasPrefix(s.diags()[0], "content/x.md:4:") {
			t.Errorf("%s: want one error on line 4, got %q", attrs, s.diags())
		}
	}
}

// TestHeadingsKeepClearOfPageIDs: headings whose text gives the ID of
// one of the page's sources ("Src AP" and src-ap) or notes ("Fn 1" and
// fn-1) take the next suffix, on the page and where a print page gathers
// it, so that no page defines an ID twice and a citation or a note's
// reference leads to what it cites.
func TestHeadingsKeepClearOfPageIDs(t *testing.T) {
	s := newSite(t, layoutsTxtar+homeTxtar+`
-- layouts/page.html --
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}
<ol>{{ range .Sources }}<li id="{{ .ID }}">{{ .Title }}</li>{{ end }}</ol>
</article>{{ end }}
-- layouts/print.html --
{{ define "main" }}{{ range .Gather "x" }}<section id="{{ .ID }}">{{ .Content }}
<ol>{{ range .Sources }}<li id="{{ .ID }}">{{ .Title }}</li>{{ end }}</ol></section>{{ end }}{{ end }}
-- content/print.md --
---
title: Print
layout: print
---
-- content/x.md --
---
title: X
sources:
  - id: ap
    title: AP
  - title: Second
---
## Src AP

Cited [@ap] and noted[^n].

## Src 2

## Fn 1

[^n]: A note.
`).build().assertClean()
	page := s.file("x/index.html")
	assertOneDocument(t, page, 8)
	s.assertFile("x/index.html", `<h2 id="src-ap-1">Src AP</h2>`, `<h2 id="src-2-1">Src 2</h2>`, `<h2 id="fn-1-1">Fn 1</h2>`, `href="#src-ap"`)
	assertOneDocument(t, s.file("print/index.html"), 8)
}
