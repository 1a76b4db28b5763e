package linkcheck_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
)

const (
	hosted  = 1 << graph.Pretty
	offline = 1 << graph.Files
	both    = hosted | offline
)

// page wraps body in a minimal page.
func page(body string) string {
	return "<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>"
}

func check(files map[string]string, style graph.Style, siteURL string) diag.List {
	out := linkcheck.Output{Name: "v", Style: style, Files: map[string][]byte{}}
	for p, s := range files {
		out.Files[p] = []byte(s)
	}
	return linkcheck.Check(linkcheck.Options{SiteURL: siteURL}, out)
}

// TestRules runs each rule on a small output. want lists one substring of
// each expected diagnostic, in order; none means the output passes.
func TestRules(t *testing.T) {
	site := map[string]string{
		"a/index.html":    page(`<h2 id="x">X</h2><h2 id="what-happened">W</h2><a name="legacy"></a>`),
		"café/index.html": page(`<h2 id="café">C</h2>`),
		"css/site.css":    `body { color: black }`,
		"img/a.png":       "png",
		"img/b.png":       "png",
		"js/app.js":       `window.app = {};`,
		"doc.pdf":         "pdf",
	}
	tests := []struct {
		name    string
		styles  int
		index   string            // the body of index.html
		extra   map[string]string // more output files
		siteURL string
		want    []string
	}{
		// Internal links in each style.
		{name: "hosted folder link", styles: hosted, index: `<a href="a/">a</a> <a href="./">home</a> <a href="a/../">home</a>`},
		{name: "offline file link", styles: offline, index: `<a href="a/index.html">a</a> <a href="index.html">home</a>`},
		{name: "offline folder link", styles: offline, index: `<a href="a/">a</a>`,
			want: []string{`<a href> "a/" names the folder a/, which file:// cannot open (file:// has no directory index: write a/index.html)`}},
		{name: "offline root folder", styles: offline, index: `<a href="./">home</a>`,
			want: []string{`"./" names the folder at the site's root, which file:// cannot open (file:// has no directory index: write index.html)`}},
		{name: "offline parent folder", styles: offline, extra: map[string]string{"a/b.html": page(`<a href="../">up</a>`)},
			want: []string{`a/b.html (v): <a href> "../" names the folder at the site's root`}},
		{name: "folder without its slash", styles: hosted, index: `<a href="a">a</a>`,
			want: []string{`"a" names the folder a/ without its trailing slash; not every host redirects (write a/)`}},
		{name: "folder without its slash offline", styles: offline, index: `<a href="a">a</a>`,
			want: []string{`"a" names the folder a/, which file:// cannot open (write a/index.html)`}},
		{name: "missing page", styles: both, index: `<a href="b/index.html">b</a>`,
			want: []string{`names b/index.html, which is not in the output`}},
		{name: "missing page hosted", styles: hosted, index: `<a href="b/">b</a>`,
			want: []string{`"b/" names b/index.html, which is not in the output`}},
		{name: "missing file with a near name", styles: both, index: `<img src="img/c.png">`,
			want: []string{`names img/c.png, which is not in the output (did you mean "img/a.png"?)`}},
		{name: "outside the site", styles: both, index: `<a href="../x.html">x</a>`, want: []string{`"../x.html" leads outside the site`}},
		{name: "query and escapes", styles: both, index: `<a href="a/index.html?x=1#x">a</a> <a href="caf%C3%A9/index.html#caf%C3%A9">c</a> <a href="doc.pdf#page=2">pdf</a>`},
		{name: "bad escape", styles: both, index: `<a href="a%zz.html">a</a>`, want: []string{`has a bad %-escape`}},

		// Fragments.
		{name: "fragments that exist", styles: both, index: `<a href="a/index.html#x">x</a> <a href="a/index.html#legacy">l</a> <a href="#top">top</a> <a href="#">top</a> <p id="here"><a href="#here">here</a> <a href="#:~:text=here">text</a>`},
		{name: "fragment missing in another page", styles: both, index: `<a href="a/index.html#what-hapened">y</a>`,
			want: []string{`names #what-hapened, but no element of a/index.html has that id (did you mean "what-happened"?)`}},
		{name: "fragment missing in this page", styles: both, index: `<a href="#nowhere">n</a>`,
			want: []string{`"#nowhere" names #nowhere, but no element of this page has that id`}},
		{name: "fragment of a missing page is one error", styles: both, index: `<a href="z.html#y">y</a>`,
			want: []string{`names z.html, which is not in the output`}},

		// External links are links; external resources are not allowed.
		{name: "links to other sites", styles: both, index: `<a href="https://example.org/x">x</a> <a href="mailto:a@example.org">m</a> <a href="tel:+1">t</a> <form action="https://example.org/search"></form> <link rel="alternate" hreflang="fr" href="https://fr.example.org/"> <link rel="license" href="https://creativecommons.org/licenses/by/4.0/">`},
		{name: "stylesheet from another host", styles: both, index: `<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">`,
			want: []string{`<link rel="stylesheet" href> "https://fonts.googleapis.com/css2?family=Inter" loads from another host (fonts.googleapis.com)`}},
		{name: "preconnect to another host", styles: both, index: `<link rel="preconnect" href="https://fonts.gstatic.com">`,
			want: []string{`loads from another host (fonts.gstatic.com)`}},
		{name: "icon from another host", styles: both, index: `<link rel="icon" href="http://example.org/favicon.ico">`, want: []string{`<link rel="icon" href>`}},
		{name: "script from another host", styles: both, index: `<script src="https://cdn.example.org/x.js"></script>`,
			want: []string{`<script src> "https://cdn.example.org/x.js" loads from another host (cdn.example.org)`}},
		{name: "image from another host", styles: both, index: `<img src="https://example.org/a.png">`, want: []string{`<img src>`}},
		{name: "srcset", styles: both, index: `<img src="img/a.png" srcset="img/a.png 1x, https://cdn.example.org/b.png 2x,img/b.png 3x">`,
			want: []string{`<img srcset> "https://cdn.example.org/b.png" loads from another host`}},
		{name: "srcset missing", styles: both, index: `<picture><source srcset="img/x.webp" type="image/webp"><img src="img/a.png"></picture>`,
			want: []string{`<source srcset> "img/x.webp" names img/x.webp`}},
		{name: "poster", styles: both, index: `<video src="img/a.png" poster="img/p.jpg"></video>`, want: []string{`<video poster> "img/p.jpg" names img/p.jpg`}},
		{name: "iframe from another host", styles: both, index: `<iframe src="https://www.youtube.com/embed/x"></iframe> <iframe src="about:blank"></iframe>`,
			want: []string{`<iframe src> "https://www.youtube.com/embed/x" loads from another host (www.youtube.com)`}},
		{name: "object and svg", styles: both, index: `<object data="doc.pdf"></object><svg><use href="img/a.png#i"></use><image xlink:href="img/z.png"></image></svg>`,
			want: []string{`<image xlink:href> "img/z.png" names img/z.png`}},
		{name: "data URLs", styles: both, index: `<img src="data:image/png;base64,AAAA"> <link rel="stylesheet" href="data:text/css,body{}">`},
		{name: "empty resource", styles: both, index: `<img src="">`, want: []string{`<img src> "" is empty`}},
		{name: "empty link", styles: both, index: `<a href="">this page</a>`},

		// Absolute URLs and other escapes.
		{name: "absolute path", styles: both, index: `<a href="/a/">a</a>`, want: []string{`"/a/" is an absolute path: it breaks under a subpath (/repo/) and from file://`}},
		{name: "absolute path resource", styles: both, index: `<link rel="stylesheet" href="/css/site.css">`, want: []string{`is an absolute path`}},
		{name: "absolute path form", styles: both, index: `<form action="/search"></form>`, want: []string{`<form action> "/search" is an absolute path`}},
		{name: "backslash path", styles: both, index: `<a href="\a\">a</a>`, want: []string{`is an absolute path`}},
		{name: "protocol-relative link", styles: both, index: `<a href="//example.org/">x</a>`, want: []string{`"//example.org/" is protocol-relative`}},
		{name: "protocol-relative resource", styles: both, index: `<img src="//cdn.example.org/a.png">`, want: []string{`is protocol-relative`}},
		{name: "file URL", styles: both, index: `<a href="file:///home/me/site/a.html">a</a>`, want: []string{`is a file: URL`}},
		{name: "base", styles: both, index: `<base href="./">`, want: []string{`<base> changes how every relative URL`}},
		{name: "meta refresh", styles: both, index: `<meta http-equiv="refresh" content="0; url=/a/">`, want: []string{`<meta http-equiv="refresh"> "/a/" is an absolute path`}},
		{name: "upper-case markup", styles: both, index: `<A HREF="/a/">a</A><IMG SRC = "//cdn.example.org/a.png"><P ID="up"><a href="#up">up</a>`,
			want: []string{`<a href> "/a/" is an absolute path`, `<img src> "//cdn.example.org/a.png" is protocol-relative`}},
		{name: "attribute values that look like names", styles: both, index: `<span class="x" title="href=/x src=/y">t</span><a class="a" title='id=' href="a/index.html#x">a</a>`},
		{name: "noscript is markup too", styles: both, index: `<noscript><a href="/a/">a</a></noscript>`, want: []string{`"/a/" is an absolute path`}},

		// Canonical, feeds, sitemap, Open Graph: hosted, under site_url.
		{name: "canonical hosted", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{"index.xml": "<rss></rss>", "sitemap.xml": "<urlset></urlset>"},
			index: `<link rel="canonical" href="https://example.org/gdsi/"><link rel="alternate" type="application/rss+xml" href="https://example.org/gdsi/index.xml"><link rel="sitemap" href="https://example.org/gdsi/sitemap.xml"><meta property="og:url" content="https://example.org/gdsi/"><meta property="og:image" content="https://example.org/gdsi/img/a.png"><meta name="twitter:image" content="https://example.org/gdsi/img/a.png">`},
		{name: "canonical relative", styles: both, index: `<link rel="canonical" href="a/index.html">`},
		{name: "canonical offline", styles: offline, siteURL: "https://example.org/",
			index: `<link rel="canonical" href="https://example.org/">`,
			want:  []string{`<link rel="canonical" href> "https://example.org/" is absolute; the offline build has no canonical, feed, sitemap or Open Graph URLs`}},
		{name: "og offline", styles: offline, siteURL: "https://example.org/",
			index: `<meta property="og:image" content="https://example.org/img/a.png">`, want: []string{`<meta property="og:image" content> "https://example.org/img/a.png" is absolute; the offline build`}},
		{name: "canonical without site_url", styles: hosted, index: `<link rel="canonical" href="https://example.org/">`,
			want: []string{`is absolute, but the site has no site_url`}},
		{name: "canonical on another host", styles: hosted, siteURL: "https://example.org/gdsi",
			index: `<link rel="canonical" href="https://example.org/gdsi-old/">`, want: []string{`is not under the site's site_url https://example.org/gdsi`}},
		{name: "feed absolute path", styles: hosted, siteURL: "https://example.org/",
			index: `<link rel="alternate" type="application/atom+xml" href="/index.xml">`, want: []string{`is an absolute path`}},

		{name: "canonical to a missing page", styles: hosted, siteURL: "https://example.org/gdsi/",
			index: `<link rel="canonical" href="https://example.org/gdsi/nope/"><meta property="og:url" content="https://example.org/gdsi/a/#x">`,
			want:  []string{`<link rel="canonical" href> "https://example.org/gdsi/nope/" names nope/index.html, which is not in the output`}},

		// 404.html, served at any missing address: URLs from the root path.
		{name: "404 from the root path", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"404.html": page(`<link rel="stylesheet" href="/gdsi/css/site.css"><a href="/gdsi/">home</a> <a href="/gdsi/a/#x">a</a> <a href="#top">top</a> <a href="https://example.org/other">x</a>`)}},
		{name: "404 without site_url", styles: hosted, extra: map[string]string{
			"404.html": page(`<link rel="stylesheet" href="/css/site.css"><a href="/">home</a> <a href="/café/">c</a>`)}},
		{name: "404 relative", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"404.html": page(`<link rel="stylesheet" href="css/site.css"><a href="./">home</a>`)},
			want: []string{`404.html (v): <link rel="stylesheet" href> "css/site.css" is relative, but a host serves 404.html at any missing address`,
				`404.html (v): <a href> "./" is relative`}},
		{name: "404 outside the root path", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"404.html": page(`<link rel="stylesheet" href="/css/site.css">`)},
			want: []string{`"/css/site.css" is not under the site's root path /gdsi/`}},
		{name: "404 missing file", styles: hosted, siteURL: "https://example.org/gdsi", extra: map[string]string{
			"404.html": page(`<link rel="stylesheet" href="/gdsi/css/nope.css"><a href="/gdsi/a/#nope">a</a>`)},
			want: []string{`"/gdsi/css/nope.css" names css/nope.css, which is not in the output`, `"/gdsi/a/#nope" names #nope, but no element of a/index.html has that id`}},
		{name: "404 offline", styles: offline, extra: map[string]string{"404.html": page(`<a href="/a/">a</a>`)},
			want: []string{`"/a/" is an absolute path`}},

		// Sitemaps, Atom feeds, robots.txt.
		{name: "sitemap", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{"sitemap.xml": `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/gdsi/</loc></url>
  <url><loc>https://example.org/gdsi/caf%C3%A9/</loc><lastmod>2020-09-08</lastmod></url>
  <url><loc>a/</loc></url>
  <url><loc> https://example.org/gdsi/b/ </loc></url>
  <url><loc>https://example.org/elsewhere/</loc></url>
</urlset>
`}, want: []string{`sitemap.xml:5:13: error: sitemap.xml (v): <loc> "a/" is relative; it must be an absolute URL`,
			`sitemap.xml:6:13: error: sitemap.xml (v): <loc> "https://example.org/gdsi/b/" names b/index.html, which is not in the output`,
			`sitemap.xml:7:13: error: sitemap.xml (v): <loc> "https://example.org/elsewhere/" is not under the site's site_url https://example.org/gdsi/`}},
		{name: "sitemap offline", styles: offline, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"sitemap.xml": `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/gdsi/</loc></url></urlset>`},
			want: []string{`<loc> "https://example.org/gdsi/" is absolute; the offline build has no canonical, feed, sitemap or Open Graph URLs`}},
		{name: "sitemap not well-formed", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"sitemap.xml": `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/gdsi/</url></urlset>`},
			want: []string{`sitemap.xml is not well-formed XML`}},
		{name: "atom feed", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{"feed.xml": `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://example.org/gdsi/</id>
  <link rel="self" href="https://example.org/gdsi/feed.xml"/>
  <entry><link href="a/"/><id>tag:example.org,2020:a</id></entry>
  <entry><link rel="alternate" href="https://example.org/gdsi/c/"/></entry>
</feed>
`}, want: []string{`feed.xml:6:10: error: feed.xml (v): <link href> "https://example.org/gdsi/c/" names c/index.html`}},
		{name: "other xml", styles: both, extra: map[string]string{"data.xml": `<rss><channel><link>/abs/</link><loc>nope</loc></channel></rss>`}},
		{name: "robots", styles: hosted, siteURL: "https://example.org/gdsi/", extra: map[string]string{
			"sitemap.xml": `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`,
			"robots.txt":  "User-agent: *\nAllow: /\n\nSitemap: https://example.org/gdsi/sitemap.xml\nsitemap: sitemap.xml # relative\nSitemap: https://example.org/gdsi/nope.xml\n"},
			want: []string{`robots.txt:5:10: error: robots.txt (v): Sitemap: "sitemap.xml" is relative`, `robots.txt:6:10: error: robots.txt (v): Sitemap: "https://example.org/gdsi/nope.xml" names nope.xml, which is not in the output`}},

		// CSS: files, <style>, style attributes.
		{name: "css file", styles: both, extra: map[string]string{"css/x.css": `/* url(/commented) */
@import "site.css";
@import url(site.css) screen;
.a { background: url(../img/a.png) }
.b { background: url( "../img/b.png" ) }
.c { background: url('data:image/png;base64,AA') }
.d { filter: url(#f) }
.e { background: url(../img/sprite.svg#i) }
`}, want: []string{`css/x.css (v): url() "../img/sprite.svg#i" names img/sprite.svg`}},
		// Read as CSS's tokenizer reads it: url( in comments and strings is
		// text, escapes are decoded (the hand-written scanner before it took
		// \61 for "61" and missed an escaped @import).
		{name: "css comments, strings and escapes", styles: both, extra: map[string]string{"css/x.css": `/* a "quote */ .a { background: url(../img/a.png) }
.b { content: "url(/x) \" url(/y)" } .c { content: 'it\'s url(/z)' } /* url(/w) ' */
.d { background: url("../img/\61.png") } .e { background: url(../im\67/b.png) } .f { background: url(../img/b\
.png) }
.g { background: url( "../img/a.png" /* a bad url, still read */ ) }
`}},
		{name: "css escaped @import", styles: both, extra: map[string]string{"css/x.css": `@imp\6frt "nope.css"; .a { --bg: url(/abs.png) }`},
			want: []string{`@import "nope.css" names css/nope.css, which is not in the output`, `url() "/abs.png" is an absolute path`}},
		{name: "css absolute", styles: both, extra: map[string]string{"css/x.css": `.a{background:url(/img/a.png)}`},
			want: []string{`url() "/img/a.png" is an absolute path: it breaks under a subpath (/repo/) and from file:// (write it relative to the stylesheet)`}},
		{name: "css from another host", styles: both, extra: map[string]string{"css/x.css": `@import "https://fonts.googleapis.com/css?family=X";
@font-face { font-family: X; src: url(https://fonts.gstatic.com/x.woff2) format("woff2") }`},
			want: []string{`@import "https://fonts.googleapis.com/css?family=X" loads from another host`, `url() "https://fonts.gstatic.com/x.woff2" loads from another host`}},
		{name: "style attribute", styles: both, index: `<div style="background: url('/img/a.png')"></div><div style="background: url(img/a.png)"></div>`,
			want: []string{`url() in <div style> "/img/a.png" is an absolute path`}},
		{name: "style element", styles: both, index: `<style>.a { background: url(img/nope.png) }</style>`,
			want: []string{`url() in <style> "img/nope.png" names img/nope.png, which is not in the output`}},

		// Scripts.
		{name: "classic scripts", styles: both, index: `<script src="js/app.js"></script><script>
// fetch( in a comment; import("x") too
/* XMLHttpRequest */
var s = "fetch(x) import('y') WebAssembly", t = 'navigator.serviceWorker';
var u = ` + "`fetch(${prefetch(1)}) ${ {a: 1}.a } text`" + `;
var r = /fetch\(/g, q = x / 2 / fetch;
function prefetch(x) { return x.import + ({import: 1, export: 2}).import }
</script><script type="application/json">{"fetch(": "import()"}</script><button onclick="prefetch(1)">b</button>`},
		{name: "fetch", styles: both, index: `<script>fetch("data.json").then(r => r.json())</script>`,
			want: []string{`inline <script> calls fetch(), which needs a server`}},
		{name: "fetch in a template expression", styles: both, index: "<script>var a = `x ${ fetch (u) } y`</script>",
			want: []string{`calls fetch()`}},
		// Read by a lexer: comments between a name and its call, a regular
		// expression opening a template's ${ }, HTML-like comments (the
		// hand-written scanner before it got each of these wrong).
		{name: "fetch called across a comment", styles: both, index: "<script>fetch /* the data */ (u); fetch // more\n(v)</script>",
			want: []string{`index.html:1:65: error: index.html (v): inline <script> calls fetch()`, `index.html:1:91: error: index.html (v): inline <script> calls fetch()`}},
		{name: "regular expression in a template", styles: both, index: "<script>var a = `${/fetch(/.test(b)} ${ c ? /import(/ : 1 }`;\n<!-- fetch(x) in an HTML-like comment\n</script>"},
		{name: "xhr", styles: both, index: `<script>var x = new XMLHttpRequest()</script>`, want: []string{`uses XMLHttpRequest`}},
		{name: "dynamic import", styles: both, index: `<script>import("./search.js")</script>`, want: []string{`uses ES modules (import)`}},
		{name: "import.meta", styles: both, index: `<script>console.log(import.meta.url)</script>`, want: []string{`uses ES modules (import)`}},
		{name: "export", styles: both, index: `<script>export const a = 1</script>`, want: []string{`uses ES modules (export)`}},
		{name: "importScripts", styles: both, extra: map[string]string{"js/w.js": `importScripts("x.js")`}, want: []string{`script js/w.js uses importScripts`}},
		{name: "service worker", styles: both, index: `<script>navigator.serviceWorker.register("sw.js")</script>`, want: []string{`uses a service worker`}},
		{name: "wasm", styles: both, extra: map[string]string{"js/w.js": `WebAssembly.instantiateStreaming(x)`}, want: []string{`uses WebAssembly`}},
		{name: "worker", styles: both, index: `<script>var w = new Worker("w.js")</script>`, want: []string{`starts a worker`}},
		{name: "event source", styles: both, index: `<script>new EventSource("/events")</script>`, want: []string{`opens an EventSource`}},
		{name: "event handler attribute", styles: both, index: `<button onclick="fetch('x')">b</button>`, want: []string{`<button onclick> calls fetch()`}},
		{name: "module script", styles: both, index: `<script type="module" src="js/app.js"></script>`,
			want: []string{`<script type="module"> is an ES module, which a page opened from file:// cannot load`}},
		{name: "inline module script", styles: both, index: `<script type=module>let a = 1</script>`, want: []string{`<script type="module">`}},
		{name: "import map", styles: both, index: `<script type="importmap">{}</script>`, want: []string{`<script type="importmap">`}},
		{name: "modulepreload", styles: both, index: `<link rel="modulepreload" href="js/app.js">`, want: []string{`<link rel="modulepreload"> preloads an ES module`}},
		{name: "search index data", styles: both, extra: map[string]string{"search/index.0123abcd.js": `window.glossSearchIndex = {"pages":[{"t":"Huawei export controls","s":"fetch( and import( and WebAssembly in text"}]};`}},
		{name: "script file", styles: both, extra: map[string]string{"js/x.js": "// no fetch here\nconst a = 1;\nfetch(a)\n"},
			want: []string{`js/x.js:3:1: error: js/x.js (v): script js/x.js calls fetch()`}},
	}
	for _, tc := range tests {
		for _, style := range []graph.Style{graph.Pretty, graph.Files} {
			if tc.styles&(1<<style) == 0 {
				continue
			}
			name := tc.name + map[graph.Style]string{graph.Pretty: " (hosted)", graph.Files: " (offline)"}[style]
			t.Run(name, func(t *testing.T) {
				files := map[string]string{"index.html": page(tc.index)}
				for p, s := range site {
					files[p] = s
				}
				for p, s := range tc.extra {
					files[p] = s
				}
				got := check(files, style, tc.siteURL)
				if len(got) != len(tc.want) {
					t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tc.want), lines(got))
				}
				for i, w := range tc.want {
					if !strings.Contains(got[i].String(), w) {
						t.Errorf("diagnostic %d:\n got %s\nwant it to contain %s", i, got[i], w)
					}
				}
			})
		}
	}
}

