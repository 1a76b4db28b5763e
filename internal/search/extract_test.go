package search

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/internal/markdown"
)

// skipped are elements whose content is not text a reader searches for:
// code blocks (<pre>: listings are matched poorly by word search, would
// bloat the index with identifiers and repeat across pages) and anything
// that is not prose.
var skipped = map[string]bool{"pre": true, "script": true, "style": true, "template": true,
	"textarea": true, "svg": true, "math": true, "noscript": true, "iframe": true, "object": true}

// inline elements do not separate words: "<em>data</em>base" is one word;
// every other tag is a boundary ("<td>a</td><td>b</td>" is two).
var inline = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true,
	"code": true, "data": true, "del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "time": true, "u": true, "var": true}

var void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// This file is a test oracle: the index reads a body's text from the
// Markdown syntax tree (markdown.Output.Text); TestTextFromTreeIsHTMLText
// checks that it is the very text a reader of the rendered HTML gets,
// which is what this reader of HTML, the index's reader before, returns.

// htmlParts reads a rendered body (the HTML gloss's Markdown renderer
// writes) and returns its text split at headings of level 2 and 3. Code
// blocks (<pre>) are left out, and so are footnote reference numbers and
// back-links, which are links, not words, and citations' numbers; inline
// code is kept. The text of footnotes stays, once (from the list of notes,
// not the sidenotes), in the last part.
func htmlParts(body []byte) []markdown.Part {
	text, spans := extract(body, nil, nil)
	parts := make([]markdown.Part, len(spans))
	for i, sp := range spans {
		parts[i] = markdown.Part{ID: sp.id, Heading: string(text[sp.heading[0]:sp.heading[1]]), Text: string(text[sp.text[0]:sp.text[1]])}
	}
	return parts
}

// span is a Part whose heading and text are ranges of a buffer.
type span struct {
	id            string
	heading, text [2]int
}

// extract appends the body's text to buf, part after part (each part's
// heading, then its text), and returns it with the parts' ranges.
func extract(body []byte, buf []byte, spans []span) ([]byte, []span) {
	spans = append(spans[:0], span{})
	seg := len(buf) // where the text being written (a heading or a part's text) starts
	space := false  // a boundary is pending
	inHeading := "" // "h2" or "h3" while inside one
	skip, skipDepth := "", 0
	end := func() [2]int {
		r := [2]int{seg, len(buf)}
		seg, space = len(buf), false
		return r
	}
	for i := 0; i < len(body); {
		lt := bytes.IndexByte(body[i:], '<')
		if lt < 0 {
			lt = len(body) - i
		}
		if lt > 0 && skip == "" {
			chunk := body[i : i+lt]
			if bytes.IndexByte(chunk, '&') >= 0 {
				chunk = []byte(html.UnescapeString(string(chunk)))
			}
			buf = appendText(buf, seg, chunk, &space)
		}
		i += lt
		if i >= len(body) {
			break
		}
		// A comment, doctype or processing instruction.
		if bytes.HasPrefix(body[i:], []byte("<!--")) {
			end := bytes.Index(body[i+4:], []byte("-->"))
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		tag, attrs, closing, n := scanTag(body[i:])
		if n == 0 { // a lone "<" is text
			if skip == "" {
				buf = appendText(buf, seg, []byte("<"), &space)
			}
			i++
			continue
		}
		i += n
		if skip != "" {
			if string(tag) == skip {
				if closing {
					skipDepth--
				} else {
					skipDepth++
				}
				if skipDepth == 0 {
					skip = ""
					space = true
				}
			}
			continue
		}
		if !closing && (skipped[string(tag)] || string(tag) == "a" && isFootnoteLink(attrs) ||
			string(tag) == "span" && isSkippedSpan(attrs)) {
			if !void[string(tag)] {
				skip, skipDepth = string(tag), 1
			}
			continue
		}
		switch {
		case (string(tag) == "h2" || string(tag) == "h3") && !closing && inHeading == "":
			spans[len(spans)-1].text = end()
			spans = append(spans, span{id: attr(attrs, "id")})
			inHeading = string(tag)
		case inHeading != "" && string(tag) == inHeading && closing:
			spans[len(spans)-1].heading = end()
			inHeading = ""
		case !inline[string(tag)]:
			space = true
		}
	}
	if inHeading != "" {
		spans[len(spans)-1].heading = end()
		spans[len(spans)-1].text = end()
	} else {
		spans[len(spans)-1].text = end()
	}
	return buf, spans
}

// appendText appends s to buf with its whitespace collapsed to single
// spaces, none at the start of the text that began at seg.
func appendText(buf []byte, seg int, s []byte, space *bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				*space = true
				i++
				continue
			}
			if *space && len(buf) > seg {
				buf = append(buf, ' ')
			}
			*space = false
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if isSpace(r) {
			*space = true
		} else {
			if *space && len(buf) > seg {
				buf = append(buf, ' ')
			}
			*space = false
			if r == utf8.RuneError && size == 1 {
				buf = append(buf, "\uFFFD"...)
			} else {
				buf = append(buf, s[i:i+size]...)
			}
		}
		i += size
	}
	return buf
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2028', '\u2029', '\u3000':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

