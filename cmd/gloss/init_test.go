package main

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/starter"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// The starter checks with no diagnostic at all and builds, zip included,
// from content/ alone: the look is the theme's in the binary.
func TestInitChecksAndBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "trees")
	if code, out, errOut := gloss(t, "", "init", dir); code != 0 || !strings.Contains(out, "gloss serve") {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	for _, top := range []string{"layouts", "static"} {
		if _, err := os.Stat(filepath.Join(dir, top)); err == nil {
			t.Errorf("the starter has %s/; its theme should come from the binary", top)
		}
	}
	code, _, errOut := gloss(t, "", "check", "--site", dir)
	if code != 0 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "gloss: checked ") ||
		strings.Contains(errOut, "warning") {
		t.Fatalf("check: exit %d, want 0 and no diagnostics:\n%s", code, errOut)
	}
	if code, _, errOut := gloss(t, "", "build", "--site", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	for _, f := range []string{"index.html", "riverside-trees.zip", "css/site.css", "js/search.js", "print/index.html", "cases/school-lane/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("the build lacks %s: %v", f, err)
		}
	}
	// The inverse relation is computed onto the case, and the home page
	// crosses the pledges with the cases.
	page, _ := os.ReadFile(filepath.Join(dir, "public", "cases", "school-lane", "index.html"))
	if !strings.Contains(string(page), "Pledges it tests") || !strings.Contains(string(page), "Ten years of care") {
		t.Errorf("cases/school-lane lacks its computed inverse, Pledges it tests")
	}
	home, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if !strings.Contains(string(home), `class="matrix-table"`) {
		t.Errorf("the home page lacks the pledges × cases table")
	}
}

// Every file of the starter says what it is for: README.md, and a comment
// at the top of each page's front matter.
func TestStarterFilesSayWhatTheyAreFor(t *testing.T) {
	n := 0
	err := fs.WalkDir(starter.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "README.md" {
			return err
		}
		n++
		data, err := fs.ReadFile(starter.FS(), p)
		if err != nil {
			return err
		}
		lines := strings.SplitN(string(data), "\n", 3)
		if len(lines) < 2 || lines[0] != "---" || !strings.HasPrefix(lines[1], "# ") {
			t.Errorf("%s does not open with a comment saying what it is for", p)
		}
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("walked %d starter files: %v", n, err)
	}
	readme, _ := fs.ReadFile(starter.FS(), "README.md")
	if !strings.Contains(string(readme), "content/charter.md") {
		t.Error("README.md does not list the starter's files")
	}
}

func TestInitRefusesNonEmptyFolder(t *testing.T) {
	dir := writeSite(t, "-- notes.txt --\nmine\n-- content/_index.md --\nkeep\n")
	before := readTree(t, dir)
	code, _, errOut := gloss(t, "", "init", dir)
	if code != 2 || !strings.Contains(errOut, "not empty") || !strings.Contains(errOut, "\n  name a new folder, such as: gloss init my-explainer; nothing was written\n") {
		t.Errorf("init into a non-empty folder: exit %d, want 2\n%s", code, errOut)
	}
	if after := readTree(t, dir); len(after) != len(before) || after["notes.txt"] != before["notes.txt"] ||
		after["content/_index.md"] != before["content/_index.md"] {
		t.Errorf("init changed a non-empty folder: %v", after)
	}
	// A folder holding only .git (a fresh repository) takes the starter.
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := gloss(t, "", "init", repo); code != 0 {
		t.Errorf("init into a folder with only .git: exit %d\n%s", code, errOut)
	}
}

// The next steps gloss init prints can be pasted into a shell as they
// are, whatever the folder's name.
func TestInitNextStepsQuoteTheFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	for name, cd := range map[string]string{
		"trees":         "cd trees && ",
		"my explainer":  "cd 'my explainer' && ",
		"l'arbre, été":  `cd 'l'\''arbre, été' && `,
		"-dash":         "cd ./-dash && ",
		"sites/2026/日本": "cd 'sites/2026/日本' && ",
		"a$b":           "cd 'a$b' && ",
	} {
		code, out, errOut := gloss(t, "", "init", "--", name)
		if code != 0 || !strings.Contains(out, "\n  "+cd+"gloss serve") {
			t.Errorf("init %q: exit %d, want %q in:\n%s%s", name, code, cd, out, errOut)
		}
	}
}

// A symbolic link to nothing is refused as any folder gloss init cannot
// take: exit 2, saying what it is.
func TestInitRefusesBrokenLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "site")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := gloss(t, "", "init", link)
	if code != 2 || !strings.Contains(errOut, "is a symbolic link to "+filepath.Join(dir, "nowhere")+", which does not exist") ||
		!strings.HasSuffix(errOut, "; nothing was written\n") {
		t.Errorf("init into a broken link: exit %d, want 2\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("init made the link's target")
	}
}

