package frontmatter

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzParse splits and parses arbitrary files, YAML and TOML alike (the
// seed corpus in testdata/fuzz/FuzzParse has both). It must never panic,
// and every place it reports, in errors or in the decoded Meta, must be a
// real place in the file: a line that exists, a column from 1 to one past
// the end of that line. Lines end at LF, CRLF or a lone CR.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		// Seen with every lone CR an LF, as CommonMark reads it.
		file := bytes.TrimPrefix(data, bom)
		if bytes.Contains(file, []byte("\r")) {
			file = bytes.Clone(file)
			for i, c := range file {
				if c == '\r' && (i+1 == len(file) || file[i+1] != '\n') {
					file[i] = '\n'
				}
			}
		}
		lines := bytes.Split(file, []byte("\n"))
		checkPos := func(what string, line, col int) {
			t.Helper()
			if line < 1 || line > len(lines) || col < 1 {
				t.Fatalf("%s at %d:%d, outside the file's %d lines\ninput: %q", what, line, col, len(lines), data)
			}
			if n := utf8.RuneCount(lines[line-1]); col > n+1 {
				t.Fatalf("%s at %d:%d, past the end of line %q\ninput: %q", what, line, col, lines[line-1], data)
			}
		}

		split, splitErr := SplitFile(data)
		doc, errs := Parse(data)
		for _, e := range errs {
			checkPos("error "+e.Msg, e.Line, e.Col)
		}
		if splitErr != nil {
			checkPos("split error "+splitErr.Msg, splitErr.Line, splitErr.Col)
			if doc != nil || len(errs) != 1 {
				t.Fatalf("split failed (%s) but Parse gave %v, %d errors", splitErr.Msg, doc, len(errs))
			}
			return
		}
		if doc == nil {
			t.Fatalf("split succeeded but Parse gave no document")
		}
		if doc.Format != split.Format || !bytes.Equal(doc.Body, split.Body) || doc.BodyLine != split.BodyLine {
			t.Fatalf("Parse and SplitFile disagree")
		}
		if !bytes.HasSuffix(file, doc.Body) {
			t.Fatalf("body %q is not the end of the file", doc.Body)
		}
		// The body starts on BodyLine: the lines before it are exactly those
		// of the front matter and its fences. (A closing fence at the very
		// end of the file leaves an empty body on the line after it.)
		prefix := file[:len(file)-len(doc.Body)]
		if got := bytes.Count(prefix, []byte("\n")) + 1; got != doc.BodyLine && split.Format != None && len(doc.Body) > 0 {
			t.Fatalf("BodyLine = %d, but the body starts on line %d", doc.BodyLine, got)
		}
		m := doc.Meta
		for k, p := range m.Keys {
			checkPos("key "+k, p.Line, p.Col)
		}
		for _, f := range m.Extra {
			checkPos("extra key "+f.Name, f.Pos.Line, f.Pos.Col)
		}
		for _, s := range m.Sources {
			if s.Pos != (Pos{}) {
				checkPos("source", s.Pos.Line, s.Pos.Col)
			}
		}
		for name, r := range m.Relations {
			if r.Pos != (Pos{}) {
				checkPos("relation "+name, r.Pos.Line, r.Pos.Col)
			}
		}
		if m.Site != nil && m.Site.Pos != (Pos{}) {
			checkPos("site", m.Site.Pos.Line, m.Site.Pos.Col)
		}
	})
}
