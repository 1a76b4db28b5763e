package linkcheck

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// htmlEdgeCases are markup whose tokenizing is easy to get wrong: each
// must be read exactly as golang.org/x/net/html's tokenizer reads it.
var htmlEdgeCases = []string{
	// Entities in attributes: decoded, except a named one that is not an
	// entity's whole name, or lacks its ';' before an '='.
	`<a href="a/?x=1&amp;y=2&lt;&#x41;&#66;&#0;&#x110000;&#128;&#xd800;&notit;&not;&noti=&amp=&ampx&fjlig;&nGt;&#;&#x;&">a</a>`,
	`<a href='&copy'>`, `<a href=&amp;x>`, `<a id="&">`, `<a id="&#">`, `<a id="&#1">`, `<a id="&#12">`, `<a id="&#x7a">`,
	"<a href=\"a\r\nb\rc\x00d\">", "<a hr\x00ef=x on\x00x=fetch(1)>",
	// Upper-case names, unquoted values, attributes without values,
	// duplicates (the first counts), spaces around '='.
	`<A HREF="/a/">a</A><IMG SRC = "//cdn/a.png"><P ID=up><a href=b/ id>`,
	`<a href="1" HREF="2" id=x ID=y>`, `<img src>`, `<a href id=q>`, `<script src type=module></script>`,
	`<a =href="x" href = y>`, `<a/href="x">`, `<a href="x"/>`, `<a href=x/>`, `<p a=/>`, `<br foo/>`,
	// The same value twice: its offset is its first place in the tag.
	`<a title="x" href="x">`, `<a title="&amp;" href="&amp;">`,
	// Comments, doctypes, CDATA and processing instructions hide tags.
	`<!-- <a href="/c1"> --><a href="/ok1">`, `<!--> <a href="/ok2">`, `<!---> <a href="/ok3">`,
	`<!-- a --!> <a href="/ok4">`, `<!-- --!-- <a href="/c2"> --> <a href="/ok5">`, `<!-- -- > <a href="/c3"> -->`,
	`<![CDATA[ <a href="/c4"> ]]> <a href="/ok6">`, `<?xml <a href="/c5"> ?> <a href="/ok7">`,
	`<!DOCTYPE html <a href="/c6">> <a href="/ok8">`, `<!doctype`, `<!-`, `<!`, `<!--`, `<!-- x --!`,
	`</ a href="/c7"> <a href="/ok9">`, `</> <a href="/ok10">`, `</a href=">"> <a href="/ok11">`, `</`, `<`, `a < b`,
	// Raw text: no markup inside, up to the element's own end tag.
	`<script>var s = "</div><a href='/js1'>";</script><a href="/ok12">`,
	`<script>fetch(1)</SCRIPT ><a href="/ok13">`, `<script>fetch(2)</scripty></script>`,
	`<script><!-- <script> </script> fetch(3) --> </script><a href="/ok14">`,
	`<script><!-- </script> <a href="/ok15">`, `<script><!--<script>-->fetch(4)</script>`,
	`<script><!-- <Script/> -- </script> -- </script> fetch(5) </script> <a href="/ok16">`,
	`<script><!--x<scripty fetch(6)</script>`, `<script><!--x<!y</script>fetch(7)`, `<script><!- fetch(8)</script>`,
	`<script type="text/javascript">fetch(9)</script><script type=module>fetch(10)</script><script/>fetch(11)</script>`,
	`<style>a{background:url(/s1.png)}</style><style/>b{background:url(/s2.png)}</style>`,
	`<textarea><a href="/t1"></textarea><title><a href="/t2"></title><xmp><a href="/t3"></xmp><a href="/ok17">`,
	`<iframe><a href="/t4"></iframe><noembed><a href="/t5"></noembed><noframes><a href="/t6"></noframes>`,
	`<noscript><a href="/n1"><style>x{background:url(/n2)}</style></noscript><a href="/ok18">`,
	`<plaintext><a href="/p1"></plaintext><a href="/p2">`,
	`<script>fetch(12)`, `<style>a{background:url(/s3)}`, `<script>fetch(13)</script`, `<script>fetch(14)</scr`,
	// Tags the data ends in are dropped.
	`<a href="/e1"`, `<a href="/e2`, `<a href=/e3`, `<a href=`, `<a href`, `<a `, `<a`, `</a`, `</a href=">`,
	// SVG and MathML are markup like the rest.
	`<svg><use href="#i"></use><image xlink:href="x.png"/><g id="i"></g><style>.a{fill:url(#g)}</style></svg><math id="m"></math>`,
	// Styles, event handlers, meta, link, srcset.
	`<div style="background:url(/d.png)" onclick="fetch(15)" ONMOUSEOVER="fetch(16)"></div>`,
	`<meta http-equiv=Refresh content="0;url=/m"><meta property="og:image" content="/o.png"><link rel="canonical stylesheet" href="/l">`,
	`<img srcset="a.png 1x, b.png 2x" src="c.png"><base href="/"><link rel=modulepreload href=x.js>`,
	// Names that only Unicode lowers to a known one.
	"<SCR\u0130PT>fetch(17)<b>fetch(18)</b>fetch(19)", "<TRAC\u212a src=/k>",
	// Empty and odd names.
	`<a = x>`, `<a ==x>`, `<a "href"="/q1">`, `<a href="/q2"x=y>`, "<a\thref\n=\f'/q3'>",
}

