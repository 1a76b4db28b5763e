package theme

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/source"
)

func TestOverlaySiteWins(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":  {Data: []byte("---\ntitle: T\n---\n")},
		"layouts/page.html":  {Data: []byte("mine")},
		"static/css/own.css": {Data: []byte("own")},
	}
	o := Overlay(site)
	if got, err := fs.ReadFile(o, "layouts/page.html"); err != nil || string(got) != "mine" {
		t.Errorf("layouts/page.html = %q, %v; want the site's", got, err)
	}
	want, err := fs.ReadFile(FS(), "layouts/_base.html")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fs.ReadFile(o, "layouts/_base.html"); err != nil || string(got) != string(want) {
		t.Errorf("layouts/_base.html: %v; want the theme's", err)
	}
	if _, err := fs.ReadFile(o, "content/none.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("content is the site's alone: %v", err)
	}
	// The theme provides nothing outside layouts/ and static/.
	if _, err := fs.Stat(o, "theme.go"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("theme.go: %v", err)
	}
}

func TestOverlayMergesListings(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":   {Data: []byte("x")},
		"notes.txt":           {Data: []byte("x")},
		"static/css/own.css":  {Data: []byte("own")},
		"static/css/site.css": {Data: []byte("mine")},
	}
	o := Overlay(site)
	names := func(dir string) []string {
		t.Helper()
		es, err := fs.ReadDir(o, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	if got := names("."); !slices.Equal(got, []string{"content", "layouts", "notes.txt", "static"}) {
		t.Errorf("root lists %v", got)
	}
	css := names("static/css")
	if !slices.Contains(css, "own.css") || !slices.Contains(css, "print.css") || !slices.IsSorted(css) {
		t.Errorf("static/css lists %v: want the site's and the theme's, sorted", css)
	}
	if n := len(css); n != len(slices.Compact(slices.Clone(css))) {
		t.Errorf("static/css lists a name twice: %v", css)
	}
	if got, _ := fs.ReadFile(o, "static/css/site.css"); string(got) != "mine" {
		t.Errorf("static/css/site.css = %.20q, want the site's", got)
	}
	// Walking sees every theme file once, through Open of merged folders too.
	var walked []string
	if err := fs.WalkDir(o, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var layouts []string
	for _, f := range Files() {
		if filepath.Dir(f) != "." && f[:len("layouts/")] == "layouts/" {
			layouts = append(layouts, f)
		}
	}
	if !slices.Equal(walked, layouts) {
		t.Errorf("walking layouts/ found %v, want %v", walked, layouts)
	}
	f, err := o.Open("static/css")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := f.(fs.ReadDirFile).ReadDir(-1)
	if err != nil || len(es) != len(css) {
		t.Errorf("Open(static/css).ReadDir = %d entries, %v; want %d", len(es), err, len(css))
	}
}

// The site's symbolic links reach the source reader as links, so that it
// can refuse those that leave the site, and a site link hides the theme's
// file of that name even when it points to nothing.
func TestOverlayPassesLinksThrough(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "layouts", "page.html")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink("missing.html", filepath.Join(dir, "layouts", "404.html")); err != nil {
		t.Fatal(err)
	}
	o := Overlay(os.DirFS(dir))
	rl, ok := o.(fs.ReadLinkFS)
	if !ok {
		t.Fatal("the overlay does not implement fs.ReadLinkFS")
	}
	info, err := rl.Lstat("layouts/page.html")
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("Lstat(layouts/page.html) = %v, %v; want the site's link", info, err)
	}
	if target, err := rl.ReadLink("layouts/page.html"); err != nil || target != "/etc/passwd" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	if _, err := fs.ReadFile(o, "layouts/404.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a site link to nothing gave %v; want not-exist, not the theme's file", err)
	}
	// And so the source reader still refuses the link that leaves the site.
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = source.Load(context.Background(), o)
	var errs source.Errors
	if !errors.As(err, &errs) || len(errs) == 0 || errs[0].Path != "layouts/404.html" && errs[0].Path != "layouts/page.html" {
		t.Errorf("source.Load = %v; want the site's links refused", err)
	} else if msg := err.Error(); !strings.Contains(msg, "layouts/page.html: symbolic link to /etc/passwd leaves the site") {
		t.Errorf("source.Load = %v; want layouts/page.html refused as leaving the site", err)
	}
	// The theme's own files are plain files to Lstat.
	if info, err := rl.Lstat("layouts/_base.html"); err != nil || !info.Mode().IsRegular() {
		t.Errorf("Lstat(layouts/_base.html) = %v, %v", info, err)
	}
	if info, err := rl.Lstat("static"); err != nil || !info.IsDir() {
		t.Errorf("Lstat(static) = %v, %v; want the theme's folder", info, err)
	}
}

