package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/gloss-ssg/gloss/internal/layout"
)

// The manual is Markdown read on GitHub and in editors, not built by gloss,
// so nothing else checks its links: this test keeps README.md short and
// every relative link between the manual's files (and the heading it
// names) pointing somewhere.

const repoRoot = "../.."

// readmeMaxLines is issue 12's bound: the README introduces and links;
// the manual is docs/.
const readmeMaxLines = 250

func TestDocsReadmeIsShort(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n > readmeMaxLines {
		t.Errorf("README.md has %d lines, over %d: move the detail into docs/", n, readmeMaxLines)
	}
}

func TestDocsLinksResolve(t *testing.T) {
	files := []string{"README.md", "CONTRIBUTING.md", "ARCHITECTURE.md"}
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no docs/*.md found")
	}
	for _, d := range docs {
		rel, _ := filepath.Rel(repoRoot, d)
		files = append(files, filepath.ToSlash(rel))
	}
	anchors := map[string]map[string]bool{} // file → heading slugs, read once
	slugsOf := func(file string) (map[string]bool, error) {
		if s, ok := anchors[file]; ok {
			return s, nil
		}
		b, err := os.ReadFile(filepath.Join(repoRoot, file))
		if err != nil {
			return nil, err
		}
		s := headingSlugs(string(b))
		anchors[file] = s
		return s, nil
	}
	checked := 0
	for _, file := range files {
		b, err := os.ReadFile(filepath.Join(repoRoot, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range relativeLinks(string(b)) {
			checked++
			target, frag, _ := strings.Cut(l.target, "#")
			tfile := file
			if target != "" {
				tfile = filepath.ToSlash(filepath.Join(filepath.Dir(file), target))
				if _, err := os.Stat(filepath.Join(repoRoot, tfile)); err != nil {
					t.Errorf("%s:%d: link to %s: no such file", file, l.line, l.target)
					continue
				}
			}
			if frag == "" || !strings.HasSuffix(tfile, ".md") {
				continue
			}
			slugs, err := slugsOf(tfile)
			if err != nil {
				t.Errorf("%s:%d: %v", file, l.line, err)
				continue
			}
			if !slugs[frag] {
				t.Errorf("%s:%d: link to %s: %s has no heading #%s", file, l.line, l.target, tfile, frag)
			}
		}
	}
	if checked == 0 {
		t.Error("no relative links found: the link pattern is broken")
	}
}

type docLink struct {
	line   int
	target string
}

var (
	mdLink     = regexp.MustCompile(`\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	hasScheme  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	fenceStart = regexp.MustCompile("^\\s*(```|~~~)")
)

// relativeLinks returns the targets of inline links and images outside
// code that are not absolute URLs.
func relativeLinks(text string) []docLink {
	var out []docLink
	inFence := false
	for i, line := range strings.Split(text, "\n") {
		if fenceStart.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		line = codeSpan.ReplaceAllString(line, "")
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			if hasScheme.MatchString(m[1]) || strings.HasPrefix(m[1], "//") {
				continue
			}
			out = append(out, docLink{i + 1, m[1]})
		}
	}
	return out
}

// headingSlugs returns the anchors GitHub gives a file's ATX headings:
// lower case, spaces to hyphens, other punctuation dropped, "-1", "-2"…
// after repeats.
func headingSlugs(text string) map[string]bool {
	slugs := map[string]bool{}
	seen := map[string]int{}
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if fenceStart.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimLeft(line, "#")
		if !strings.HasPrefix(h, " ") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(h)) {
			switch {
			case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		s := b.String()
		if n := seen[s]; n > 0 {
			seen[s] = n + 1
			s = s + "-" + strconv.Itoa(n)
		} else {
			seen[s] = 1
		}
		slugs[s] = true
	}
	return slugs
}

// TestDocsLayoutsCoverView keeps docs/layouts.md's tables complete: every
// exported field and method of the values a layout sees, and every
// function of the FuncMap, must be named there.
func TestDocsLayoutsCoverView(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "docs", "layouts.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	views := []any{
		layout.Page{}, layout.Link{}, layout.Relation{}, layout.Heading{},
		layout.Source{}, layout.Site{}, layout.Download{}, layout.Preview{},
		layout.Card{}, layout.JSONLD{}, layout.JSONLDThing{}, layout.Matrix{},
		layout.MatrixRow{}, layout.MatrixCell{}, layout.Year{}, layout.Gathered{},
	}
	for _, v := range views {
		typ := reflect.TypeOf(v)
		var names []string
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				names = append(names, f.Name)
			}
		}
		ptr := reflect.PointerTo(typ)
		for i := range ptr.NumMethod() {
			names = append(names, ptr.Method(i).Name)
		}
		for _, name := range names {
			// "`.Name" in a table's first column, or "….Name`" at the end
			// of a longer path such as `.Site.Download`.
			if !strings.Contains(doc, "`."+name) && !strings.Contains(doc, "."+name+"`") {
				t.Errorf("docs/layouts.md does not name %s.%s", typ.Name(), name)
			}
		}
	}
	for name := range layout.Funcs() {
		if !strings.Contains(doc, "| `"+name+"` |") {
			t.Errorf("docs/layouts.md's table of functions has no row for %s", name)
		}
	}
}

// TestDocsArchitectureNamesEveryPackage keeps ARCHITECTURE.md's table of
// packages complete, so that a newcomer can name each package's job from
// it: every folder under internal/ needs a row, and a package comment
// ("// Package NAME ...") that the row points to.
func TestDocsArchitectureNamesEveryPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	entries, err := os.ReadDir(filepath.Join(repoRoot, "internal"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		if !strings.Contains(doc, "| `internal/"+name+"` |") {
			t.Errorf("ARCHITECTURE.md's table of packages has no row for internal/%s", name)
		}
		files, err := filepath.Glob(filepath.Join(repoRoot, "internal", name, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		documented := false
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "\n// Package "+name+" ") || strings.HasPrefix(string(src), "// Package "+name+" ") {
				documented = true
				break
			}
		}
		if !documented {
			t.Errorf("internal/%s has no package comment (// Package %s ...)", name, name)
		}
	}
}
