package build_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
)

// TestPublishedAssets builds a site with minified, fingerprinted assets:
// pages link each stylesheet and script by its fingerprinted name, from
// any depth; the file under that name is the minified one; the plain
// name stays for links written by hand; other static files are left as
// they are.
func TestPublishedAssets(t *testing.T) {
	s := newSite(t, layoutsTxtar+homeTxtar+`
-- layouts/_base.html --
<!doctype html>
<html lang="en"><head><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ .Rel "css/site.css" }}">
<link rel="stylesheet" href="{{ .Rel "css/syntax.css" }}">
<script src="{{ .Rel "js/app.js" }}" defer></script>
<link rel="icon" href="{{ .Rel "favicon.svg" }}">
</head><body>{{ block "main" . }}{{ .Content }}{{ end }}</body></html>
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/deep.md --
---
title: Deep
---
Text.
-- static/css/site.css --
/* The theme. */
body {
  margin : 0px ;
  color: #ff0000;
}
-- static/js/app.js --
// Why this script exists.
function greet(name) {
  return "hello " + name;
}
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`).withOptions(build.Options{Minify: true, Fingerprint: true}).build().assertClean()

	linked := regexp.MustCompile(`(?:href|src)="((?:\.\./)*(?:css|js)/[^"]+)"`)
	for _, page := range []string{"index.html", "notes/deep/index.html"} {
		html := s.file(page)
		ms := linked.FindAllStringSubmatch(html, -1)
		if len(ms) != 3 {
			t.Fatalf("%s links %d assets, want 3:\n%s", page, len(ms), html)
		}
		for _, m := range ms {
			p := strings.TrimLeft(m[1], "./")
			if !regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`).MatchString(p) {
				t.Errorf("%s links %s, not a fingerprinted name", page, m[1])
			}
			if _, ok := s.res.Files[p]; !ok {
				t.Errorf("%s links %s, which is not in the output", page, p)
			}
		}
		if !strings.Contains(html, `href="`+strings.Repeat("../", strings.Count(page, "/"))+`favicon.svg"`) {
			t.Errorf("%s: the favicon keeps its name", page)
		}
	}
	for _, plain := range []string{"css/site.css", "js/app.js", "css/syntax.css"} {
		data := s.file(plain)
		if strings.Contains(data, "/*") || strings.Contains(data, "//") || strings.Contains(data, "\n  ") {
			t.Errorf("%s is not minified:\n%s", plain, data)
		}
	}
	if got := s.file("favicon.svg"); got != `<svg xmlns="http://www.w3.org/2000/svg"/>`+"\n" {
		t.Errorf("favicon.svg changed: %q", got)
	}
}

// TestAssetThatCannotBeMinified: a script with a syntax error is an error
// at its line when assets are minified.
func TestAssetThatCannotBeMinified(t *testing.T) {
	newSite(t, layoutsTxtar+homeTxtar+`
-- static/js/bad.js --
let fine = 1;
function (
`).withOptions(build.Options{Minify: true}).build().
		assertDiags(`static/js/bad.js:2:10: error: cannot minify: expected Identifier instead of ( in function declaration`)
}
