package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
)

func TestVersionOf(t *testing.T) {
	const rev = "ff63456abcdef0123456789abcdef0123456789a"
	vcs := func(modified, when string) []debug.BuildSetting {
		s := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
		if when != "" {
			s = append(s, debug.BuildSetting{Key: "vcs.time", Value: when})
		}
		return s
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "dev"},
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"a checkout, stamped as a pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203140534-ff63456abcde+dirty"},
			Settings: vcs("true", "2026-12-03T14:05:34Z")}, "v0.0.0-20261203140534-ff63456abcde+dirty"},
		{"a checkout with uncommitted changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("true", "2026-12-03T14:05:34Z")}, "ff63456abcde-dirty (2026-12-03T14:05:34Z)"},
		{"a clean checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("false", "2026-12-03T14:05:34Z")},
			"ff63456abcde (2026-12-03T14:05:34Z)"},
		{"a commit without a time", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("false", "")}, "ff63456abcde"},
		{"go run: no version, no commit", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no main module version at all", &debug.BuildInfo{}, "dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.info, tt.info != nil); got != tt.want {
				t.Errorf("versionOf = %q, want %q", got, tt.want)
			}
		})
	}
}

// versionSite prints the generator meta, and has a feed (site_url and a
// dated page).
const versionSite = `
-- content/_index.md --
---
title: Home
site:
  title: Versioned
  site_url: https://example.org/
---
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/one.md --
---
title: One
date: 2026-01-02
---
Text.
-- layouts/home.html --
<meta name="generator" content="{{ .Site.Generator }}"><h1>{{ .Title }}</h1>
-- layouts/section.html --
<meta name="generator" content="{{ .Site.Generator }}"><h1>{{ .Title }}</h1>
-- layouts/page.html --
<meta name="generator" content="{{ .Site.Generator }}"><h1>{{ .Title }}</h1>
`

var generatorMeta = regexp.MustCompile(`<meta name="?generator"? content="?([^">]*)"?>`)

// TestVersionEverywhere: gloss version, gloss --version, the pages'
// generator meta and the Atom feed's generator all name the one version
// main sets.
func TestVersionEverywhere(t *testing.T) {
	old := build.Version
	build.Version = "v9.8.7-0.20261203140534-ff63456abcde+dirty"
	t.Cleanup(func() { build.Version = old })
	want := "gloss " + build.Version

	_, byCommand, _ := gloss(t, "", "version")
	for _, flag := range []string{"--version", "-version"} {
		code, stdout, stderr := gloss(t, "", flag)
		if code != 0 || stdout != byCommand || stderr != "" {
			t.Errorf("gloss %s: exit %d, stdout %q, stderr %q; want what gloss version prints, %q", flag, code, stdout, stderr, byCommand)
		}
	}
	if byCommand != want+"\n" {
		t.Errorf("gloss version printed %q, want %q", byCommand, want+"\n")
	}

	site := writeSite(t, versionSite)
	if code, _, stderr := gloss(t, "", "build", "--site", site, "--no-offline"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	for _, page := range []string{"index.html", "notes/index.html", "notes/one/index.html"} {
		data, err := os.ReadFile(filepath.Join(site, "public", filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		// The value is compared unescaped: html/template writes a "+" in
		// an attribute as &#43;, which a browser reads as "+".
		m := generatorMeta.FindSubmatch(data)
		if m == nil || html.UnescapeString(string(m[1])) != want {
			t.Errorf("%s: the generator meta is not %q:\n%s", page, want, data)
		}
	}
	feed, err := os.ReadFile(filepath.Join(site, "public", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if gen := `version="` + build.Version + `">gloss</generator>`; !strings.Contains(string(feed), gen) {
		t.Errorf("feed.xml's generator is not %s:\n%s", gen, feed)
	}
}
