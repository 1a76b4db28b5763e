package source_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"testing/fstest"
	"unsafe"

	"github.com/gloss-ssg/gloss/internal/sitetest"
	"github.com/gloss-ssg/gloss/internal/source"
)

func paths(files []source.File) []string {
	out := []string{}
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

// loadSite is what TestLoad reads: pages, bundles, editor leftovers and
// hidden files in every folder, files outside the three folders, written
// out of order.
const loadSite = `
-- content/z.md --
z
-- content/_index.md --
home
-- content/a.md --
a page
-- content/a/index.md --
a bundle of the same name: both are read, graph reports the clash
-- content/a/map.png --
png
-- content/.x.md.swp --
vim swap
-- content/b.md~ --
backup
-- content/#b.md# --
emacs autosave
-- content/4913 --
vim probe
-- content/c.md.tmp --
temporary
-- content/.git/config --
a hidden folder
-- content/notes/x.md___jb_tmp___ --
JetBrains
-- content/notes/tmp.md --
an ordinary page named tmp
-- layouts/page.html --
page
-- layouts/_base.html --
base
-- layouts/.page.html.swp --
swap
-- static/css/site.css --
css
-- static/.nojekyll --
-- static/.well-known/security.txt --
contact
-- static/.htaccess --
hidden, published nowhere, warned about
-- static/.env --
hidden
-- static/.DS_Store --
a leftover: skipped without a word
-- static/css/.site.css.swp --
a leftover
-- README.md --
outside the site's folders
-- public/index.html --
output
`

func TestLoad(t *testing.T) {
	s, err := source.Load(context.Background(), sitetest.Parse(loadSite))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		what string
		got  []string
		want []string
	}{
		{"content", paths(s.Content), []string{"content/_index.md", "content/a.md", "content/a/index.md", "content/a/map.png", "content/notes/tmp.md", "content/z.md"}},
		{"layouts", paths(s.Layouts), []string{"layouts/_base.html", "layouts/page.html"}},
		{"static", paths(s.Static), []string{"static/.nojekyll", "static/.well-known/security.txt", "static/css/site.css"}},
		{"hidden", s.Hidden, []string{"static/.env", "static/.htaccess"}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.what, tt.got, tt.want)
		}
	}
	if len(s.Content) > 1 && string(s.Content[1].Data) != "a page\n" {
		t.Errorf("content/a.md holds %q", s.Content[1].Data)
	}
}

