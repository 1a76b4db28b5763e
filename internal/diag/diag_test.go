package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Errorf("content/a.md", 3, 7, "unknown key %q", "sumary").WithHint(`did you mean "summary"?`),
			`content/a.md:3:7: error: unknown key "sumary" (did you mean "summary"?)`},
		{Warnf("content/b.md", 12, 1, "removed a link with an unsafe URL scheme"),
			`content/b.md:12:1: warning: removed a link with an unsafe URL scheme`},
		{Errorf("layouts/page.html", 0, 0, "template failed"),
			`layouts/page.html:1:1: error: template failed`}, // unknown places print as 1:1
		{Errorf("content/c.md", -4, -1, "x"), `content/c.md:1:1: error: x`},
		{Diagnostic{File: "content/d.md", Line: 2, Col: 3, Msg: "zero value is an error"},
			`content/d.md:2:3: error: zero value is an error`},
		{Errorf("content/e.md", 1, 2, "100%% sure"), `content/e.md:1:2: error: 100% sure`},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestSeverity(t *testing.T) {
	if Error.String() != "error" || Warning.String() != "warning" {
		t.Errorf("severities print as %q, %q", Error, Warning)
	}
	if !(Error < Warning) {
		t.Error("errors must sort before warnings at the same place")
	}
}

