package source

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// site makes a site folder inside a fresh temporary folder, which also
// holds secret.txt beside the site: what a link must never reach. files
// maps site paths to contents; links maps site paths to link targets.
func site(t *testing.T, files map[string]string, links map[string]string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("TOKEN=secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "site")
	write := func(p string, data []byte) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md", []byte("---\ntitle: Home\n---\n"))
	for p, data := range files {
		write(p, []byte(data))
	}
	for p, target := range links {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, full); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// problems returns Load's Errors as "path: message" lines.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Load: %v, want Errors", err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Error())
	}
	return out
}

func paths(s *Site) []string {
	var out []string
	for _, g := range [][]File{s.Content, s.Layouts, s.Static} {
		for _, f := range g {
			out = append(out, f.Path)
		}
	}
	return out
}

// TestLinksOutOfTheSite: every way out of the site folder is refused at
// the link, naming its target, and nothing of the target is read.
func TestLinksOutOfTheSite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		links  map[string]string
		want   []string
		reason string
	}{
		{"proc", nil, map[string]string{"static/env.txt": "/proc/self/environ"},
			[]string{"static/env.txt: symbolic link to /proc/self/environ leaves the site; gloss reads only files inside the site folder"}, "the build's environment"},
		{"etc in content", nil, map[string]string{"content/passwd.md": "/etc/passwd"},
			[]string{"content/passwd.md: symbolic link to /etc/passwd leaves the site; gloss reads only files inside the site folder"}, "an absolute path"},
		{"device", nil, map[string]string{"static/zero.bin": "/dev/zero"},
			[]string{"static/zero.bin: symbolic link to /dev/zero leaves the site; gloss reads only files inside the site folder"}, "would never end"},
		{"climbing out", nil, map[string]string{"static/s.txt": "../../secret.txt"},
			[]string{"static/s.txt: symbolic link to ../../secret.txt leaves the site; gloss reads only files inside the site folder"}, "a relative path"},
		{"folder out", nil, map[string]string{"static/up": "../.."},
			[]string{"static/up: symbolic link to ../.. leaves the site; gloss reads only files inside the site folder"}, "a folder"},
		{"through a linked folder", nil, map[string]string{"static/c": "../content", "static/s.txt": "c/../../secret.txt"},
			// Read as text, c/../../secret.txt is the site's own
			// secret.txt; c is content/, so it is the one beside the site.
			[]string{"static/s.txt: symbolic link to c/../../secret.txt leaves the site; gloss reads only files inside the site folder"}, ".. after a link"},
		{"dangling", nil, map[string]string{"static/gone.css": "nowhere.css"},
			[]string{"static/gone.css: symbolic link to nowhere.css points to nothing"}, "dangling file"},
		{"dangling folder", nil, map[string]string{"static/img": "../pictures"},
			[]string{"static/img: symbolic link to ../pictures points to nothing"}, "dangling folder"},
		{"loop", nil, map[string]string{"static/a": "b", "static/b": "a"},
			[]string{"static/a: symbolic link to b loops", "static/b: symbolic link to a loops"}, "two links to each other"},
		{"folder loop", map[string]string{"static/d/x.txt": "x"}, map[string]string{"static/d/back": ".."},
			[]string{"static/d/back: symbolic link to .. loops back to static, which holds it"}, "a folder inside itself"},
		{"site folder", nil, map[string]string{"static/all": ".."},
			[]string{"static/all: symbolic link to .. names the site folder itself"}, "the whole site"},
		{"hidden", map[string]string{".env": "TOKEN=x"}, map[string]string{"static/env.txt": "../.env"},
			[]string{"static/env.txt: symbolic link to ../.env reaches the hidden .env, which gloss never publishes"}, "a dotfile of the site"},
		{"content folder", nil, map[string]string{"layouts": "/etc"},
			[]string{"layouts: symbolic link to /etc leaves the site; gloss reads only files inside the site folder"}, "a source folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := site(t, tc.files, tc.links)
			s, err := Load(context.Background(), os.DirFS(dir))
			if got := problems(t, err); !slices.Equal(got, tc.want) {
				t.Errorf("%s:\ngot  %q\nwant %q", tc.reason, got, tc.want)
			}
			for _, g := range [][]File{s.Content, s.Layouts, s.Static} {
				for _, f := range g {
					if strings.Contains(string(f.Data), "TOKEN") || !slices.Contains([]string{"content/_index.md", "static/d/x.txt", "static/c/_index.md"}, f.Path) {
						t.Errorf("read %s (%q)", f.Path, f.Data)
					}
				}
			}
		})
	}
}