// isFootnoteLink reports whether an <a>'s attributes mark it as a
// footnote reference or back-link (goldmark's classes).
func isFootnoteLink(attrs []byte) bool {
	if !bytes.Contains(attrs, []byte("footnote-")) {
		return false
	}
	c := attr(attrs, "class")
	return strings.Contains(c, "footnote-ref") || strings.Contains(c, "footnote-backref")
}

// isSkippedSpan reports whether a <span> is a sidenote (its text is also
// in the list of notes, which is indexed) or a citation's bracketed
// numbers, which are not words.
func isSkippedSpan(attrs []byte) bool {
	if !bytes.Contains(attrs, []byte("class=")) {
		return false
	}
	c := attr(attrs, "class")
	return c == "sidenote" || c == "cite"
}

// scanTag reads the tag at the start of b ("<h2 id=x>", "</p>") and
// returns its lower-case name, its attribute text, whether it closes, and
// its length; a length of 0 means b does not start a tag.
func scanTag(b []byte) (name []byte, attrs []byte, closing bool, n int) {
	i := 1
	if i < len(b) && (b[i] == '/' || b[i] == '!' || b[i] == '?') {
		closing = b[i] == '/'
		i++
	}
	start := i
	for i < len(b) && (isASCIILetter(b[i]) || i > start && (b[i] >= '0' && b[i] <= '9' || b[i] == '-')) {
		i++
	}
	if i == start && b[start-1] != '!' && b[start-1] != '?' {
		return nil, nil, false, 0
	}
	name = b[start:i]
	for _, c := range name {
		if c >= 'A' && c <= 'Z' {
			name = bytes.ToLower(name)
			break
		}
	}
	attrStart := i
	var quote byte
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return name, b[attrStart:i], closing, i + 1
		}
	}
	return nil, nil, false, 0
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// attr returns the value of the named attribute in a tag's attribute text.
func attr(attrs []byte, name string) string {
	s := string(attrs)
	for s != "" {
		s = strings.TrimLeft(s, " \t\n\r\f/")
		eq := strings.IndexAny(s, "= \t\n\r\f>")
		if eq < 0 {
			return ""
		}
		if eq == 0 { // a stray "=" or ">": not a name
			s = s[1:]
			continue
		}
		key := strings.ToLower(s[:eq])
		s = strings.TrimLeft(s[eq:], " \t\n\r\f")
		if !strings.HasPrefix(s, "=") {
			if key == name {
				return ""
			}
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\n\r\f")
		var val string
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return ""
			}
			val, s = s[1:1+end], s[2+end:]
		} else {
			end := strings.IndexAny(s, " \t\n\r\f")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		if key == name {
			return html.UnescapeString(val)
		}
	}
	return ""
}
