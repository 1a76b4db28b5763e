package linkcheck

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"
)

// This file reads HTML's lexical structure the way the WHATWG tokenizer
// does, as golang.org/x/net/html's Tokenizer implements it (the scanner
// was first written with it, and a differential test holds the two to the
// same findings): where each tag, comment and run of text begins and
// ends, and a tag's attributes. It works on the page's bytes in place,
// never copies or writes them, and finds the next '<' with
// bytes.IndexByte, which is what makes it several times faster than a
// general tokenizer that reads byte by byte from an io.Reader.
//
// tdewolff/parse's HTML lexer, whose CSS and JavaScript lexers the other
// scans use, does not fit: it lower-cases names in its input in place
// (here the output's bytes, shared between goroutines and written out
// later), takes an <svg> or a <math> whole as one token (their ids and
// hrefs are checked), and reads comments, '/' in tags and a script's
// "<!--" by rules of its own, so its findings would differ.

// attrSpan is where one attribute of a tag is written: its name
// data[k0:k1] and its value data[v0:v1], without quotes or entities
// decoded; eq: the name is followed by an '='.
type attrSpan struct {
	k0, k1, v0, v1 int
	eq             bool
}

// tagReader reads tags; its buffers are reused from tag to tag and, kept
// in a pool, from page to page.
type tagReader struct {
	nameEnd int        // the tag's name is data[start+1:nameEnd]
	spans   []attrSpan // the attributes kept, each name once
	attrs   []attr
	seen    map[string]string   // values as written → as read, for reuse
	names   map[string]struct{} // the names of a tag's many attributes (see kept)
}

// Classes of bytes in a tag, by table: a tag's bytes are looked at one by
// one.
const (
	classSpace   = 1 << iota // ' ', '\n', '\r', '\t', '\f'
	classNameEnd             // ends an attribute's name: a space, '=', '/', '>'
)

var byteClass = [256]uint8{
	' ': classSpace | classNameEnd, '\n': classSpace | classNameEnd, '\r': classSpace | classNameEnd,
	'\t': classSpace | classNameEnd, '\f': classSpace | classNameEnd,
	'=': classNameEnd, '/': classNameEnd, '>': classNameEnd,
}