func TestLoadFolders(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		err  string // "" for none
	}{
		{"only content/", fstest.MapFS{"content/_index.md": {Data: []byte("x")}}, ""},
		{"no content/", fstest.MapFS{"layouts/page.html": {Data: []byte("x")}}, "no content/ folder: is this a gloss site?"},
		{"content is a file", fstest.MapFS{"content": {Data: []byte("x")}}, "content: not a folder"},
		{"static is a file", fstest.MapFS{"content/_index.md": {Data: []byte("x")}, "static": {Data: []byte("x")}}, "static: not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := source.Load(context.Background(), tt.fsys)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Fatalf("error %q, want %q", got, tt.err)
			}
			var es source.Errors
			if tt.err != "" && tt.name != "no content/" && (!errors.As(err, &es) || s == nil) {
				t.Errorf("a problem with one path should come back as Errors with the site; got %T, site %v", err, s)
			}
			if tt.err == "" && (len(s.Content) != 1 || len(s.Layouts) != 0 || len(s.Static) != 0) {
				t.Errorf("site %+v, want one content file", s)
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	fsys := sitetest.Parse(`
-- content/_index.md --
home
-- content/a.md --
a
-- content/b.md --
b
-- static/img/x.png --
x
`)
	s, err := source.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, group := range [][]source.File{s.Content, s.Layouts, s.Static} {
		for _, f := range group {
			files[f.Path] = f.Data
		}
	}
	sameA, sameHome := files["content/a.md"], files["content/_index.md"]

	// b.md changes, a.md is named but unchanged, static/img goes away,
	// a new folder and an editor leftover arrive, and a path outside the
	// site is named.
	sitetest.Add(fsys, "-- content/b.md --\nb, edited\n-- content/new/one.md --\none\n-- content/new/.one.md.swp --\nswap\n-- README.md --\nreadme\n")
	delete(fsys, "static/img/x.png")
	if err := source.Update(context.Background(), fsys, files, nil, []string{"content/a.md", "content/b.md", "static/img", "content/new", "content/new/.one.md.swp", "README.md"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"content/_index.md", "content/a.md", "content/b.md", "content/new/one.md"}
	if got := source.SortedPaths(files); !slices.Equal(got, want) {
		t.Errorf("files after Update:\ngot  %q\nwant %q", got, want)
	}
	if string(files["content/b.md"]) != "b, edited\n" {
		t.Errorf("content/b.md = %q", files["content/b.md"])
	}
	// Unchanged files keep their very slices, named or not, so that later
	// stages can tell them unchanged without comparing bytes.
	if unsafe.SliceData(files["content/a.md"]) != unsafe.SliceData(sameA) {
		t.Error("content/a.md was read again with the same bytes but is a new slice")
	}
	if unsafe.SliceData(files["content/_index.md"]) != unsafe.SliceData(sameHome) {
		t.Error("content/_index.md, not named, is a new slice")
	}

	site := source.FromMap(files, source.SortedPaths(files))
	if got := paths(site.Content); !slices.Equal(got, want) {
		t.Errorf("FromMap: content %q", got)
	}
}

func TestSkipped(t *testing.T) {
	for p, want := range map[string]bool{
		"content/a.md":                     false,
		"content/.git/config":              true,
		"content/notes/.a.md.swp":          true,
		"static/.well-known/x.txt":         false,
		"static/.nojekyll":                 false,
		"static/css/.well-known/x":         true,
		"content/.well-known/x":            true,
		"static/.htaccess":                 true,
		"layouts/partials/x.html~":         true,
		"content/principles/tmp.md":        false,
		"content/principles/4913/x.md":     true,
		"content/principles/a.md.tmp":      true,
		"content/principles/x___jb_old___": true,
	} {
		if got := source.Skipped(p); got != want {
			t.Errorf("Skipped(%q) = %v, want %v", p, got, want)
		}
	}
}

// cancelOnOpen cancels a context when its file named name is opened.
type cancelOnOpen struct {
	fs.FS
	name   string
	cancel context.CancelFunc
}

func (c cancelOnOpen) Open(name string) (fs.File, error) {
	if name == c.name {
		c.cancel()
	}
	return c.FS.Open(name)
}

// TestCancelled checks that Load and Update stop when their context
// ends, with its error alone, and that Update leaves the folder it was
// reading when it ended as it was.
func TestCancelled(t *testing.T) {
	fsys := sitetest.Parse("-- content/_index.md --\nhome\n-- content/new/a.md --\nnew a\n-- content/new/b.md --\nb\n")
	ctx, cancel := context.WithCancel(context.Background())
	if s, err := source.Load(ctx, cancelOnOpen{fsys, "content/new/a.md", cancel}); !errors.Is(err, context.Canceled) || s != nil {
		t.Errorf("Load, cancelled: %v, %v", s, err)
	}
	files := map[string][]byte{"content/_index.md": []byte("home\n"), "content/new/a.md": []byte("old a\n")}
	before := maps.Clone(files)
	ctx, cancel = context.WithCancel(context.Background())
	if err := source.Update(ctx, cancelOnOpen{fsys, "content/new/b.md", cancel}, files, nil, []string{"content/new"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Update, cancelled: %v", err)
	}
	if !maps.EqualFunc(files, before, bytes.Equal) {
		t.Errorf("a cancelled Update changed the files: %q", files)
	}
}