func TestFilesHasTheTheme(t *testing.T) {
	fs := Files()
	for _, want := range []string{"layouts/_base.html", "layouts/home.html", "layouts/_partials/search.html", "static/css/site.css", "static/js/search.js"} {
		if !slices.Contains(fs, want) {
			t.Errorf("the theme lacks %s", want)
		}
	}
}

// The dev server re-reads a changed path through the overlay: when the
// site's override is deleted, the theme's file takes its place.
func TestOverlayUpdateFallsBackToTheme(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "layouts", "page.html")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := Overlay(os.DirFS(dir))
	files := map[string][]byte{}
	if err := source.Update(context.Background(), o, files, nil, []string{"layouts/page.html"}); err != nil {
		t.Fatal(err)
	}
	if string(files["layouts/page.html"]) != "mine" {
		t.Fatalf("before: %.20q, want the site's", files["layouts/page.html"])
	}
	if err := os.Remove(mine); err != nil {
		t.Fatal(err)
	}
	if err := source.Update(context.Background(), o, files, nil, []string{"layouts/page.html"}); err != nil {
		t.Fatal(err)
	}
	want, _ := fs.ReadFile(FS(), "layouts/page.html")
	if string(files["layouts/page.html"]) != string(want) {
		t.Errorf("after deleting the override: %.20q, want the theme's", files["layouts/page.html"])
	}
}

// A site whose layouts/ is a link to a folder inside it still gets the
// theme's files that folder lacks.
func TestOverlayMergesUnderLinkedFolder(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared", "layouts")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shared, "page.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("shared/layouts", filepath.Join(dir, "layouts")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := source.Load(context.Background(), Overlay(os.DirFS(dir)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range s.Layouts {
		got[f.Path] = string(f.Data)
	}
	if got["layouts/page.html"] != "mine" {
		t.Errorf("layouts/page.html = %.20q, want the site's", got["layouts/page.html"])
	}
	want, _ := fs.ReadFile(FS(), "layouts/_base.html")
	if got["layouts/_base.html"] != string(want) {
		t.Errorf("layouts/_base.html missing under the linked folder; read %d layouts", len(got))
	}
}

// TestMinifiedIsCurrent checks that the minified copies of the theme's
// stylesheets and scripts are what minifying them gives today, and that
// every one has a copy: otherwise run go generate ./internal/
func TestMinifiedIsCurrent(t *testing.T) {
	n := 0
	for _, p := range Files() {
		rel, ok := strings.CutPrefix(p, "static/")
		if !ok || !assets.Processed(rel) {
			continue
		}
		n++
		data, err := fs.ReadFile(FS(), p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := assets.Minify(rel, data)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := Minified(rel, data)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: the minified copy is missing or stale: run go generate ./internal/theme", p)
		}
		if _, ok := Minified(rel, append(data, ' ')); ok {
			t.Errorf("%s: a changed file was taken for the theme's", p)
		}
	}
	if n == 0 {
		t.Fatal("no stylesheet or script in the theme")
	}
}
