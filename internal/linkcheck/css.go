package linkcheck

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// scanCSS collects the url()s and @import strings of a stylesheet (a .css
// file, a <style> element or a style attribute), found at byte offset off
// of the output file name; they resolve against the output path against.
// It reads the stylesheet as CSS's tokenizer does, so comments and strings
// are never taken for url()s, and escapes are decoded.
func scanCSS(s *scanned, name string, data []byte, off int, against, what string) {
	add := func(val string, at int, w string) {
		s.refs = append(s.refs, ref{what: w, val: val, use: load, off: off + at, base: against, css: true})
	}
	// The capacity is capped so that parse appends its NUL sentinel to a
	// copy: with room to spare it writes the byte past the end in place,
	// and the same file may be scanned by two goroutines at once.
	l := css.NewLexer(parse.NewInputBytes(data[:len(data):len(data)]))
	importPending := false // after @import, until its first token
	for at := 0; ; {
		tt, text := l.Next()
		switch tt {
		case css.ErrorToken:
			return
		case css.WhitespaceToken, css.CommentToken:
		case css.AtKeywordToken:
			importPending = parse.EqualFold(unescapeCSS(text[1:]), []byte("import"))
			at += len(text)
			continue
		case css.StringToken, css.BadStringToken:
			if importPending {
				add(cssString(text), at, "@import")
			}
			importPending = false
		case css.URLToken, css.BadURLToken:
			add(cssURL(text), at, what)
			importPending = false
		default:
			importPending = false
		}
		at += len(text)
	}
}

// cssString returns the value of a string token: its quotes removed (the
// closing one may be missing, or a newline end a bad string), escapes
// decoded and escaped newlines dropped.
func cssString(tok []byte) string {
	q, i := tok[0], 1
	for i < len(tok) && tok[i] != q && tok[i] != '\n' && tok[i] != '\r' && tok[i] != '\f' {
		if tok[i] == '\\' {
			i++
		}
		i++
	}
	return string(unescapeCSS(tok[1:min(i, len(tok))]))
}

// cssURL returns the URL of a url() token, quoted or not.
func cssURL(tok []byte) string {
	open := bytes.IndexByte(tok, '(')
	body := tok[open+1:]
	if n := len(body); n > 0 && body[n-1] == ')' {
		body = body[:n-1]
	}
	body = bytes.Trim(body, " \t\n\r\f")
	if len(body) > 0 && (body[0] == '"' || body[0] == '\'') {
		return cssString(body)
	}
	return string(unescapeCSS(body))
}

// unescapeCSS decodes CSS escapes: a backslash and up to six hex digits
// (and one white space after them) is that code point; a backslash and a
// newline is nothing; a backslash and any other character is that
// character.
func unescapeCSS(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			out = append(out, b[i])
			continue
		}
		i++
		if i == len(b) {
			break
		}
		j := i
		for j < len(b) && j-i < 6 && isHex(b[j]) {
			j++
		}
		if j > i {
			v, _ := strconv.ParseUint(string(b[i:j]), 16, 32)
			r := rune(v)
			if r == 0 || r > utf8.MaxRune || r >= 0xD800 && r <= 0xDFFF {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			if j < len(b) && strings.IndexByte(" \t\n\f", b[j]) >= 0 {
				j++
			} else if j+1 < len(b) && b[j] == '\r' && b[j+1] == '\n' {
				j += 2
			} else if j < len(b) && b[j] == '\r' {
				j++
			}
			i = j - 1
			continue
		}
		switch b[i] {
		case '\n', '\f':
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		default:
			_, size := utf8.DecodeRune(b[i:])
			out = append(out, b[i:i+size]...)
			i += size - 1
		}
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}
