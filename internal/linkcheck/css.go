package linkcheck

import (
	"bytes"
	"strings"
)

// scanCSS collects the url()s and @import strings of a stylesheet (a .css
// file, a <style> element or a style attribute), found at byte offset off
// of the output file name; they resolve against the output path against.
// Comments are skipped, and strings other than @import's.
func scanCSS(s *scanned, name string, data []byte, off int, against, what string) {
	add := func(val string, at int, w string) {
		s.refs = append(s.refs, ref{what: w, val: val, use: load, off: off + at, base: against, css: true})
	}
	importPending := false
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := bytes.Index(data[i+2:], []byte("*/"))
			if end < 0 {
				return
			}
			i += 2 + end + 2
			continue
		case c == '"' || c == '\'':
			val, next := cssString(data, i)
			if importPending {
				add(val, i, "@import")
			}
			importPending = false
			i = next
			continue
		case c == '\\':
			i += 2
			continue
		case c == '@':
			j := i + 1
			for j < len(data) && isIdent(data[j]) {
				j++
			}
			importPending = strings.EqualFold(string(data[i+1:j]), "import")
			i = j
			continue
		case (c == 'u' || c == 'U') && i+4 <= len(data) && strings.EqualFold(string(data[i:i+4]), "url(") &&
			(i == 0 || !isIdent(data[i-1])):
			val, next := cssURL(data, i+4)
			add(val, i, what)
			importPending = false
			i = next
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
		default:
			importPending = false
		}
		i++
	}
}

func isIdent(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// cssString reads the string starting with the quote at data[i] and
// returns its value and the offset after it.
func cssString(data []byte, i int) (string, int) {
	q := data[i]
	var b strings.Builder
	j := i + 1
	for j < len(data) && data[j] != q && data[j] != '\n' {
		if data[j] == '\\' && j+1 < len(data) {
			j++
			if data[j] == '\n' {
				j++
				continue
			}
		}
		b.WriteByte(data[j])
		j++
	}
	return b.String(), min(j+1, len(data))
}

// cssURL reads the argument of url( starting at data[i] and returns it and
// the offset after the closing parenthesis.
func cssURL(data []byte, i int) (string, int) {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r' || data[i] == '\f') {
		i++
	}
	if i < len(data) && (data[i] == '"' || data[i] == '\'') {
		val, j := cssString(data, i)
		if k := bytes.IndexByte(data[j:], ')'); k >= 0 {
			j += k + 1
		}
		return val, j
	}
	var b strings.Builder
	j := i
	for j < len(data) && data[j] != ')' {
		if data[j] == '\\' && j+1 < len(data) {
			j++
		}
		b.WriteByte(data[j])
		j++
	}
	return strings.TrimSpace(b.String()), min(j+1, len(data))
}
