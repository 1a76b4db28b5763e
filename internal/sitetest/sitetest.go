// Package sitetest is the shared test harness for small sites: a site is
// one txtar archive (paths relative to the site: content/…, layouts/…,
// static/…) read into an fstest.MapFS, optionally with this repository's
// own layouts, static files or content added, and written to or read back
// from disk when a test needs real files.
//
// Only _test.go files import this package; it is not part of the gloss
// binary. It depends on no gloss package but the theme (which depends on
// none), so that any stage's tests can use it without an import cycle.
package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gloss-ssg/gloss/internal/theme"
	"golang.org/x/tools/txtar"
)

// ModTime is the modification time of every file Parse and Add make: a
// fixed one, so that nothing in a test depends on when it ran.
var ModTime = time.Unix(1_600_000_000, 0)

// Parse returns the files of a txtar archive as a MapFS.
func Parse(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	Add(fsys, archive)
	return fsys
}

// Add writes every file of a txtar archive into fsys, replacing files of
// the same name, and returns how many files the archive held.
func Add(fsys fstest.MapFS, archive string) int {
	a := txtar.Parse([]byte(archive))
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644, ModTime: ModTime}
	}
	return len(a.Files)
}

// ParseFile reads a txtar archive from a file (such as one in testdata)
// and returns its files as a MapFS.
func ParseFile(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(data))
}

// Root returns this repository's root folder: the nearest folder above the
// test's working folder (its package's folder) that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's working folder")
		}
		dir = up
	}
}

// AddRepo adds the files of some of this repository's top-level folders
// (such as "layouts" and "static") to fsys, under the same paths. For the
// folders the default theme provides, that is the theme's files with the
// repository's own over them, as a build sees them.
func AddRepo(t testing.TB, fsys fstest.MapFS, folders ...string) {
	t.Helper()
	site := theme.Overlay(os.DirFS(Root(t)))
	for _, folder := range folders {
		err := fs.WalkDir(site, folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// RepoSite returns this repository's own site (content, layouts, static)
// as a MapFS, for tests that build it with changed settings or files.
func RepoSite(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	AddRepo(t, fsys, "content", "layouts", "static")
	return fsys
}

// CopyRepo copies this repository's own site (content, layouts, static,
// with the default theme's files it does not override) into a new
// temporary folder and returns it, for tests that edit files on
// disk.
func CopyRepo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	site := theme.Overlay(os.DirFS(Root(t)))
	for _, top := range []string{"content", "layouts", "static"} {
		sub, err := fs.Sub(site, top)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(filepath.Join(dir, top), sub); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Write writes every file of fsys under dir, making folders as needed.
func Write(t testing.TB, fsys fstest.MapFS, dir string) {
	t.Helper()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// WriteArchive writes the files of a txtar archive under dir, replacing
// files of the same name.
func WriteArchive(t testing.TB, dir, archive string) {
	t.Helper()
	Write(t, Parse(archive), dir)
}

// ReadTree returns every file under root by slash path, and every folder
// below root with a trailing slash and nil data, so that empty folders
// count too.
func ReadTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	tree := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			tree[rel+"/"] = nil
			return nil
		}
		data, err := os.ReadFile(p)
		tree[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