func TestSortOrdersAndDedups(t *testing.T) {
	l := List{
		Errorf("b.md", 1, 1, "b"),
		Warnf("a.md", 2, 1, "w"),
		Errorf("a.md", 10, 1, "line ten"), // numeric, not lexical, line order
		Errorf("a.md", 2, 5, "later column"),
		Errorf("a.md", 2, 1, "z"),
		Errorf("a.md", 2, 1, "a"),
		Errorf("a.md", 2, 1, "a"),               // exact duplicate: dropped
		Errorf("a.md", 2, 1, "a").WithHint("h"), // differs by hint: kept
		Warnf("a.md", 2, 1, "a"),                // differs by severity: kept
		Errorf("content/x.md", 1, 1, "path"),    // "content/" sorts after "b.md"
		Errorf("a.md", 2, 1, "z"),               // duplicate, not adjacent in input
		Errorf("a.md", 2, 1, "a"),               // duplicate after one that differs only by hint
	}
	got := l.Sort()
	want := List{
		Errorf("a.md", 2, 1, "a"),
		Errorf("a.md", 2, 1, "a").WithHint("h"),
		Errorf("a.md", 2, 1, "z"),
		Warnf("a.md", 2, 1, "a"),
		Warnf("a.md", 2, 1, "w"),
		Errorf("a.md", 2, 5, "later column"),
		Errorf("a.md", 10, 1, "line ten"),
		Errorf("b.md", 1, 1, "b"),
		Errorf("content/x.md", 1, 1, "path"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sort() =\n%s\nwant\n%s", lines(got), lines(want))
	}
	// Sorting is stable whatever the input order.
	rev := make(List, len(l))
	for i, d := range l {
		rev[len(l)-1-i] = d
	}
	if again := rev.Sort(); !reflect.DeepEqual(again, want) {
		t.Errorf("Sort() of the reversed input =\n%s", lines(again))
	}
	if got := (List{}).Sort(); len(got) != 0 {
		t.Errorf("empty Sort() = %v", got)
	}
}

func lines(l List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func TestHasErrorsAndCount(t *testing.T) {
	l := List{Warnf("a", 1, 1, "w"), Warnf("a", 2, 1, "w")}
	if l.HasErrors() {
		t.Error("warnings only: HasErrors() = true")
	}
	l = append(l, Errorf("a", 3, 1, "e"))
	if !l.HasErrors() {
		t.Error("HasErrors() = false with an error")
	}
	if e, w := l.Count(); e != 1 || w != 2 {
		t.Errorf("Count() = %d, %d", e, w)
	}
	if (List(nil)).HasErrors() {
		t.Error("nil list has errors")
	}
}

func TestWriteText(t *testing.T) {
	l := List{
		Errorf("content/a.md", 3, 7, "unknown key %q", "sumary").WithHint(`did you mean "summary"?`),
		Warnf("content/b.md", 0, 0, "w"),
	}
	var b bytes.Buffer
	if err := l.Write(&b, "text"); err != nil {
		t.Fatal(err)
	}
	want := "content/a.md:3:7: error: unknown key \"sumary\" (did you mean \"summary\"?)\n" +
		"content/b.md:1:1: warning: w\n"
	if b.String() != want {
		t.Errorf("Write text =\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := l.Write(&b, ""); err != nil || b.String() != want {
		t.Errorf("the default format is text, got %q, %v", b.String(), err)
	}
}

func TestWriteJSONLines(t *testing.T) {
	l := List{
		Errorf("content/a.md", 3, 7, "unknown key %q", "sumary").WithHint(`did you mean "summary"?`),
		Warnf("content/<b>.md", 0, 0, "line\nbreak"),
	}
	var b bytes.Buffer
	if err := l.Write(&b, "json"); err != nil {
		t.Fatal(err)
	}
	out := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(out) != 2 {
		t.Fatalf("want one line per diagnostic, got %q", b.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(out[0]), &first); err != nil {
		t.Fatal(err)
	}
	wantFirst := map[string]any{"file": "content/a.md", "line": 3.0, "col": 7.0, "severity": "error",
		"message": `unknown key "sumary"`, "hint": `did you mean "summary"?`}
	if !reflect.DeepEqual(first, wantFirst) {
		t.Errorf("first line = %v, want %v", first, wantFirst)
	}
	var second map[string]any
	if err := json.Unmarshal([]byte(out[1]), &second); err != nil {
		t.Fatal(err)
	}
	wantSecond := map[string]any{"file": "content/<b>.md", "line": 1.0, "col": 1.0, "severity": "warning", "message": "line\nbreak"}
	if !reflect.DeepEqual(second, wantSecond) {
		t.Errorf("second line = %v, want %v (no hint key when there is no hint)", second, wantSecond)
	}
	// The positions were clamped in the output only.
	if l[1].Line != 0 || l[1].Col != 0 {
		t.Errorf("Write changed the list: %+v", l[1])
	}
	// Each line decodes back into a Diagnostic.
	var d Diagnostic
	if err := json.Unmarshal([]byte(out[0]), &d); err == nil && (d.File != "content/a.md" || d.Line != 3 || d.Msg == "") {
		t.Errorf("decoded %+v", d)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteReportsErrors(t *testing.T) {
	l := List{Errorf("a", 1, 1, "x")}
	for _, format := range []string{"text", "json"} {
		if err := l.Write(failWriter{}, format); err == nil {
			t.Errorf("%s: no error from a failing writer", format)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "summary", "date", "weight", "draft", "sources", "params", "relations", "site"}
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"sumary", keys, "summary"},
		{"tittle", keys, "title"},
		{"Title", keys, "title"}, // case is ignored
		{"wieght", keys, "weight"},
		{"dates", keys, "date"},
		{"relation", keys, "relations"},
		{"counterexampels", []string{"counterexamples", "principles"}, "counterexamples"},
		{"unrelated", keys, ""},
		{"x", keys, ""},
		{"bad", []string{"id", "title"}, ""}, // every letter of "id" would change
		{"2", []string{"1"}, ""},
		{"ide", []string{"id", "title"}, "id"},
		{"", keys, ""},
		{"title", nil, ""},
		{"sit", []string{"site", "sites"}, "site"}, // the closer wins
		{"ab", []string{"cb", "ac"}, "ac"},         // ties go to the first in order
		{"données", []string{"donnees", "data"}, "donnees"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := DidYouMean("sumary", keys); got != `did you mean "summary"?` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("zzzzzz", keys); got != "" {
		t.Errorf("DidYouMean with no match = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"flaw", "lawn", 2}, {"日本", "日本語", 1}, {"same", "same", 0},
	} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := distance(tt.b, tt.a); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestSuggestAllocatesNothingPerCandidate: Suggest runs once for each
// unknown name over every candidate, so a page of thousands of undefined
// footnotes among thousands of labels called it millions of times; its
// cost per candidate must be arithmetic, not allocation.
func TestSuggestAllocatesNothingPerCandidate(t *testing.T) {
	labels := make([]string, 1000)
	for i := range labels {
		labels[i] = fmt.Sprintf("note-%d", i)
	}
	if got := Suggest("note-1000", labels); got != "note-100" {
		t.Errorf("Suggest = %q, want note-100", got)
	}
	if n := testing.AllocsPerRun(10, func() { Suggest("nite-512", labels) }); n > 50 {
		t.Errorf("Suggest over %d candidates made %v allocations", len(labels), n)
	}
}

// TestStringShowsHiddenCharacters: a diagnostic is one line, as the
// author's file names and labels are shown; a line break in a file name,
// or a right-to-left override in a quoted label, would split it or
// reorder it on screen.
func TestStringShowsHiddenCharacters(t *testing.T) {
	d := Errorf("content/new\nline.md", 2, 3, "footnote [^x\u202ey] has no definition").WithHint("did you mean \"a\u200bb\"?")
	want := `content/new\nline.md:2:3: error: footnote [^x\u202ey] has no definition (did you mean "a\u200bb"?)`
	if got := d.String(); got != want {
		t.Errorf("String() = %s\nwant %s", got, want)
	}
	if d := Errorf("content/café 日本.md", 1, 1, "tab\there"); d.String() != "content/café 日本.md:1:1: error: tab\\there" {
		t.Errorf("String() = %s", d.String())
	}
}

// distance is the whole distance between a and b (distances.within with
// no bound).
func distance(a, b string) int {
	var m distances
	return m.within([]rune(a), b, len(a)+len(b))
}
