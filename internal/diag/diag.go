// Package diag owns the diagnostics every stage reports: a problem with its
// location in the site (file, line, column), its severity and an optional
// hint. Stages collect diagnostics instead of stopping at the first error, so
// an author sees every problem in one run.
package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes JSON output read "error"/"warning", not a number.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in the site's sources. File is relative to
// the site directory with forward slashes; Line and Col are 1-based (Col
// counts characters, not bytes) and 0 when unknown.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Msg      string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	// Repeated marks a later stage's failure whose cause an earlier stage
	// already reported at its source (ErrReported): the stage that meets
	// it drops it, so the author reads each mistake once, where it is.
	Repeated bool `json:"-"`
}

// ErrReported is wrapped by an error whose cause an earlier stage has
// already reported as a diagnostic at its source. For example graph
// reports a relation whose target is not a section at its declaration,
// and the matrix a layout then asks for fails with ErrReported rather
// than with the same mistake a second time, at the layout.
var ErrReported = errors.New("reported at its source")

// Placed is an error that is a diagnostic at a place of its own: a
// function a layout calls fails with one when the mistake is in what the
// author wrote elsewhere (a key in front matter that the layout passed
// on), so that the layout's execution reports it there, instead of as a
// template error at the call.
type Placed struct{ Diagnostic }

func (p *Placed) Error() string { return p.Diagnostic.String() }

// String formats the diagnostic as path:line:col: severity: message, the
// shape compilers use, so editors and terminals can jump to it.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(shown(d.File))
	line, col := d.Line, d.Col
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	fmt.Fprintf(&b, ":%d:%d: %s: %s", line, col, d.Severity, shown(d.Msg))
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(shown(d.Hint))
		b.WriteString(")")
	}
	return b.String()
}

// shown returns s with every character a terminal would not show as
// itself escaped as in Go ("\n", "\u202e"): a file name or a quoted
// label may hold a line break, which would split the diagnostic's one
// line, or an invisible character such as a bidirectional override, which
// would reorder the rest of the line on screen.
func shown(s string) string {
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hidden(r rune) bool { return r != ' ' && !unicode.IsPrint(r) }

// Errorf builds an error diagnostic.
func Errorf(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)}
}

// Warnf builds a warning diagnostic.
func Warnf(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// WithHint returns d with a hint such as `did you mean "title"?`.
func (d Diagnostic) WithHint(hint string) Diagnostic {
	d.Hint = hint
	return d
}

// List is a set of diagnostics from one run.
type List []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Plural returns one when n is 1 and many otherwise, for the counts that
// messages and summaries state ("1 error", "3 files").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Sort orders diagnostics by file, line, column, severity, message and
// hint, and drops exact duplicates, so output is stable whatever order
// stages ran in.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Msg != b.Msg {
			return a.Msg < b.Msg
		}
		// The hint too, so that exact duplicates end up adjacent (and
		// dropped) and the order never depends on the input's.
		return a.Hint < b.Hint
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Write prints the diagnostics one per line, as text or (format "json") as
// JSON lines for editors.
func (l List) Write(w io.Writer, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		for _, d := range l {
			if d.Line < 1 {
				d.Line = 1
			}
			if d.Col < 1 {
				d.Col = 1
			}
			if err := enc.Encode(d); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range l {
		if _, err := fmt.Fprintln(w, d.String()); err != nil {
			return err
		}
	}
	return nil
}

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a plausible typo. It is called once for each
// unknown name and reads every candidate, so a page of many unknown names
// among many candidates (footnote labels, glossary terms) calls it often:
// it allocates nothing per candidate, and stops measuring a candidate as
// soon as it cannot beat the best so far.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	lw := []rune(strings.ToLower(word))
	var m distances
	for _, c := range candidates {
		lc := strings.ToLower(c) // no copy when c has no capital
		// The distance is at least the difference in length.
		if n := utf8.RuneCountInString(lc); n-len(lw) > bestDist || len(lw)-n > bestDist {
			continue
		}
		d := m.within(lw, lc, bestDist)
		if d < bestDist || (d == bestDist && best != "" && c < best) {
			best, bestDist = c, d
		}
	}
	if best != "" && bestDist > max(2, len(word)/3) {
		return ""
	}
	// A candidate every character of which would change ("bad" for "id",
	// "2" for "1") is not a likely misspelling.
	if bestDist >= utf8.RuneCountInString(best) {
		return ""
	}
	return best
}

// DidYouMean formats Suggest's answer as a hint, or "" when there is none.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return ""
}

// distances holds the rows of the distance table, reused from one
// candidate to the next.
type distances struct{ b, prev2, prev, cur []int }

// within returns the distance between a and b when it is at most bound,
// and some number over bound otherwise. The distance is the optimal
// string alignment distance, by runes: Levenshtein's insertions,
// deletions and substitutions, plus the swap of two neighbouring
// characters as one edit, since that is the most common typo ("titel" is
// one edit from "title", not two, and so closer to it than to "site").
func (m *distances) within(a []rune, b string, bound int) int {
	m.b = m.b[:0]
	for _, r := range b {
		m.b = append(m.b, int(r))
	}
	n := len(m.b) + 1
	if cap(m.cur) < n {
		m.prev2, m.prev, m.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := m.prev2[:n], m.prev[:n], m.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	over := false // the row before was all over bound
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j < n; j++ {
			cost := 1
			if int(a[i-1]) == m.b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && int(a[i-1]) == m.b[j-2] && int(a[i-2]) == m.b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		// A row's least value is at least the lesser of the row before's
		// and one more than the one before that: after two rows over the
		// bound, every later row is over it too.
		if low > bound {
			if over {
				return bound + 1
			}
			over = true
		} else {
			over = false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n-1]
}
