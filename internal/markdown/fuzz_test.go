package markdown

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// testLinker stands in for the build's Linker: it rewrites links to
// Markdown files into page URLs, reports links to missing.md as errors and
// leaves everything else as written.
type testLinker struct{}

func (testLinker) Resolve(dest string) Resolved {
	path, frag, _ := strings.Cut(dest, "#")
	switch {
	case strings.HasSuffix(path, "missing.md"):
		return Resolved{Err: "link to a missing page: " + dest, Hint: `did you mean "present.md"?`}
	case strings.HasSuffix(path, ".md"):
		href := strings.TrimSuffix(strings.TrimSuffix(path, ".md"), "index") + "/"
		if frag != "" {
			href += "#" + frag
		}
		return Resolved{Href: href, Page: path, Fragment: frag}
	}
	return Resolved{Href: dest}
}

// Term knows the glossary terms "data" and "backdoor".
func (testLinker) Term(name string) Resolved {
	switch slug := strings.ToLower(name); slug {
	case "data", "backdoor":
		return Resolved{Href: "../glossary/" + slug + "/", Page: "/glossary/" + slug}
	}
	return Resolved{Err: fmt.Sprintf("no glossary entry for %q", name), Hint: `did you mean "data"?`}
}

// Cite knows the sources "ap" (1) and "reuters" (2).
func (testLinker) Cite(key string) Resolved {
	switch key {
	case "ap":
		return Resolved{Href: "#src-ap", Label: "1"}
	case "reuters":
		return Resolved{Href: "#src-reuters", Label: "2"}
	}
	return Resolved{Err: fmt.Sprintf("no source with the id %q", key)}
}

var _ Linker = testLinker{}

// What the safety check accepts. It is written from what browsers do, not
// from the renderer's code, so that it can catch the renderer out.
var (
	// markup is everything that may start with "<" in safe-mode output: a
	// tag (attribute values quoted, as goldmark writes them) or the comment
	// that stands for omitted raw HTML.
	markup        = regexp.MustCompile(`^(?:<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*/?>|<!-- raw HTML omitted -->)`)
	attribute     = regexp.MustCompile(`([^\s"'>/=]+)(?:="([^"]*)")?`)
	urlScheme     = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	rasterDataURL = regexp.MustCompile(`(?i)^data:image/(png|gif|jpeg|webp)[;,]`)
	alignStyle    = regexp.MustCompile(`^text-align:(left|right|center)$`)

	// safeTags are the elements goldmark, its extensions and chroma write.
	safeTags = map[string]bool{
		"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"blockquote": true, "pre": true, "code": true, "span": true, "ul": true, "ol": true, "li": true,
		"hr": true, "br": true, "em": true, "strong": true, "a": true, "img": true, "del": true,
		"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"input": true, "dl": true, "dt": true, "dd": true, "div": true, "sup": true, "section": true,
	}
	// safeAttrs are the attributes they may carry; href and src are then
	// checked for their scheme, style for its one use.
	safeAttrs = map[string]bool{
		"href": true, "src": true, "alt": true, "title": true, "id": true, "class": true,
		"role": true, "checked": true, "disabled": true, "type": true, "align": true, "style": true, "start": true,
		"aria-label": true, "aria-labelledby": true, "lang": true,
	}
	linkSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true, "ftp": true, "sms": true}
)

// checkSafe reports the first thing in out that could run script: an
// element or attribute outside the allowlists (so no <script>, no <iframe>,
// no on* handler), or an href or src whose scheme, read as a browser reads
// it after unescaping and with every ASCII space and control character
// removed, is not a plain web scheme or, for an image, a raster data: URL.
func checkSafe(out []byte) error {
	s := string(out)
	if i := strings.Index(strings.ToLower(s), "<script"); i >= 0 {
		return fmt.Errorf("<script at %d", i)
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		m := markup.FindStringSubmatch(s[i:])
		if m == nil {
			return fmt.Errorf("unexpected markup at %d: %q", i, s[i:min(len(s), i+40)])
		}
		tag := strings.ToLower(m[2])
		if m[0] == "<!-- raw HTML omitted -->" {
			continue
		}
		if !safeTags[tag] {
			return fmt.Errorf("element <%s> at %d", tag, i)
		}
		for _, a := range attribute.FindAllStringSubmatch(m[3], -1) {
			name, value := strings.ToLower(a[1]), html.UnescapeString(a[2])
			if strings.HasPrefix(name, "on") || !safeAttrs[name] {
				return fmt.Errorf("attribute %s on <%s> at %d", name, tag, i)
			}
			switch name {
			case "style":
				if !alignStyle.MatchString(value) {
					return fmt.Errorf("style %q at %d", value, i)
				}
			case "href", "src":
				if err := checkURL(value, tag == "img" && name == "src"); err != nil {
					return fmt.Errorf("%s on <%s> at %d: %v", name, tag, i, err)
				}
			}
		}
	}
	return nil
}