// TestLinksInsideTheSite: a link that stays inside the site is read under
// its own name, a linked folder as if its files were under the link.
func TestLinksInsideTheSite(t *testing.T) {
	dir := site(t, map[string]string{
		"static/css/site.css":  "body{}",
		"shared/logo.svg":      "<svg/>",
		"shared/icons/a.svg":   "<svg id=a/>",
		"content/notes/one.md": "---\ntitle: One\n---\n",
	}, map[string]string{
		"static/style.css":     "css/site.css",
		"static/logo.svg":      "../shared/logo.svg",
		"static/icons":         "../shared/icons",
		"content/again":        "notes",
		"static/chain.svg":     "logo.svg", // a link to a link
		"static/css/up/x.css":  "../site.css",
		"layouts/partials/.sw": "../../static/css/site.css",
	})
	s, err := Load(context.Background(), os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range [][]File{s.Content, s.Layouts, s.Static} {
		for _, f := range g {
			got[f.Path] = string(f.Data)
		}
	}
	want := map[string]string{
		"content/_index.md":    "---\ntitle: Home\n---\n",
		"content/notes/one.md": "---\ntitle: One\n---\n",
		"content/again/one.md": "---\ntitle: One\n---\n",
		"static/css/site.css":  "body{}",
		"static/style.css":     "body{}",
		"static/logo.svg":      "<svg/>",
		"static/chain.svg":     "<svg/>",
		"static/icons/a.svg":   "<svg id=a/>",
		"static/css/up/x.css":  "body{}",
	}
	for p, data := range want {
		if got[p] != data {
			t.Errorf("%s = %q, want %q", p, got[p], data)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("read %s, which is not part of the site", p)
		}
	}
}

// TestHiddenStaticFiles: .well-known/ and .nojekyll are published; other
// hidden files of static/ are listed for a warning; leftovers and hidden
// files elsewhere are skipped without one.
func TestHiddenStaticFiles(t *testing.T) {
	dir := site(t, map[string]string{
		"static/.well-known/security.txt": "Contact: x",
		"static/.nojekyll":                "",
		"static/.htaccess":                "Deny",
		"static/private/.secret":          "x",
		"static/.cache/a":                 "x",
		"static/.DS_Store":                "x",
		"static/.gitkeep":                 "",
		"static/css/.site.css.swp":        "x",
		"static/css/site.css~":            "x",
		"static/sub/.nojekyll":            "",
		"content/.draft.md":               "x",
		"layouts/.old.html":               "x",
	}, nil)
	s, err := Load(context.Background(), os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(s), []string{"content/_index.md", "static/.nojekyll", "static/.well-known/security.txt"}; !slices.Equal(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
	if want := []string{"static/.cache", "static/.htaccess", "static/private/.secret", "static/sub/.nojekyll"}; !slices.Equal(s.Hidden, want) {
		t.Errorf("hidden %q, want %q", s.Hidden, want)
	}
	for p, want := range map[string]bool{
		"static/.well-known": false, "static/.well-known/security.txt": false, "static/.nojekyll": false,
		"static/.htaccess": true, "static/sub/.nojekyll": true, "static/.well-known/.x": true,
		"content/.well-known/x": true, "content/a.md": false,
	} {
		if got := Skipped(p); got != want {
			t.Errorf("Skipped(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestUpdateLinks: the dev server's partial reads apply the same rules.
func TestUpdateLinks(t *testing.T) {
	dir := site(t, map[string]string{"static/a.css": "a{}"}, nil)
	fsys := os.DirFS(dir)
	s, err := Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range s.Static {
		files[f.Path] = f.Data
	}
	keep := files["static/a.css"]
	if err := os.Symlink("/proc/self/environ", filepath.Join(dir, "static", "env.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.css", filepath.Join(dir, "static", "b.css")); err != nil {
		t.Fatal(err)
	}
	err = Update(context.Background(), fsys, files, nil, []string{"static"})
	want := []string{"static/env.txt: symbolic link to /proc/self/environ leaves the site; gloss reads only files inside the site folder"}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := SortedPaths(files); !slices.Equal(got, []string{"static/a.css", "static/b.css"}) {
		t.Errorf("files %q", got)
	}
	if &files["static/a.css"][0] != &keep[0] {
		t.Error("static/a.css read again with the same bytes, but not kept")
	}
	err = Update(context.Background(), fsys, files, nil, []string{"static/env.txt"})
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("the link alone: got %q, want %q", got, want)
	}
}

// TestLinked: a changed path at, below or above what a link stands for
// brings the link with it, once; other paths come back as they were.
func TestLinked(t *testing.T) {
	links := map[string]string{
		"content/again":   "content/notes",
		"static/logo.svg": "shared/logo.svg",
	}
	for _, c := range []struct{ changed, want []string }{
		{[]string{"content/notes/one.md"}, []string{"content/again", "content/notes/one.md"}},
		{[]string{"content/notes"}, []string{"content/again", "content/notes"}},
		{[]string{"content"}, []string{"content", "content/again"}},
		{[]string{"shared/logo.svg", "static/x.css"}, []string{"shared/logo.svg", "static/logo.svg", "static/x.css"}},
		{[]string{"content/notesx.md", "static/logo.svg"}, []string{"content/notesx.md", "static/logo.svg"}},
		{[]string{"content/again/one.md"}, []string{"content/again/one.md"}}, // named through the link
	} {
		if got := Linked(links, c.changed); !slices.Equal(got, c.want) {
			t.Errorf("Linked(%q) = %q, want %q", c.changed, got, c.want)
		}
	}
	// content/ itself a link: the watcher names content/shared.md, which
	// is pages/shared.md, what content/alias.md stands for.
	top := map[string]string{"content": "pages", "content/alias.md": "pages/shared.md"}
	if got, want := Linked(top, []string{"content/shared.md"}), []string{"content/alias.md", "content/shared.md"}; !slices.Equal(got, want) {
		t.Errorf("under a linked content/: %q, want %q", got, want)
	}
}

// TestUpdateFollowsLinks: Load lists the links it followed; Update keeps
// that list as links come, go or change target, and reads a link again,
// whole, when Linked names it for an edit of what it points to.
func TestUpdateFollowsLinks(t *testing.T) {
	dir := site(t, map[string]string{
		"content/notes/one.md": "one",
		"content/shared.md":    "shared",
	}, map[string]string{
		"content/again":    "notes",
		"content/alias.md": "shared.md",
	})
	fsys := os.DirFS(dir)
	s, err := Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	wantLinks := map[string]string{"content/again": "content/notes", "content/alias.md": "content/shared.md"}
	if !maps.Equal(s.Links, wantLinks) {
		t.Fatalf("Load's links %v, want %v", s.Links, wantLinks)
	}
	files := map[string][]byte{}
	for _, f := range s.Content {
		files[f.Path] = f.Data
	}
	links := maps.Clone(s.Links)
	update := func(changed ...string) {
		t.Helper()
		if err := Update(context.Background(), fsys, files, links, Linked(links, changed)); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An edit of a linked file, a file new in a linked folder, a file gone
	// from it: what the watcher reports is the target's path.
	write("content/shared.md", "shared, edited")
	write("content/notes/two.md", "two")
	if err := os.Remove(filepath.Join(dir, "content", "notes", "one.md")); err != nil {
		t.Fatal(err)
	}
	update("content/shared.md", "content/notes/two.md", "content/notes/one.md")
	want := map[string]string{
		"content/_index.md":    "---\ntitle: Home\n---\n",
		"content/shared.md":    "shared, edited",
		"content/alias.md":     "shared, edited",
		"content/notes/two.md": "two",
		"content/again/two.md": "two",
	}
	got := map[string]string{}
	for p, data := range files {
		got[p] = string(data)
	}
	if !maps.Equal(got, want) {
		t.Errorf("after the edits: %v, want %v", got, want)
	}
	// A link given another target, and one removed.
	if err := os.Remove(filepath.Join(dir, "content", "alias.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("notes/two.md", filepath.Join(dir, "content", "alias.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "again")); err != nil {
		t.Fatal(err)
	}
	update("content/alias.md", "content/again")
	if want := map[string]string{"content/alias.md": "content/notes/two.md"}; !maps.Equal(links, want) {
		t.Errorf("links now %v, want %v", links, want)
	}
	if string(files["content/alias.md"]) != "two" || files["content/again/two.md"] != nil {
		t.Errorf("alias.md %q, again/two.md %q", files["content/alias.md"], files["content/again/two.md"])
	}
	// A file read through a linked folder is not a link of its own, and
	// a problem below a folder also named is reported once.
	if err := os.Symlink("notes", filepath.Join(dir, "content", "again")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("gone.md", filepath.Join(dir, "content", "notes", "bad.md")); err != nil {
		t.Fatal(err)
	}
	err = Update(context.Background(), fsys, files, links, []string{"content/again/two.md", "content/again", "content/notes/bad.md", "content/notes"})
	wantErrs := []string{
		"content/again/bad.md: symbolic link to gone.md points to nothing",
		"content/notes/bad.md: symbolic link to gone.md points to nothing",
	}
	if got := problems(t, err); !slices.Equal(got, wantErrs) {
		t.Errorf("problems %q, want %q", got, wantErrs)
	}
	if want := map[string]string{"content/alias.md": "content/notes/two.md", "content/again": "content/notes"}; !maps.Equal(links, want) {
		t.Errorf("links now %v, want %v", links, want)
	}
}
