package build_test

// Golden files: snapshots of whole outputs, kept in testdata/golden and
// rewritten with go test ./internal/build -run Golden -update when a
// change to them is intended (review the diff before committing).

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenSite loads a txtar site from testdata/golden.
func goldenSite(t *testing.T, name string) *siteTest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return newSite(t, string(data))
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended):\n%s", file, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line, with a line of context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			ctx := ""
			if i > 0 && i-1 < len(wl) {
				ctx = fmt.Sprintf("  line %d: %s\n", i, wl[i-1])
			}
			return fmt.Sprintf("%s- line %d: %s\n+ line %d: %s", ctx, i+1, w, i+1, g)
		}
	}
	return "(no line differs)"
}

func TestGoldenPages(t *testing.T) {
	s := goldenSite(t, "site.txtar").build().assertClean()
	s.assertLinksResolve()
	for out, name := range map[string]string{
		"index.html":                                  "home.html",
		"principles/index.html":                       "section.html",
		"principles/first/index.html":                 "page.html",
		"glossary/critical-infrastructure/index.html": "glossary.html",
	} {
		golden(t, name, []byte(s.file(out)))
	}
}

func TestGoldenDiagnostics(t *testing.T) {
	s := goldenSite(t, "errors.txtar").build()
	if !s.res.Failed() {
		t.Fatal("the build of errors.txtar did not fail")
	}
	var b bytes.Buffer
	if err := s.res.Diags.Write(&b, "text"); err != nil {
		t.Fatal(err)
	}
	golden(t, "diagnostics.txt", b.Bytes())
}
