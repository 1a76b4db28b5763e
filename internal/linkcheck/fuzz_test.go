package linkcheck_test

import (
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/linkcheck"
)

// FuzzCheck feeds arbitrary bytes to the checker as a page, a stylesheet
// and a script: it must never panic, and every diagnostic must have a
// place and a message.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		page(`<a href="a/">a</a><img srcset="a.png 1x, b.png 2x"><noscript><a href="/x">x</a></noscript>`),
		`<style>.a{background:url("x.png")}</style><div style="background:url(/y)"></div>`,
		"<script>var a = `x ${ {b: fetch(u)} } y`; /re[/]/g.test(a) // c\n</script>",
		`@import "a.css"; .b { background: url( 'c.png' ) } /* url(/d) */`,
		"@imp\\6frt 'a\\'.css' url(b\\29 \\\n) url(\"c /* d */ ) 'e\n",
		`fetch("x"); import("y"); var r = a / b / fetch;`,
		`<meta http-equiv="refresh" content="0;URL='/x'"><link rel="canonical icon" href="//h">`,
		"<a href=\"#\u00e9\">\u00e9</a><p id=\"\u00e9\">",
		"<script>`${`${'`'}`}`</script>",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]byte{
			"index.html":   data,
			"a/index.html": data,
			"css/x.css":    data,
			"js/x.js":      data,
		}
		for _, style := range []graph.Style{graph.Pretty, graph.Files} {
			out := linkcheck.Output{Name: "v", Style: style, Files: files}
			for _, d := range linkcheck.Check(linkcheck.Options{SiteURL: "https://example.org/"}, out) {
				if d.File == "" || d.Line < 1 || d.Col < 1 || d.Msg == "" {
					t.Fatalf("malformed diagnostic %#v", d)
				}
			}
		}
	})
}
