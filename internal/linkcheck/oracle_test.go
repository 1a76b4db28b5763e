package linkcheck

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// oracleScanHTMLInto is the scanner as it was written with
// golang.org/x/net/html's tokenizer: the new one must find exactly what
// it found.
func oracleScanHTMLInto(s *scanned, name string, data []byte, base int) {
	z := html.NewTokenizer(bytes.NewReader(data))
	pos := base
	var inScript, inStyle, inNoscript bool
	var attrs []attr
	for {
		tt := z.Next()
		raw := z.Raw()
		at := pos
		pos += len(raw)
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			switch {
			case inScript:
				scanJS(s, name, raw, at, "inline <script>")
			case inStyle:
				scanCSS(s, name, raw, at, name, "url() in <style>")
			case inNoscript:
				// Read as markup, as a browser without scripts does.
				oracleScanHTMLInto(s, name, raw, at)
			}
		case html.EndTagToken:
			inScript, inStyle, inNoscript = false, false, false
		case html.StartTagToken, html.SelfClosingTagToken:
			// The tag's name and attributes are taken without copies for
			// all but the few that matter: most tags of a page are <p>,
			// <li> or a highlighted <span class>.
			nameB := tagNameOf(raw)
			tagName, known := knownTag(nameB)
			if !known && bytes.ContainsFunc(nameB, unicode.IsUpper) {
				tagName, known = knownTag(bytes.ToLower(nameB))
			}
			attrs = attrs[:0]
			if hasAttrToRead(raw) {
				for {
					k, v, more := z.TagAttr()
					if key, ok := readKey(k); ok || len(k) > 2 && k[0] == 'o' && k[1] == 'n' {
						if !ok {
							key = string(k)
						}
						a := attr{key: key, val: string(v), off: at}
						if i := bytes.Index(raw, v); len(v) > 0 && i >= 0 {
							a.off = at + i
						}
						attrs = append(attrs, a)
					}
					if !more {
						break
					}
				}
			}
			if !known {
				if len(attrs) == 0 {
					continue
				}
				tagName = strings.ToLower(string(nameB))
			}
			inScript, inStyle, inNoscript = false, false, false
			if tt == html.StartTagToken {
				switch tagName {
				case "style":
					inStyle = true
				case "noscript":
					inNoscript = true
				}
			}
			if tagName == "script" && tt == html.StartTagToken {
				inScript = s.scriptTag(name, at, attrs)
			}
			s.tag(name, tagName, at, attrs)
		}
	}
}

// tagNameOf returns the name of the tag whose markup is raw ("<a href=…>").
func tagNameOf(raw []byte) []byte {
	j := 1
	for j < len(raw) {
		switch raw[j] {
		case ' ', '\t', '\n', '\f', '\r', '/', '>':
			return raw[1:j]
		}
		j++
	}
	return raw[1:j]
}