// manyAttrsCase is a tag with more attributes than kept compares one by
// one, names repeated in other cases on both sides of the limit.
func manyAttrsCase() string {
	var b strings.Builder
	b.WriteString("<a")
	for i := range 3 * manyAttrs {
		fmt.Fprintf(&b, " d%d=%d", i%(manyAttrs+5), i)
		if i == manyAttrs+2 {
			b.WriteString(` HREF="x" ID=b`)
		}
	}
	b.WriteString(` href="y" id=c ONCLICK="fetch(1)" onclick="fetch(2)">`)
	return b.String()
}

func scanBoth(name string, data []byte) (got, want *scanned) {
	got = scanHTML(name, data)
	want = &scanned{}
	oracleScanHTMLInto(want, name, data, 0)
	want.sortIDs()
	return got, want
}

func sameScan(t *testing.T, name string, data []byte) {
	t.Helper()
	got, want := scanBoth(name, data)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s %q:\n got %+v\nwant %+v", name, data, *got, *want)
	}
}

// TestScanHTMLAsTokenizer: the scanner finds what it found when it read
// pages with golang.org/x/net/html's tokenizer, ids, URLs and their
// offsets, and problems, on markup that tests the tokenizer's rules.
func TestScanHTMLAsTokenizer(t *testing.T) {
	for _, c := range append(htmlEdgeCases, manyAttrsCase()) {
		sameScan(t, "p.html", []byte(c))
		sameScan(t, "p.html", []byte(page(c)))
		// Cut anywhere: the data may end in the middle of anything.
		for i := range len(c) {
			sameScan(t, "p.html", []byte(c[:i]))
		}
	}
}

// TestScanHTMLAsTokenizerOnASite does the same on the pages of a built
// site, $GLOSS_BENCH_OUT, when set.
func TestScanHTMLAsTokenizerOnASite(t *testing.T) {
	dir := os.Getenv("GLOSS_BENCH_OUT")
	if dir == "" {
		return // nothing more to compare
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || kindOf(p) != htmlFile {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sameScan(t, p, data)
		return nil
	})
}

func page(body string) string {
	return "<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>"
}

// FuzzScanHTML: on any bytes, the scanner never panics and finds what the
// scanner written with golang.org/x/net/html found.
func FuzzScanHTML(f *testing.F) {
	for _, c := range htmlEdgeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, want := scanBoth("p.html", data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", data, *got, *want)
		}
	})
}

// TestScanHTMLEdgeCases says what the scanner finds in markup that is
// easy to misread, in so many words (TestScanHTMLAsTokenizer holds it to
// the tokenizer on the same and more).
func TestScanHTMLEdgeCases(t *testing.T) {
	for _, tt := range []struct {
		name, html string
		urls, ids  []string
	}{
		{"entities in attributes", `<a id="a&amp;b" href="x?a=1&amp;b=2&copy=3&notit;&lt&#47;">`,
			[]string{"x?a=1&b=2&copy=3&notit;</"}, []string{"a&b"}},
		{"upper-case names", `<A HREF="x"><IMG SRC=y><P ID=Z>`, []string{"x", "y"}, []string{"Z"}},
		{"unquoted values", `<a href=x/y id=i>`, []string{"x/y"}, []string{"i"}},
		{"attribute without a value", `<a href id=i><img src>`, []string{""}, []string{"i"}},
		{"the first of two", `<a href="x" HREF="y">`, []string{"x"}, nil},
		{"comments hide tags", `<!-- <a href="c"> --><!--> <a href="x"><!-- a --!><a href="y">`, []string{"x", "y"}, nil},
		{"CDATA is a bogus comment up to its first >", `<![CDATA[ <a href="c"> ]]><a href="x">`, []string{"x"}, nil},
		{"script holding markup", `<script>var s = "</div><a href='c'>";</script><a href="x">`, []string{"x"}, nil},
		{"script escaped", `<script><!-- <script> </script> <a href='c'> --></script><a href="x">`, []string{"x"}, nil},
		{"raw text elements", `<title><a href="c"></title><textarea><a href="c"></textarea><a href="x">`, []string{"x"}, nil},
		{"noscript read as markup", `<noscript><a href="x"></noscript>`, []string{"x"}, nil},
		{"a tag the page ends in", `<a href="x"><a href="y"`, []string{"x"}, nil},
		{"'>' in a quoted value", `<a title="a>b" href="x">`, []string{"x"}, nil},
		{"a bogus end tag", `</ <a href="c"> ><a href="x">`, []string{"x"}, nil},
		{"svg", `<svg><use href="#i"></use><g id="i"/></svg>`, []string{"#i"}, []string{"i"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sameScan(t, "p.html", []byte(tt.html))
			s := scanHTML("p.html", []byte(tt.html))
			var urls []string
			for _, r := range s.refs {
				urls = append(urls, r.val)
			}
			if !reflect.DeepEqual(urls, tt.urls) || !reflect.DeepEqual(s.ids, tt.ids) {
				t.Errorf("%s: URLs %q and ids %q, want %q and %q", tt.html, urls, s.ids, tt.urls, tt.ids)
			}
		})
	}
}
