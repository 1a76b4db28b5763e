package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// gloss runs the command in-process and returns its exit status and output.
func gloss(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeSite writes a txtar site into a new temporary folder.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteArchive(t, dir, archive)
	return dir
}

// readTree returns every file under root by slash path; folders end in
// "/" and have no data.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	for p, data := range sitetest.ReadTree(t, root) {
		tree[p] = string(data)
	}
	return tree
}

const goodSite = `
-- content/_index.md --
---
title: Home
site:
  title: Test site
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
## Part
Text.
-- layouts/home.html --
<h1>{{ .Title }}</h1>{{ .Content }}
-- layouts/section.html --
<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}
-- layouts/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
-- layouts/_archetypes/notes.md --
---
title: "{{ .Title }}"
date: {{ .Date }}
draft: true
---

Archetype body for {{ .Section }}/{{ .Slug }}.
-- static/css/site.css --
body {}
`

// brokenPage replaces notes/one.md with a page that has two errors.
const brokenPage = `
-- content/notes/one.md --
---
titel: One
---
[gone](two.md)
`

func TestExitCodes(t *testing.T) {
	site := writeSite(t, goodSite)
	bad := writeSite(t, goodSite+brokenPage)
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"build", []string{"build", "--site", site, "--out", out}, 0},
		{"check", []string{"check", "--site", site}, 0},
		{"check with drafts", []string{"check", "--site", site, "--drafts"}, 0},
		{"check as JSON", []string{"check", "--format", "json", "--site", site}, 0},
		{"version", []string{"version"}, 0},
		{"build with errors", []string{"build", "--site", bad, "--out", out}, 1},
		{"check with errors", []string{"check", "--site", bad}, 1},
		{"no command", nil, 2},
		{"unknown command", []string{"biuld"}, 2},
		{"unknown flag", []string{"build", "--site", site, "--nope"}, 2},
		{"unknown short flag", []string{"check", "-x"}, 2},
		{"flag missing its value", []string{"check", "--site"}, 2},
		{"bad format", []string{"check", "--site", site, "--format", "xml"}, 2},
		{"extra argument to build", []string{"build", "--site", site, "extra"}, 2},
		{"extra argument to check", []string{"check", "extra", "--site", site}, 2},
		{"extra argument to version", []string{"version", "now"}, 2},
		{"extra argument to render", []string{"render", "in.md"}, 2},
		{"new without a slug", []string{"new", "--site", site, "notes"}, 2},
		{"new with three arguments", []string{"new", "--site", site, "notes", "a", "b"}, 2},
		{"new with a bad slug", []string{"new", "--site", site, "notes", "Bad Slug"}, 2},
		{"site that is not a folder", []string{"check", "--site", filepath.Join(site, "nope")}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := gloss(t, "", tt.args...)
			if code != tt.want {
				t.Errorf("gloss %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.want, stdout, stderr)
			}
			if tt.want == 2 && !strings.Contains(stderr, "Usage") && !strings.Contains(stderr, "usage") {
				t.Errorf("gloss %q: a usage error should show usage on stderr:\n%s", tt.args, stderr)
			}
		})
	}
}

