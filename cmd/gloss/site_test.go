package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsFindTheSite: run from a section's folder, every command
// works on the site around it, and paths it prints and takes are
// relative to the current folder.
func TestCommandsFindTheSite(t *testing.T) {
	site := writeSite(t, goodSite)
	t.Chdir(filepath.Join(site, "content", "notes"))
	if code, _, stderr := gloss(t, "", "check"); code != 0 || !strings.HasPrefix(stderr, "gloss: checked 3 pages") {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
	code, _, stderr := gloss(t, "", "build")
	if code != 0 || !strings.Contains(stderr, " into "+filepath.Join("..", "..", "public")+" in ") {
		t.Errorf("build: exit %d, want the site's public/ named from here:\n%s", code, stderr)
	}
	wantFiles(t, site, "public/index.html", "public/notes/one/index.html")
	zipped := filepath.Join(t.TempDir(), "class.zip")
	if code, _, stderr := gloss(t, "", "zip", "-o", zipped); code != 0 {
		t.Errorf("zip: exit %d\n%s", code, stderr)
	}
	wantFiles(t, filepath.Dir(zipped), "class.zip")
	code, stdout, stderr := gloss(t, "", "new", "notes", "two")
	if want := filepath.Join("..", "..", "content", "notes", "two.md") + "\n"; code != 0 || stdout != want {
		t.Errorf("new: exit %d, stdout %q, want %q\n%s", code, stdout, want, stderr)
	}
	wantFiles(t, site, "content/notes/two.md")
	if code, _, stderr := gloss(t, "", "theme", "eject", "layouts/_partials/nav.html"); code != 0 {
		t.Errorf("theme eject: exit %d\n%s", code, stderr)
	}
	wantFiles(t, site, "layouts/_partials/nav.html") // into the site found, not the current folder
	var names []string
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "_index.md one.md two.md" { // two.md from gloss new
		t.Errorf("the current folder holds %s; want only the section's pages", got)
	}

	// render takes the settings of the site around it.
	unsafe := writeSite(t, "-- content/_index.md --\n---\ntitle: Home\nsite:\n  unsafe_html: true\n---\n-- content/notes/x.md --\n")
	t.Chdir(filepath.Join(unsafe, "content", "notes"))
	if code, stdout, _ := gloss(t, "Some <b>raw</b>.\n", "render"); code != 0 || stdout != "<p>Some <b>raw</b>.</p>\n" {
		t.Errorf("render inside a site with unsafe_html: exit %d, %q", code, stdout)
	}
}

// TestNoSiteFound: outside any site, a command that needs one says where
// it looked from and suggests --site (exit 2); render works without one;
// --site is used as given.
func TestNoSiteFound(t *testing.T) {
	// A checkout inside a site: gloss does not look past its root.
	site := writeSite(t, goodSite+"-- vendor/tool/.git/HEAD --\n-- vendor/tool/docs/x.md --\n")
	t.Chdir(filepath.Join(site, "vendor", "tool", "docs"))
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	gitRoot := filepath.Dir(cwd)
	for _, args := range [][]string{
		{"build"}, {"check"}, {"zip"}, {"serve"}, {"new", "notes", "x"}, {"check", "--format", "json"},
	} {
		code, stdout, stderr := gloss(t, "", args...)
		want := "gloss " + args[0] + ": no content/ folder in " + cwd + " or above it up to the git root " + gitRoot +
			": run gloss inside a site, or name its folder with --site DIR\n"
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("gloss %s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and:\n%s", strings.Join(args, " "), code, stdout, stderr, want)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 1 {
		t.Errorf("a command without a site wrote into the current folder: %d entries", len(entries))
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a command found the site above the git root and built it")
	}

	// render needs no site: the default settings drop raw HTML.
	if code, stdout, _ := gloss(t, "Some <b>raw</b>.\n", "render"); code != 0 || strings.Contains(stdout, "<b>") {
		t.Errorf("render outside a site: exit %d, %q", code, stdout)
	}

	// --site names the site from anywhere.
	if code, _, stderr := gloss(t, "", "check", "--site", site); code != 0 {
		t.Errorf("check --site: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := gloss(t, "", "check", "--site", filepath.Join(site, "nope")); code != 2 || !strings.Contains(stderr, "is not a directory") {
		t.Errorf("check --site of a missing folder: exit %d\n%s", code, stderr)
	}
}
