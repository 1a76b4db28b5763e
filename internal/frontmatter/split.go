// Package frontmatter owns the metadata block at the top of a content file:
// splitting it from the Markdown body (keeping body line numbers true to the
// file), parsing YAML (between --- lines) or TOML (between +++ lines) into a
// tree that remembers every key's line and column, and decoding that tree
// strictly into typed structs, so that an unknown key, a wrong type or an
// impossible date is reported at its place with a hint.
package frontmatter

import (
	"bytes"
	"unicode/utf8"
)

// Format is the syntax of a front matter block.
type Format int

const (
	None Format = iota
	YAML
	TOML
)

func (f Format) String() string {
	switch f {
	case YAML:
		return "YAML"
	case TOML:
		return "TOML"
	}
	return "none"
}

// Split is a content file cut into its front matter and body.
type Split struct {
	Format   Format
	Raw      []byte // the front matter text, without its fences
	RawLine  int    // file line of Raw's first line (1-based)
	Body     []byte // the Markdown after the closing fence
	BodyLine int    // file line of Body's first line (1-based)
}

// Error is a problem at a place in the file; callers attach the file name.
type Error struct {
	Line, Col int
	Msg       string
	Hint      string
	// Key is the key whose value could not be decoded, as a path such as
	// "title" or "sources[0].url"; "" for other problems.
	Key string
}

func (e *Error) Error() string { return e.Msg }

var bom = []byte("\xef\xbb\xbf")

// SplitFile separates front matter from body. A file that does not start
// with a fence has no front matter. A fence that is opened and never closed
// is an error at the opening line. Lines end at LF, CRLF or a lone CR, as
// in CommonMark; each lone CR is an LF in Raw and Body, so that YAML,
// TOML, Markdown and every line number agree on where lines end.
func SplitFile(data []byte) (Split, *Error) {
	if isUTF16(data) {
		// Windows editors offer it as "Unicode": every ASCII character
		// then has a NUL beside it, and the fence is not seen at all.
		return Split{}, &Error{Line: 1, Col: 1, Msg: "file is UTF-16, not UTF-8", Hint: "save it as UTF-8"}
	}
	data = loneCRToLF(bytes.TrimPrefix(data, bom))
	first, rest, _ := cutLine(data)
	var format Format
	switch string(bytes.TrimRight(first, " \t\r")) {
	case "---":
		format = YAML
	case "+++":
		format = TOML
	default:
		return Split{Format: None, Body: data, BodyLine: 1}, nil
	}
	if !utf8.Valid(data) {
		return Split{}, &Error{Line: 1, Col: 1, Msg: "file is not valid UTF-8"}
	}
	fence := string(bytes.TrimRight(first, " \t\r"))
	line := 2
	start := rest
	offset := 0
	for len(rest) > 0 {
		l, next, _ := cutLine(rest)
		if string(bytes.TrimRight(l, " \t\r")) == fence {
			return Split{
				Format:   format,
				Raw:      start[:offset],
				RawLine:  2,
				Body:     next,
				BodyLine: line + 1,
			}, nil
		}
		offset += len(rest) - len(next)
		rest = next
		line++
	}
	return Split{}, &Error{Line: 1, Col: 1,
		Msg:  "front matter opened here is never closed",
		Hint: "end it with a line holding only " + fence}
}

// isUTF16 reports whether data starts with a UTF-16 byte order mark, or
// with two ASCII characters each beside a NUL, as UTF-16 without one does.
func isUTF16(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	if len(data) < 4 {
		return false
	}
	ascii := func(b byte) bool { return b != 0 && b < 0x80 }
	return (ascii(data[0]) && data[1] == 0 && ascii(data[2]) && data[3] == 0) ||
		(data[0] == 0 && ascii(data[1]) && data[2] == 0 && ascii(data[3]))
}

// cutLine returns the first line of b (without its newline) and the rest.
func cutLine(b []byte) (line, rest []byte, found bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// loneCRToLF returns b with every CR that does not start a CRLF pair turned
// into an LF: CommonMark counts a lone CR as a line ending, and the
// parsers behind it do not. Offsets are unchanged, so positions found in
// the result are places in b. b itself is never modified; it is returned
// as it is when it holds no lone CR.
func loneCRToLF(b []byte) []byte {
	var out []byte
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			if out == nil {
				out = bytes.Clone(b)
			}
			out[i] = '\n'
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if out == nil {
		return b
	}
	return out
}
