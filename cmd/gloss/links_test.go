package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withLayout returns goodSite with one layout replaced.
func withLayout(name, text string) string {
	return goodSite + "-- layouts/" + name + " --\n" + text + "\n"
}

// TestLinkErrorsFailCheckAndBuild: check, build and zip run the link
// checker on their variants; a problem is an error at the layout line
// that wrote it, and a build with one writes nothing.
func TestLinkErrorsFailCheckAndBuild(t *testing.T) {
	tests := []struct {
		name, layout, text string
		want               string // the one diagnostic
		zipFails           bool   // the offline variant has it too
	}{
		{
			name:   "stylesheet from another host",
			layout: "page.html",
			text:   "<link rel=\"stylesheet\" href=\"https://fonts.example.org/css\">\n<h1>{{ .Title }}</h1>{{ .Content }}",
			want: `layouts/page.html:1:30: error: notes/one/index.html (hosted and offline): <link rel="stylesheet" href> ` +
				`"https://fonts.example.org/css" loads from another host (fonts.example.org)`,
			zipFails: true,
		},
		{
			name:   "a folder link offline",
			layout: "page.html",
			text:   "<a href=\"{{ .Root }}\">top</a><h1>{{ .Title }}</h1>{{ .Content }}",
			want: `content/notes/one.md:1:1: error: notes/one/index.html (offline): <a href> "../../" names the folder at the site's root, ` +
				`which file:// cannot open (file:// has no directory index: write ../../index.html)`,
			zipFails: true,
		},
		{
			name:     "a missing anchor",
			layout:   "home.html",
			text:     "<h1>{{ .Title }}</h1>{{ .Content }}<a href=\"#nowhere\">x</a>",
			want:     `layouts/home.html:1:45: error: index.html (hosted and offline): <a href> "#nowhere" names #nowhere, but no element of this page has that id`,
			zipFails: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site := writeSite(t, withLayout(tc.layout, tc.text))
			code, _, stderr := gloss(t, "", "check", "--site", site)
			if code != 1 {
				t.Fatalf("check: exit %d, want 1: %s", code, stderr)
			}
			if want := tc.want; !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "\ngloss: check found 1 error\n") {
				t.Errorf("check printed:\n%s\nwant its first line to start with:\n%s", stderr, want)
			}
			code, _, stderr = gloss(t, "", "build", "--site", site)
			if code != 1 || !strings.HasPrefix(stderr, tc.want) {
				t.Errorf("build: exit %d, want 1:\n%s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
				t.Errorf("the failed build wrote public/ (%v)", err)
			}
			zip := filepath.Join(t.TempDir(), "site.zip")
			code, _, stderr = gloss(t, "", "zip", "--site", site, "-o", zip)
			if tc.zipFails != (code == 1) {
				t.Errorf("zip: exit %d:\n%s", code, stderr)
			}
			if code == 1 && !strings.HasSuffix(stderr, "gloss: build failed with 1 error; "+zip+" not written\n") {
				t.Errorf("zip printed:\n%s", stderr)
			}
		})
	}
}

// TestCheckGoodSite: a clean site passes check in both variants.
func TestCheckGoodSite(t *testing.T) {
	site := writeSite(t, goodSite)
	code, _, stderr := gloss(t, "", "check", "--site", site)
	if code != 0 || !strings.HasPrefix(stderr, "gloss: checked 3 pages, hosted and offline, in ") {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
}