func lines(l diag.List) string {
	var b strings.Builder
	l.Write(&b, "text")
	return b.String()
}

// TestLocations checks where diagnostics point: a static file copied as
// is at its line and column; a URL a layout writes at the layout's line;
// a URL the Markdown source writes at its line; anything else at line 1
// of the page's source. A layout's mistake on many pages of both variants
// is one diagnostic.
func TestLocations(t *testing.T) {
	site := fstest.MapFS{
		"static/css/site.css":       {Data: []byte("body {\n  color: black;\n  background: url(/bg.png);\n}\n")},
		"layouts/_base.html":        {Data: []byte("<!doctype html>\n<title>{{ .Title }}</title>\n<link rel=\"stylesheet\" href=\"https://fonts.example.org/css\">\n{{ .Content }}\n")},
		"content/_index.md":         {Data: []byte("---\ntitle: Home\n---\nHello.\n")},
		"content/principles/one.md": {Data: []byte("---\ntitle: One\n---\n\nSee <a href=\"/abs/\">this</a>.\n")},
		"static/about.html":         {Data: []byte("<!doctype html>\n<title>About</title>\n<p>Text, then\n  <a\n    href=\"missing.html\">a link</a> <img src=\"/x.png\">\n")},
	}
	layoutOut := func(body string) []byte {
		return []byte("<!doctype html>\n<title>t</title>\n<link rel=\"stylesheet\" href=\"https://fonts.example.org/css\">\n" + body + "\n")
	}
	files := map[string][]byte{
		"css/site.css":              site["static/css/site.css"].Data,
		"index.html":                layoutOut(`<p><a href="principles/one/">one</a> <a href="principles/two/">two</a></p>`),
		"principles/one/index.html": layoutOut(`<p>See <a href="/abs/">this</a>.</p>`),
		"about.html":                site["static/about.html"].Data,
	}
	sources := map[string]string{
		"css/site.css":              "static/css/site.css",
		"index.html":                "content/_index.md",
		"principles/one/index.html": "content/principles/one.md",
		"about.html":                "static/about.html",
	}
	offFiles := map[string][]byte{}
	for p, b := range files {
		offFiles[p] = []byte(strings.ReplaceAll(string(b), `href="principles/one/"`, `href="principles/one/index.html"`))
	}
	got := linkcheck.Check(linkcheck.Options{Site: site},
		linkcheck.Output{Name: "hosted", Style: graph.Pretty, Files: files, Sources: sources},
		linkcheck.Output{Name: "offline", Style: graph.Files, Files: offFiles, Sources: sources})
	want := []string{
		`content/_index.md:1:1: error: index.html (hosted): <a href> "principles/two/" names principles/two/index.html, which is not in the output (did you mean "principles/one/index.html"?)`,
		`content/_index.md:1:1: error: index.html (offline): <a href> "principles/two/" names the folder principles/two/, which file:// cannot open`,
		`content/principles/one.md:5:14: error: principles/one/index.html (hosted and offline): <a href> "/abs/" is an absolute path: it breaks under a subpath (/repo/) and from file://`,
		`layouts/_base.html:3:30: error: index.html and 1 other file (hosted and offline): <link rel="stylesheet" href> "https://fonts.example.org/css" loads from another host (fonts.example.org)`,
		`static/about.html:5:11: error: about.html (hosted and offline): <a href> "missing.html" names missing.html, which is not in the output`,
		`static/about.html:5:46: error: about.html (hosted and offline): <img src> "/x.png" is an absolute path`,
		`static/css/site.css:3:15: error: css/site.css (hosted and offline): url() "/bg.png" is an absolute path`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), lines(got))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].String(), w) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, got[i], w)
		}
	}
}