func checkURL(value string, image bool) error {
	var b strings.Builder
	for _, r := range value {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	u := b.String()
	m := urlScheme.FindStringSubmatch(u)
	if m == nil || linkSchemes[strings.ToLower(m[1])] || image && rasterDataURL.MatchString(u) {
		return nil
	}
	return fmt.Errorf("unsafe URL %q", value)
}

func TestCheckSafeCatches(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<p><SCRIPT src=x></p>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVa&#x09;Script:alert(1)">x</a>`,
		`<a href=" &#1;javascript:x">x</a>`,
		`<a href="vbscript:x">x</a>`,
		`<a href="data:image/png;base64,AA">x</a>`,
		`<img src="data:text/html,x">`,
		`<img src="data:image/svg+xml,x">`,
		`<img src="x" onerror="alert(1)">`,
		`<p onclick="x">`,
		`<iframe src="https://x">`,
		`<svg>`,
		`<a href='javascript:x'>`,
		`<p style="background:url(javascript:x)">`,
	} {
		if checkSafe([]byte(bad)) == nil {
			t.Errorf("checkSafe accepted %s", bad)
		}
	}
	for _, good := range []string{
		`<p>a &lt;script&gt; b</p>`,
		`<p><a href="https://example.org/a?b=c&amp;d">x</a> <a href="../x/#y">y</a> <a href="foo):bar">z</a></p>`,
		`<img src="data:image/png;base64,AA" alt="x">`,
		`<!-- raw HTML omitted -->`,
		`<th style="text-align:left">x</th>`,
		`<ul><li><input checked="" disabled="" type="checkbox"> done</li></ul>`,
	} {
		if err := checkSafe([]byte(good)); err != nil {
			t.Errorf("checkSafe rejected %s: %v", good, err)
		}
	}
}

// FuzzRender runs the whole Markdown pipeline, link rewriting included,
// over arbitrary input: it must never panic, must put nothing executable in
// its output, must place every diagnostic inside the body (lines ending at
// LF, CRLF or a lone CR), and must render
// the same input the same way twice (the second time from the highlight
// cache).
func FuzzRender(f *testing.F) {
	hl := NewHighlighter()
	r := New(Options{Highlighter: hl})
	f.Fuzz(func(t *testing.T, src []byte) {
		const bodyLine = 7
		page := Page{File: "content/p.md", BodyLine: bodyLine, Linker: testLinker{}}
		out := r.Render(src, page)
		if err := checkSafe(out.HTML); err != nil {
			t.Fatalf("unsafe output: %v\ninput: %q\noutput: %q", err, src, out.HTML)
		}
		// Lines end at LF, CRLF or a lone CR, as CommonMark has it.
		body := src
		if bytes.Contains(src, []byte("\r")) {
			body = bytes.Clone(src)
			for i, c := range body {
				if c == '\r' && (i+1 == len(body) || body[i+1] != '\n') {
					body[i] = '\n'
				}
			}
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		for _, d := range out.Diags {
			if d.File != page.File || d.Line < bodyLine || d.Line >= bodyLine+lines || d.Col < 1 {
				t.Errorf("diagnostic outside the body (%d lines from %d): %s", lines, bodyLine, d)
			}
			if d.Line < bodyLine+lines {
				line := bytes.Split(body, []byte("\n"))[d.Line-bodyLine]
				if d.Col > utf8.RuneCount(line)+1 {
					t.Errorf("diagnostic past the end of its line %q: %s", line, d)
				}
			}
		}
		seen := map[string]bool{}
		for id := range out.IDs.All() {
			if seen[id] {
				t.Errorf("IDs lists %q twice", id)
			}
			seen[id] = true
		}
		for _, h := range out.Headings {
			if !seen[h.ID] {
				t.Errorf("heading %q has id %q, missing from IDs", h.Text, h.ID)
			}
		}
		again := r.Render(src, page)
		if !bytes.Equal(again.HTML, out.HTML) {
			t.Errorf("second render differs:\n%q\n%q", out.HTML, again.HTML)
		}
	})
}
