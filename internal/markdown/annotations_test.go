package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/annotations")

// TestAnnotationsGolden renders each testdata/annotations/*.md with the
// test Linker and compares the HTML, then the diagnostics, with its
// .golden file. go test -run TestAnnotationsGolden -update rewrites them.
func TestAnnotationsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/annotations/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out := render(t, string(src), 1)
			got := string(out.HTML) + "-- diagnostics --\n" + strings.Join(diagStrings(out), "\n") + "\n"
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (run with -update if the change is right):\n%s", f, golden, got)
			}
		})
	}
}

func TestAnnotationDiagnostics(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"reference without a definition", "Text.\n\nSee[^missing] and [^note].\n\n[^note]: Here.\n",
			[]string{`content/p.md:12:4: error: footnote [^missing] has no definition`}},
		{"undefined reference near a defined label", "A[^notes].\n\n[^note]: Here.\n",
			[]string{`content/p.md:10:2: error: footnote [^notes] has no definition (did you mean "note"?)`,
				`content/p.md:12:1: warning: footnote [^note] is never referenced (remove it, or cite it with [^note])`}},
		{"definition never referenced", "Text.\n\n[^unused]: Nobody cites me.\n",
			[]string{`content/p.md:12:1: warning: footnote [^unused] is never referenced (remove it, or cite it with [^unused])`}},
		{"unknown glossary term", "One [[data]].\nTwo [[dtaa|data]] here.\n",
			[]string{`content/p.md:11:5: error: no glossary entry for "dtaa" (did you mean "data"?)`}},
		{"unknown citation key", "Fine [@ap].\n\nWrong [@ap; @afp].\n",
			[]string{`content/p.md:12:7: error: no source with the id "afp"`}},
		{"nothing wrong", "A[^1] [[data]] [@ap].\n\n[^1]: Note.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.src, 10)
			got := diagStrings(out)
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

var idAttr = regexp.MustCompile(` id="([^"]*)"`)

// TestNoteIDsApart renders two bodies with the same headings and notes
// onto one page, as a print-all page does, and checks that no ID is
// written twice, that every note link points at an ID of its own body,
// and that the body's IDs (for anchor checks) and headings (for tables of
// contents) are the IDs it writes, each with the prefix.
func TestNoteIDsApart(t *testing.T) {
	body := "## Intro\n\nFirst[^a] and second[^b], first again[^a].\n\n## Intro\n\n### By hand {#fn-9}\n\n[^a]: Note A.\n[^b]: Note B.\n"
	r := New(Options{})
	var all strings.Builder
	// Without a prefix (""), the IDs are the ones every single page has.
	for _, prefix := range []string{"principles-first-", "principles/second!", ""} {
		out := r.Render([]byte(body), Page{File: "p.md", BodyLine: 1, IDPrefix: prefix})
		html := string(out.HTML)
		safe := IDSafe(prefix)
		var written []string
		for _, m := range idAttr.FindAllStringSubmatch(html, -1) {
			written = append(written, m[1])
		}
		slices.Sort(written)
		if !slices.Equal(written, out.IDs.Strings()) {
			t.Errorf("prefix %q: the body writes the IDs %q, but its Output lists %q", prefix, written, out.IDs.Strings())
		}
		var headings []string
		for _, h := range out.Headings {
			headings = append(headings, h.ID)
		}
		if want := []string{safe + "intro", safe + "intro-1", safe + "fn-9"}; !slices.Equal(headings, want) {
			t.Errorf("prefix %q: headings %q, want %q", prefix, headings, want)
		}
		for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(html, -1) {
			if !strings.HasPrefix(m[1], safe) {
				t.Errorf("prefix %q: link to #%s lacks the prefix", prefix, m[1])
			}
			if !strings.Contains(html, ` id="`+m[1]+`"`) {
				t.Errorf("prefix %q: link to #%s, which the body does not define", prefix, m[1])
			}
		}
		all.WriteString(html)
	}
	seen := map[string]bool{}
	ids := idAttr.FindAllStringSubmatch(all.String(), -1)
	if len(ids) < 10 {
		t.Fatalf("only %d IDs written", len(ids))
	}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("ID %q written twice", m[1])
		}
		seen[m[1]] = true
	}
}

// TestSidenoteOnlyAtFirstReference checks that a note cited twice has one
// sidenote, after its first reference, and that the list keeps every
// note, with a back-link per reference.
func TestSidenoteOnlyAtFirstReference(t *testing.T) {
	out := render(t, "One[^x], two[^x], three[^y].\n\n[^x]: Ex.\n[^y]: Why.\n", 1)
	html := string(out.HTML)
	if n := strings.Count(html, `class="sidenote"`); n != 2 {
		t.Errorf("%d sidenotes, want 2:\n%s", n, html)
	}
	first, second := strings.Index(html, `id="fnref-1"`), strings.Index(html, `id="fnref-1-2"`)
	side := strings.Index(html, `id="sn-1"`)
	if first < 0 || second < 0 || !(first < side && side < second) {
		t.Errorf("sidenote of note 1 is not between its two references:\n%s", html)
	}
	for _, want := range []string{`href="#fnref-1"`, `href="#fnref-1-2"`, `href="#fnref-2"`, `aria-label="Back to reference 1, use 2"`} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %s:\n%s", want, html)
		}
	}
}