// gloss init refuses a folder inside another site's sources, empty or
// not there yet: that site's next build would read the starter's pages
// as its own. A folder beside the sources is fine.
func TestInitRefusesSiteSources(t *testing.T) {
	dir := writeSite(t, contentOnly)
	if err := os.Mkdir(filepath.Join(dir, "content", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dir)
	for _, tt := range []struct{ dir, from, say string }{
		{dir: filepath.Join(dir, "content", "sub"), say: "(it lies inside the site's content/ folder)"},
		{dir: filepath.Join(dir, "content", "empty"), say: "(it lies inside the site's content/ folder)"},
		{dir: filepath.Join(dir, "layouts", "x"), say: "(it lies inside the site's layouts/ folder)"},
		{dir: "static", say: "(it is the site's static/ folder)"},
		{dir: "trees", from: filepath.Join(dir, "content", "notes"), say: "(it lies inside the site's content/ folder)"},
	} {
		if tt.from == "" {
			tt.from = dir
		}
		t.Chdir(tt.from)
		code, _, errOut := gloss(t, "", "init", tt.dir)
		if code != 2 || !strings.Contains(errOut, "would read the starter as its own "+tt.say+"\n  name a folder outside") ||
			!strings.HasSuffix(errOut, "; nothing was written\n") {
			t.Errorf("init %s from %s: exit %d, want 2 and %q\n%s", tt.dir, tt.from, code, tt.say, errOut)
		}
	}
	if after := readTree(t, dir); !maps.Equal(after, before) {
		t.Errorf("a refused init changed the site: now %q", slices.Sorted(maps.Keys(after)))
	}
	if code, _, errOut := gloss(t, "", "init", filepath.Join(dir, "another")); code != 0 {
		t.Errorf("init beside the sources: exit %d\n%s", code, errOut)
	}
}

func TestThemeList(t *testing.T) {
	dir := writeSite(t, contentOnly+"-- layouts/page.html --\n{{ define \"main\" }}mine{{ end }}\n")
	code, out, errOut := gloss(t, "", "theme", "--list", "--site", dir)
	if code != 0 {
		t.Fatalf("theme --list: exit %d\n%s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	var page, base string
	for _, l := range lines {
		switch strings.Fields(l + " x")[0] {
		case "layouts/page.html":
			page = l
		case "layouts/_base.html":
			base = l
		}
	}
	if !strings.Contains(page, "overridden by the site") || base != "layouts/_base.html" {
		t.Errorf("theme --list marks page %q and base %q; want only page.html marked\n%s", page, base, out)
	}
	if n := strings.Count(out, "\n"); n < len(theme.Files()) {
		t.Errorf("theme --list printed %d lines for %d theme files", n, len(theme.Files()))
	}
	if code, _, _ := gloss(t, "", "theme", "--site", dir); code != 2 {
		t.Errorf("theme with neither --list nor eject: exit %d, want 2", code)
	}
}

// contentOnly is goodSite's content without layouts/ or static/.
const contentOnly = `
-- content/_index.md --
---
title: Home
---
Read [one](notes/one.md).
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/one.md --
---
title: One
---
Text.
`

func TestThemeEject(t *testing.T) {
	dir := writeSite(t, contentOnly)
	code, out, errOut := gloss(t, "", "theme", "eject", "--site", dir, "layouts/page.html")
	if code != 0 {
		t.Fatalf("eject: exit %d\n%s", code, errOut)
	}
	want, _ := fs.ReadFile(theme.FS(), "layouts/page.html")
	dst := filepath.Join(dir, "layouts", "page.html")
	if got, err := os.ReadFile(dst); err != nil || string(got) != string(want) || strings.TrimSpace(out) != dst {
		t.Errorf("eject wrote %s (%v), printed %q; want the theme's page.html", dst, err, out)
	}
	// An ejected file is the site's: edited, it wins, and a second eject
	// never overwrites it.
	edited := "{{ define \"main\" }}<p>EJECTED AND EDITED</p>{{ end }}\n"
	if err := os.WriteFile(dst, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := gloss(t, "", "theme", "eject", "--site", dir, "page.html"); code != 2 || !strings.Contains(errOut, "not overwritten") ||
		!strings.Contains(errOut, "\n  edit it there, or move it away and eject again") {
		t.Errorf("eject over an existing file: exit %d, want 2\n%s", code, errOut)
	}
	if got, _ := os.ReadFile(dst); string(got) != edited {
		t.Errorf("eject overwrote the site's file: %q", got)
	}
	if code, _, errOut := gloss(t, "", "build", "--site", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "notes", "one", "index.html"))
	if !strings.Contains(string(page), "EJECTED AND EDITED") {
		t.Errorf("the site's layouts/page.html did not override the theme's")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "css", "site.css")); err != nil {
		t.Errorf("the theme's static files are not published: %v", err)
	}
	if code, _, _ := gloss(t, "", "theme", "eject", "--site", dir, "layouts/nothing.html"); code != 2 {
		t.Errorf("eject of a file the theme lacks: exit %d, want 2", code)
	}
}

// The theme's print layout gathers what the page's params.gather lists;
// without it, the build fails at the layout rather than print an empty page.
func TestThemePrintNeedsGather(t *testing.T) {
	dir := writeSite(t, contentOnly+"-- content/print.md --\n---\ntitle: Print\nlayout: print\n---\n")
	code, _, errOut := gloss(t, "", "check", "--site", dir)
	if code != 1 || !strings.Contains(errOut, "layouts/print.html:") || !strings.Contains(errOut, "no page or section to gather") {
		t.Errorf("check: exit %d, want 1 and an error at layouts/print.html\n%s", code, errOut)
	}
}