func TestContentErrorsAreAllPrinted(t *testing.T) {
	bad := writeSite(t, goodSite+brokenPage)
	code, stdout, stderr := gloss(t, "", "check", "--site", bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("diagnostics belong on stderr; stdout has %q", stdout)
	}
	want := `content/notes/one.md:1:1: error: missing title (add a title: line to the front matter)
content/notes/one.md:2:1: error: unknown key "titel" (did you mean "title"?)
content/notes/one.md:4:1: error: link to a missing page: two.md
gloss: check found 3 errors
`
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"build", "check", "render", "new", "version"} {
		for _, flag := range []string{"--help", "-h", "-help"} {
			code, stdout, stderr := gloss(t, "", cmd, flag)
			if code != 0 {
				t.Errorf("gloss %s %s: exit %d, want 0", cmd, flag, code)
			}
			if !strings.HasPrefix(stdout, "Usage: gloss "+cmd) {
				t.Errorf("gloss %s %s: stdout does not start with usage:\n%s", cmd, flag, stdout)
			}
			if stderr != "" {
				t.Errorf("gloss %s %s: asked-for help went to stderr too:\n%s", cmd, flag, stderr)
			}
		}
	}
	// A command without flags gets no empty "Flags:" heading; one with
	// flags lists them.
	if _, stdout, _ := gloss(t, "", "version", "--help"); strings.Contains(stdout, "Flags:") {
		t.Errorf("gloss version --help: a heading for flags it does not have:\n%s", stdout)
	}
	if _, stdout, _ := gloss(t, "", "build", "--help"); !strings.Contains(stdout, "Flags:\n  -drafts") {
		t.Errorf("gloss build --help: no list of its flags:\n%s", stdout)
	}
	// --help wins even after other arguments.
	if code, stdout, _ := gloss(t, "", "new", "notes", "--help"); code != 0 || !strings.Contains(stdout, "Usage: gloss new") {
		t.Errorf("gloss new notes --help: exit %d, stdout %q", code, stdout)
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, stdout, stderr := gloss(t, "", args...)
		if code != 0 || !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "gloss build") || stderr != "" {
			t.Errorf("gloss %q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func TestJSONFormat(t *testing.T) {
	bad := writeSite(t, goodSite+brokenPage)
	for _, args := range [][]string{
		{"check", "--site", bad, "--format", "json"},
		{"build", "--format=json", "--site", bad, "--out", filepath.Join(t.TempDir(), "o")},
	} {
		cmd := args[0]
		code, stdout, stderr := gloss(t, "", args...)
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1\n%s", cmd, code, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: stdout %q, want nothing", cmd, stdout)
		}
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: want 3 JSON lines and nothing else, got:\n%s", cmd, stderr)
		}
		type record struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Hint     string `json:"hint"`
		}
		var got []record
		for _, l := range lines {
			var fields map[string]any
			if err := json.Unmarshal([]byte(l), &fields); err != nil {
				t.Fatalf("%s: %q is not a JSON object: %v", cmd, l, err)
			}
			for _, k := range []string{"file", "line", "col", "severity", "message"} {
				if _, ok := fields[k]; !ok {
					t.Errorf("%s: %q has no %q", cmd, l, k)
				}
			}
			var r record
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		want := []record{
			{"content/notes/one.md", 1, 1, "error", "missing title", "add a title: line to the front matter"},
			{"content/notes/one.md", 2, 1, "error", `unknown key "titel"`, `did you mean "title"?`},
			{"content/notes/one.md", 4, 1, "error", "link to a missing page: two.md", ""},
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", cmd, got, want)
		}
	}
}

