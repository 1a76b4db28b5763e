package sitetest_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/sitetest"
)

func TestParseAndAdd(t *testing.T) {
	fsys := sitetest.Parse("comment\n-- content/_index.md --\nhome\n-- static/.nojekyll --\n")
	if got := string(fsys["content/_index.md"].Data); got != "home\n" {
		t.Errorf("content/_index.md = %q", got)
	}
	if f := fsys["static/.nojekyll"]; f == nil || len(f.Data) != 0 || !f.ModTime.Equal(sitetest.ModTime) {
		t.Errorf("static/.nojekyll = %+v, want empty with ModTime", f)
	}
	if n := sitetest.Add(fsys, "-- content/_index.md --\nnew home\n-- content/a.md --\na\n"); n != 2 {
		t.Errorf("Add returned %d, want 2", n)
	}
	if got := string(fsys["content/_index.md"].Data); got != "new home\n" || len(fsys) != 3 {
		t.Errorf("after Add: home %q, %d files", got, len(fsys))
	}
	if n := sitetest.Add(fsys, "no files here\n"); n != 0 {
		t.Errorf("Add of an archive with no files returned %d", n)
	}
}

func TestAddRepo(t *testing.T) {
	fsys := sitetest.Parse("-- layouts/page.html --\nmine\n")
	sitetest.AddRepo(t, fsys, "layouts")
	if _, ok := fsys["layouts/_base.html"]; !ok {
		t.Error("this repository's layouts/_base.html was not added")
	}
	for name := range fsys {
		if !strings.HasPrefix(name, "layouts/") {
			t.Errorf("%s added from outside layouts/", name)
		}
	}
	if site := sitetest.RepoSite(t); site["content/_index.md"] == nil || site["go.mod"] != nil {
		t.Error("RepoSite should hold content/_index.md and nothing outside the site's folders")
	}
}

func TestWriteAndReadTree(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteArchive(t, dir, "-- content/_index.md --\nhome\n-- content/a/b.md --\nb\n")
	got := map[string]string{}
	for p, data := range sitetest.ReadTree(t, dir) {
		got[p] = string(data)
	}
	want := map[string]string{"content/": "", "content/a/": "", "content/_index.md": "home\n", "content/a/b.md": "b\n"}
	if !maps.Equal(got, want) {
		t.Errorf("ReadTree = %q, want %q", got, want)
	}
	copied := sitetest.ReadTree(t, sitetest.CopyRepo(t))
	_, layouts := copied["layouts/_base.html"]
	if copied["content/_index.md"] == nil || !layouts {
		t.Error("CopyRepo did not copy the site's content and layouts")
	}
	if _, ok := copied["go.mod"]; ok {
		t.Error("CopyRepo copied go.mod, which is not part of the site")
	}
}

// TestOnlyTestsImport keeps the package comment true: no file of the
// gloss binary imports sitetest.
func TestOnlyTestsImport(t *testing.T) {
	root := sitetest.Root(t)
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || filepath.Base(filepath.Dir(p)) == "sitetest" {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if strings.HasSuffix(imp.Path.Value, "/internal/sitetest\"") {
				t.Errorf("%s imports sitetest, which only tests may", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