func isSpace(c byte) bool {
	return byteClass[c]&classSpace != 0
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func skipSpace(d []byte, i int) int {
	for i < len(d) && isSpace(d[i]) {
		i++
	}
	return i
}

// readTag reads a start or end tag whose name begins at d[i-1] (just after
// "<" or "</") and returns where it ends, after its '>', or -1 when the
// data ends first (the tokenizer then drops it and stops). With keep, the
// attributes are kept in z.spans: the first of each name (in ASCII case),
// as the tokenizer keeps them.
func (z *tagReader) readTag(d []byte, i int, keep bool) int {
	n := len(d)
	z.spans = z.spans[:0]
	for ; ; i++ {
		if i >= n {
			return -1
		}
		c := d[i]
		if isSpace(c) {
			z.nameEnd = i
			i++
			break
		}
		if c == '/' || c == '>' {
			z.nameEnd = i
			break
		}
	}
	for i = skipSpace(d, i); ; i = skipSpace(d, i) {
		if i >= n {
			return -1
		}
		if d[i] == '>' {
			return i + 1
		}
		// The name: an '=' is part of it only as its first character; a
		// '/' alone is a name of nothing.
		k0 := i
		for {
			if i >= n {
				return -1
			}
			c := d[i]
			i++
			if c == '=' && i == k0+1 {
				continue
			}
			if byteClass[c]&classNameEnd != 0 {
				i--
				break
			}
		}
		k1 := i
		v0, v1 := i, i
		if i = skipSpace(d, i); i >= n {
			return -1
		}
		eq := false
		switch c := d[i]; c {
		case '/':
			i++
		case '=':
			eq = true
			if i = skipSpace(d, i+1); i >= n {
				return -1
			}
			switch q := d[i]; q {
			case '>':
			case '"', '\'':
				j := bytes.IndexByte(d[i+1:], q)
				if j < 0 {
					return -1
				}
				v0, v1 = i+1, i+1+j
				i = v1 + 1
			default:
				v0 = i
				for {
					if i >= n {
						return -1
					}
					c := d[i]
					if isSpace(c) {
						v1 = i
						i++
						break
					}
					if c == '>' {
						v1 = i
						break
					}
					i++
				}
			}
		}
		if keep && k0 != k1 && !z.kept(d, d[k0:k1]) {
			z.spans = append(z.spans, attrSpan{k0, k1, v0, v1, eq})
		}
	}
}

// kept reports whether an attribute named key (in ASCII case) is kept.
// A tag has a few attributes, compared one by one; past manyAttrs, a map
// of their names keeps a tag of thousands from costing millions.
func (z *tagReader) kept(d, key []byte) bool {
	if len(z.spans) < manyAttrs {
		for _, sp := range z.spans {
			if k := d[sp.k0:sp.k1]; len(k) == len(key) && equalFoldASCII(k, key) {
				return true
			}
		}
		return false
	}
	if len(z.spans) == manyAttrs {
		if z.names == nil {
			z.names = map[string]struct{}{}
		}
		clear(z.names)
		for _, sp := range z.spans {
			z.names[string(lowerASCII(d[sp.k0:sp.k1]))] = struct{}{}
		}
	}
	k := string(lowerASCII(key))
	if _, ok := z.names[k]; ok {
		return true
	}
	z.names[k] = struct{}{}
	return false
}

const manyAttrs = 16

// lowerASCII returns a copy of b with A-Z in lower case.
func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func equalFoldASCII(a, b []byte) bool {
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// selfClosing reports whether the start tag d[start:end] ends with "/>",
// a '/' that is not the last character of an unquoted value.
func (z *tagReader) selfClosing(d []byte, end int) bool {
	return d[end-2] == '/' && (len(z.spans) == 0 || end-2 != z.spans[len(z.spans)-1].v1-1)
}

// rawTextTag returns the lower-case name of the element whose start tag
// is named name when its text is raw (read up to its end tag, no markup
// in it), or "".
func rawTextTag(name []byte) string {
	if len(name) < 3 || len(name) > len("plaintext") {
		return ""
	}
	if hasUpperASCII(name) {
		var buf [len("plaintext")]byte
		for i, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		name = buf[:len(name)]
	}
	switch string(name) {
	case "iframe":
		return "iframe"
	case "noembed":
		return "noembed"
	case "noframes":
		return "noframes"
	case "noscript":
		return "noscript"
	case "plaintext":
		return "plaintext"
	case "script":
		return "script"
	case "style":
		return "style"
	case "textarea":
		return "textarea"
	case "title":
		return "title"
	case "xmp":
		return "xmp"
	}
	return ""
}

// Results of endTagAt.
const (
	endMismatch = iota
	endMatch
	endEOF // the data ends before it could tell
)

// endTagAt tells whether d[k:] goes on, after a "</", with the name tag
// (in any ASCII case) and a space, '/' or '>'.
func endTagAt(d []byte, k int, tag string) int {
	for m := 0; m < len(tag); m++ {
		if k+m >= len(d) {
			return endEOF
		}
		if c := d[k+m]; c != tag[m] && c != tag[m]-('a'-'A') {
			return endMismatch
		}
	}
	if k+len(tag) >= len(d) {
		return endEOF
	}
	if c := d[k+len(tag)]; isSpace(c) || c == '/' || c == '>' {
		return endMatch
	}
	return endMismatch
}

// rawTextEnd returns where the raw text of the element tag that begins at
// d[i] ends: at its end tag, or at the end of the data.
func rawTextEnd(d []byte, i int, tag string) int {
	switch tag {
	case "plaintext":
		return len(d)
	case "script":
		return scriptEnd(d, i)
	}
	for {
		j := bytes.Index(d[i:], []byte("</"))
		if j < 0 {
			return len(d)
		}
		switch endTagAt(d, i+j+2, tag) {
		case endMatch:
			return i + j
		case endEOF:
			return len(d)
		}
		i += j + 2
	}
}

// The states of a script's text (HTML's "script data" states): after
// "<!--" an end tag "</script>" ends it only outside a "<script>"
// within, until a "-->".
const (
	scriptData = iota
	scriptEscaped
	scriptEscapedDash
	scriptEscapedDashDash
	scriptDouble
	scriptDoubleDash
	scriptDoubleDashDash
)

// scriptEnd returns where the text of a <script> that begins at d[i] ends.
func scriptEnd(d []byte, i int) int {
	n := len(d)
	st := scriptData
	for {
		switch st {
		case scriptData:
			j := bytes.IndexByte(d[i:], '<')
			if j < 0 {
				return n
			}
			lt := i + j
			if i = lt + 1; i >= n {
				return n
			}
			switch d[i] {
			case '/':
				i++
				switch endTagAt(d, i, "script") {
				case endMatch:
					return lt
				case endEOF:
					return n
				}
			case '!':
				// "<!--" escapes; anything else is read again as data.
				for range 2 {
					if i++; i >= n {
						return n
					}
					if d[i] != '-' {
						break
					}
				}
				if d[i] == '-' {
					i++
					st = scriptEscapedDashDash
				}
			}
		case scriptEscaped, scriptEscapedDash, scriptEscapedDashDash:
			if i >= n {
				return n
			}
			c := d[i]
			i++
			switch c {
			case '-':
				if st == scriptEscaped {
					st = scriptEscapedDash
				} else {
					st = scriptEscapedDashDash
				}
			case '>':
				if st == scriptEscapedDashDash {
					st = scriptData
				} else {
					st = scriptEscaped
				}
			case '<':
				if i >= n {
					return n
				}
				c = d[i]
				switch {
				case c == '/':
					i++
					switch endTagAt(d, i, "script") {
					case endMatch:
						return i - 2
					case endEOF:
						return n
					}
					st = scriptEscaped
				case isLetter(c):
					// "<script" and a space, '/' or '>' starts a script
					// within, whose "</script>" does not end this one.
					st = scriptEscaped
					m := 0
					for ; m < len("script"); m++ {
						if i+m >= n {
							return n
						}
						if c := d[i+m]; c != "script"[m] && c != "SCRIPT"[m] {
							break
						}
					}
					i += m
					if m == len("script") {
						if i >= n {
							return n
						}
						if c := d[i]; isSpace(c) || c == '/' || c == '>' {
							i++
							st = scriptDouble
						}
					}
				default:
					st = scriptData
				}
			default:
				st = scriptEscaped
			}
		default: // in a script within
			if i >= n {
				return n
			}
			c := d[i]
			i++
			switch c {
			case '-':
				if st == scriptDouble {
					st = scriptDoubleDash
				} else {
					st = scriptDoubleDashDash
				}
			case '>':
				if st == scriptDoubleDashDash {
					st = scriptData
				} else {
					st = scriptDouble
				}
			case '<':
				st = scriptDouble
				if i >= n {
					return n
				}
				if d[i] == '/' {
					i++
					switch endTagAt(d, i, "script") {
					case endMatch:
						i += len("script") + 1
						st = scriptEscaped
					case endEOF:
						return n
					}
				}
			default:
				st = scriptDouble
			}
		}
	}
}

// closeAngle returns where a bogus comment or a doctype that goes on at
// d[i] ends, after the next '>', or -1 at the end of the data.
func closeAngle(d []byte, i int) int {
	j := bytes.IndexByte(d[i:], '>')
	if j < 0 {
		return -1
	}
	return i + j + 1
}

// markupEnd returns where the "<!" markup (a comment, a doctype, a bogus
// comment such as "<![CDATA[") whose "<!" ends at d[i] ends, or -1.
func markupEnd(d []byte, i int) int {
	if i+2 > len(d) {
		return -1
	}
	if d[i] != '-' || d[i+1] != '-' {
		return closeAngle(d, i)
	}
	// A comment ends at "-->" or "--!>", or at once: "<!-->", "<!--->".
	dashes, beginning := 0, true
	for i += 2; i < len(d); {
		c := d[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(d) {
					return -1
				}
				c = d[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return -1
}

// attrValue returns an attribute's value as the tokenizer gives it: NULs
// replaced, "\r\n" and "\r" made "\n", character references decoded.
func attrValue(v []byte) string {
	if bytes.IndexByte(v, 0) < 0 && bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	b := bytes.ReplaceAll(v, []byte{0}, []byte("\ufffd"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	return string(unescapeAttr(b))
}

// attrKey returns an attribute's name as the tokenizer gives it: NULs
// replaced, A-Z in lower case.
func attrKey(k []byte) []byte {
	k = bytes.ReplaceAll(k, []byte{0}, []byte("\ufffd"))
	for i, c := range k {
		if 'A' <= c && c <= 'Z' {
			k[i] = c + 'a' - 'A'
		}
	}
	return k
}

// unescapeAttr decodes the character references of an attribute value.
// In a value a named reference counts only when it names an entity whole
// ("&copy" is ©, "&copyx" stays as written) and, without its ';', not
// before an '=' (a URL's query "?a=1&copy=2" stays as written).
func unescapeAttr(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '&' {
			out = append(out, b[i])
			i++
			continue
		}
		r, n := charRef(b[i:])
		if n == 0 {
			out = append(out, '&')
			i++
			continue
		}
		out = append(out, r...)
		i += n
	}
	return out
}

// charRef decodes the character reference at the start of s (s[0] is
// '&') and returns its text and length, or a length of 0 when there is
// none.
func charRef(s []byte) ([]byte, int) {
	if len(s) <= 1 {
		return nil, 0
	}
	if s[1] == '#' {
		if len(s) <= 2 {
			return nil, 0
		}
		i := 2
		base := rune(10)
		if s[i] == 'x' || s[i] == 'X' {
			base = 16
			i++
		}
		i0 := i
		x := rune(0)
		for ; i < len(s); i++ {
			d := rune(-1)
			switch c := s[i]; {
			case '0' <= c && c <= '9':
				d = rune(c - '0')
			case base == 16 && 'a' <= c|0x20 && c|0x20 <= 'f':
				d = rune(c|0x20-'a') + 10
			}
			if d < 0 {
				break
			}
			if x <= utf8.MaxRune { // no further: it is invalid already
				x = base*x + d
			}
		}
		if i == i0 {
			return nil, 0
		}
		if i < len(s) && s[i] == ';' {
			i++
		}
		switch {
		case 0x80 <= x && x <= 0x9f:
			x = windows1252[x-0x80]
		case x == 0, 0xd800 <= x && x <= 0xdfff, x > utf8.MaxRune:
			x = utf8.RuneError
		}
		return utf8.AppendRune(nil, x), i
	}
	i := 1
	for i < len(s) && (isLetter(s[i]) || '0' <= s[i] && s[i] <= '9') {
		i++
	}
	if i == 1 {
		return nil, 0
	}
	if i < len(s) && s[i] == ';' {
		i++
	} else if i < len(s) && s[i] == '=' {
		return nil, 0
	}
	// html.UnescapeString decodes the name whole when it is an entity's;
	// when only a prefix of it is ("&notit;"), the rest of the name is
	// left after the character, and the value keeps the reference as is.
	ref := string(s[:i])
	switch ref {
	// The two entities whose text is longer than their names, which
	// html.UnescapeString leaves out.
	case "&nLt;":
		return []byte("\u226a\u20d2"), i
	case "&nGt;":
		return []byte("\u226b\u20d2"), i
	}
	dec := html.UnescapeString(ref)
	if dec == ref {
		return nil, 0
	}
	_, size := utf8.DecodeRuneInString(dec)
	if rest := dec[size:]; rest != "" && strings.HasSuffix(ref, rest) {
		return nil, 0
	}
	return []byte(dec), i
}

// windows1252 are the characters that numeric references to 0x80–0x9F
// stand for, as HTML reads them.
var windows1252 = [32]rune{
	'\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021',
	'\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
	'\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014',
	'\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
}