func TestNew(t *testing.T) {
	site := writeSite(t, goodSite+`
-- content/essays/_index.md --
---
title: Essays
---
`)
	// The archetype's date is today's; a run across midnight may see either.
	start := time.Now().Format("2006-01-02")
	isToday := func(data []byte, want func(day string) string) bool {
		now := time.Now().Format("2006-01-02")
		return string(data) == want(start) || string(data) == want(now)
	}

	// From the section's archetype.
	code, stdout, stderr := gloss(t, "", "new", "--site", site, "notes", "crypto-ag")
	file := filepath.Join(site, "content", "notes", "crypto-ag.md")
	if code != 0 || strings.TrimSpace(stdout) != file {
		t.Fatalf("new: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := func(day string) string {
		return "---\ntitle: \"Crypto ag\"\ndate: " + day + "\ndraft: true\n---\n\nArchetype body for notes/crypto-ag.\n"
	}
	if !isToday(data, want) {
		t.Errorf("from the archetype:\n%s\nwant:\n%s", data, want(start))
	}

	// From the default archetype, when the section has none.
	code, _, stderr = gloss(t, "", "new", "--site", site, "essays", "first-essay")
	if code != 0 {
		t.Fatalf("new with the default archetype: exit %d: %s", code, stderr)
	}
	data, err = os.ReadFile(filepath.Join(site, "content", "essays", "first-essay.md"))
	if err != nil {
		t.Fatal(err)
	}
	want = func(day string) string {
		return "---\ntitle: \"First essay\"\nsummary: \"\"\ndate: " + day + "\n---\n\n"
	}
	if !isToday(data, want) {
		t.Errorf("from the default archetype:\n%q\nwant:\n%q", data, want(start))
	}

	// The site still checks, with and without the (archetype's) draft.
	for _, args := range [][]string{{"check", "--site", site}, {"check", "--drafts", "--site", site}} {
		if code, _, stderr := gloss(t, "", args...); code != 0 {
			t.Errorf("gloss %q after new: exit %d\n%s", args, code, stderr)
		}
	}

	// Never overwrite: a refusal (exit 2) that says how to proceed, and
	// the file byte for byte as it was.
	edited := "---\ntitle: Edited by hand\n---\nKeep me.\n"
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = gloss(t, "", "new", "--site", site, "notes", "crypto-ag")
	if code != 2 || !strings.Contains(stderr, "already exists; not overwritten\n  edit that page, or choose another SLUG") {
		t.Errorf("new over an existing page: exit %d, stderr %q; want 2 and a message", code, stderr)
	}
	if data, _ := os.ReadFile(file); string(data) != edited {
		t.Errorf("new overwrote the page:\n%s", data)
	}

	// Nor a second file for a page there is already, in another form: a
	// page's folder form, a section for a top-level page, a folder's
	// own index.md; nor a name Windows cannot hold. Each would write a
	// page the next build rejects.
	bundle := filepath.Join(site, "content", "notes", "bundle", "index.md")
	if err := os.MkdirAll(filepath.Dir(bundle), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bundle, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, site)
	for _, tt := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"notes", "bundle"}, 2, "notes/bundle.md would be the same page as " + bundle + "; not written\n  edit that page, or choose another SLUG"},
		{[]string{".", "essays"}, 2, "essays.md would be the same page as the section " + filepath.Join(site, "content", "essays") + "/; not written"},
		{[]string{"notes", "index"}, 2, `slug "index": index.md is a folder's own page`},
		{[]string{".", "index"}, 2, `slug "index": index.md is a folder's own page`},
		{[]string{"notes", "aux"}, 2, `slug "aux": "aux" is a reserved name on Windows`},
	} {
		code, _, stderr := gloss(t, "", append([]string{"new", "--site", site}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.say) {
			t.Errorf("new %q: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.say)
		}
	}
	if after := readTree(t, site); !maps.Equal(after, before) {
		t.Errorf("a refused new changed the site: now %q", slices.Sorted(maps.Keys(after)))
	}

	// A section that does not exist is a content error, and writes nothing.
	code, _, stderr = gloss(t, "", "new", "--site", site, "nosuch", "page")
	if code != 1 || !strings.Contains(stderr, "no section content/nosuch/\n  the site's sections: essays, notes (or . for a top-level page)") {
		t.Errorf("new in a missing section: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(site, "content", "nosuch")); !os.IsNotExist(err) {
		t.Errorf("new created something for a missing section: %v", err)
	}
}

func TestRender(t *testing.T) {
	md := "# Title\n\nSome *text* with [a link](other.md) and <b>raw</b>.\n\n[bad](javascript:alert(1))\n\n```go\nx := 1\n```\n"
	code, stdout, stderr := gloss(t, md, "render", "--site", t.TempDir())
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`<h1 id="title">Title</h1>`,
		"<em>text</em>",
		`<a href="other.md">a link</a>`, // no site pages: links stay as written
		"<!-- raw HTML omitted -->raw<!-- raw HTML omitted -->",
		"<p>bad</p>",
		`<pre class="chroma"><code class="language-go">`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("render output lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "<stdin>:3:41: warning: raw HTML left out: the page shows nothing in its place (write it in Markdown; if you trust every author of the site, set unsafe_html: true under site: in content/_index.md)\n"+
		"<stdin>:5:1: warning: removed a link with an unsafe URL scheme\n" {
		t.Errorf("render stderr: %q", stderr)
	}

	// With the site's unsafe_html switch, raw HTML passes through.
	site := writeSite(t, "-- content/_index.md --\n---\ntitle: Home\nsite:\n  unsafe_html: true\n---\n")
	code, stdout, _ = gloss(t, "Some <b>raw</b>.\n", "render", "--site", site)
	if code != 0 || stdout != "<p>Some <b>raw</b>.</p>\n" {
		t.Errorf("render with unsafe_html: exit %d, %q", code, stdout)
	}

	// A site whose home page does not parse is a content error.
	broken := writeSite(t, "-- content/_index.md --\n---\ntitle: [x\n---\n")
	if code, _, stderr := gloss(t, "x\n", "render", "--site", broken); code != 1 || !strings.HasPrefix(stderr, "content/_index.md:") {
		t.Errorf("render with a broken home page: exit %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := gloss(t, "", "version")
	if code != 0 || stderr != "" || !regexp.MustCompile(`^gloss \S+.*\n$`).MatchString(stdout) {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestBuildWritesOutput(t *testing.T) {
	site := writeSite(t, goodSite)
	code, stdout, stderr := gloss(t, "", "build", "--site", site)
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("build printed to stdout: %q", stdout)
	}
	if !regexp.MustCompile(`^gloss: built 3 pages, \d+ files \(offline zip test-site\.zip, \d+ KB\) into .*public in \S+\n$`).MatchString(stderr) {
		t.Errorf("build summary: %q", stderr)
	}
	tree := readTree(t, filepath.Join(site, "public"))
	for _, p := range []string{"index.html", "notes/index.html", "notes/one/index.html", "css/site.css", "css/syntax.css"} {
		if _, ok := tree[p]; !ok {
			t.Errorf("no %s in public/", p)
		}
	}
	if got := tree["index.html"]; !strings.Contains(got, `<a href="notes/one/">one</a>`) {
		t.Errorf("index.html: %s", got)
	}
}

// TestFailedBuildLeavesOutput: a build that fails leaves the previous
// output byte for byte as it was, and no temporary folders behind.
func TestFailedBuildLeavesOutput(t *testing.T) {
	site := writeSite(t, goodSite)
	public := filepath.Join(site, "public")
	if code, _, stderr := gloss(t, "", "build", "--site", site); code != 0 {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	before := readTree(t, public)
	entries := func() []string {
		es, err := os.ReadDir(site)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	want := []string{"content", "layouts", "public", "static"}
	if got := entries(); !slices.Equal(got, want) {
		t.Fatalf("site folder holds %q, want %q", got, want)
	}

	sitetest.WriteArchive(t, site, brokenPage)
	code, _, stderr := gloss(t, "", "build", "--site", site)
	if code != 1 {
		t.Fatalf("failing build: exit %d, want 1", code)
	}
	if !strings.HasSuffix(stderr, "gloss: build failed with 3 errors; "+public+" left as it was\n") {
		t.Errorf("failing build: stderr %q", stderr)
	}
	after := readTree(t, public)
	if len(after) != len(before) {
		t.Errorf("output has %d entries after the failed build, %d before", len(after), len(before))
	}
	for p, data := range before {
		if got, ok := after[p]; !ok || got != data {
			t.Errorf("%s changed or vanished after the failed build", p)
		}
	}
	if got := entries(); !slices.Equal(got, want) {
		t.Errorf("site folder holds %q after the failed build, want %q", got, want)
	}

	// Fixed again, the build replaces the output and cleans up after itself.
	if err := os.WriteFile(filepath.Join(site, "content", "notes", "one.md"), []byte("---\ntitle: One again\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gloss(t, "", "build", "--site", site); code != 0 {
		t.Fatalf("fixed build: exit %d: %s", code, stderr)
	}
	if got := readTree(t, public)["notes/one/index.html"]; !strings.Contains(got, "One again") {
		t.Errorf("the fixed build did not replace the page: %q", got)
	}
	if got := entries(); !slices.Equal(got, want) {
		t.Errorf("site folder holds %q after the fixed build, want %q", got, want)
	}
}

// TestBuildNoOffline: --no-offline writes the hosted site only, with no
// zip and no download link.
func TestBuildNoOffline(t *testing.T) {
	site := writeSite(t, goodSite)
	code, _, stderr := gloss(t, "", "build", "--site", site, "--no-offline")
	if code != 0 {
		t.Fatalf("build --no-offline: exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`^gloss: built 3 pages, \d+ files \(no offline zip\) into .*public in \S+\n$`).MatchString(stderr) {
		t.Errorf("build summary: %q", stderr)
	}
	tree := readTree(t, filepath.Join(site, "public"))
	for p, text := range tree {
		if strings.HasSuffix(p, ".zip") {
			t.Errorf("--no-offline wrote %s", p)
		}
		if strings.Contains(text, "offline use") {
			t.Errorf("%s links to an offline download", p)
		}
	}
	if _, ok := tree["notes/one/index.html"]; !ok {
		t.Error("no notes/one/index.html in public/")
	}
}

// TestBrokenLinkExit1: a symbolic link to nothing in the site is a
// content error, exit 1, printed with the site's other errors; the
// previous output stays as it was.
func TestBrokenLinkExit1(t *testing.T) {
	site := writeSite(t, goodSite+"-- content/notes/two.md --\n---\ntitle: Two\ncolour: red\n---\n")
	if err := os.Symlink("nowhere.css", filepath.Join(site, "static", "css", "extra.css")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	for _, cmd := range []string{"check", "build"} {
		code, _, stderr := gloss(t, "", cmd, "--site", site)
		if code != 1 ||
			!strings.Contains(stderr, "content/notes/two.md:3:1: error: unknown key \"colour\"") ||
			!strings.Contains(stderr, "static/css/extra.css:1:1: error: symbolic link to nowhere.css points to nothing") {
			t.Errorf("gloss %s: exit %d, want 1 with both errors:\n%s", cmd, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build wrote public/: %v", err)
	}
}

// TestIOFailureExit3: an output that cannot be written is an I/O failure,
// exit 3 with a message saying what failed, told apart from content errors
// (1) and refusals (2).
func TestIOFailureExit3(t *testing.T) {
	site := writeSite(t, goodSite)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--site", site, "--out", filepath.Join(file, "out")}, "gloss build: "},
		// A missing folder is made (as for build); one that is a file
		// cannot be.
		{[]string{"zip", "--site", site, "-o", filepath.Join(file, "site.zip")}, "gloss zip: "},
	} {
		code, _, stderr := gloss(t, "", tt.args...)
		if code != 3 || !strings.HasPrefix(stderr, tt.want) || strings.Contains(stderr, "Usage") {
			t.Errorf("gloss %q: exit %d, want 3 with a message:\n%s", tt.args, code, stderr)
		}
	}
}
