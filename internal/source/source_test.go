package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestIgnored pins the filter shared by Load and the watcher: every kind of
// editor leftover is skipped, and ordinary names that merely look like one
// are not.
func TestIgnored(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
		why  string
	}{
		// vim
		{".x.md.swp", true, "vim swap file"},
		{".x.md.swo", true, "vim second swap file"},
		{".x.md.swx", true, "vim swap probe"},
		{"x.md.swp", true, "vim swap file outside the dot convention"},
		{"4913", true, "vim's write probe"},
		{"x.md~", true, "vim/emacs backup"},
		{"x.md.~1~", true, "emacs numbered backup"},
		// emacs
		{".#x.md", true, "emacs lock link"},
		{"#x.md#", true, "emacs autosave"},
		// JetBrains safe write
		{"x.md___jb_tmp___", true, "JetBrains temporary"},
		{"x.md___jb_old___", true, "JetBrains old copy"},
		// others
		{".DS_Store", true, "macOS Finder"},
		{".goutputstream-4XK2Q1", true, "GTK/gedit atomic save"},
		{"x.md.tmp", true, "generic temporary"},
		{".hidden", true, "dotfile"},
		{".git", true, "dot folder"},
		// ordinary names
		{"x.md", false, "page"},
		{"_index.md", false, "section"},
		{"tmp.md", false, "page named tmp"},
		{"x.tmp.md", false, "tmp in the middle"},
		{"a~b.md", false, "tilde in the middle"},
		{"~a.md", false, "leading tilde"},
		{"#hash.md", false, "leading hash only"},
		{"hash#.md", false, "hash in the middle"},
		{"4913.md", false, "number-named page"},
		{"49130", false, "not vim's probe"},
		{"x.swp.md", false, "swp in the middle"},
		{"jb_tmp.md", false, "not a JetBrains suffix"},
		{"style.css", false, "static file"},
		{"DS_Store", false, "no dot"},
	} {
		if got := Ignored(tc.name); got != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v (%s)", tc.name, got, tc.want, tc.why)
		}
	}
}

// failingFS fails to open one path with an error other than
// fs.ErrNotExist, as a failing disk does.
type failingFS struct {
	fstest.MapFS
	bad string
}

var errDisk = errors.New("input/output error")

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errDisk}
	}
	return f.MapFS.Open(name)
}

// TestIOErrors: a path that cannot be read is an Error carrying the file
// system's error, which IO picks out and errors.Is finds; the site's own
// problems (a link out of it) carry none.
func TestIOErrors(t *testing.T) {
	fsys := failingFS{MapFS: fstest.MapFS{
		"content/_index.md": {Data: []byte("---\ntitle: Home\n---\n")},
		"content/a.md":      {Data: []byte("a")},
		"static/out.txt":    {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
	}, bad: "content/a.md"}
	_, err := Load(context.Background(), fsys)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("Load: %v, want two Errors", err)
	}
	if io := errs.IO(); len(io) != 1 || io[0].Path != "content/a.md" || io[0].Msg != "cannot read: input/output error" {
		t.Errorf("IO() = %v, want content/a.md alone", io)
	}
	if !errors.Is(err, errDisk) {
		t.Errorf("errors.Is(%v, the disk's error) = false", err)
	}
	for _, e := range errs {
		if e.Path == "static/out.txt" && e.Err != nil {
			t.Errorf("a link out of the site carries an I/O error: %v", e.Err)
		}
	}
}

// vanishingFS is a site whose file bad is listed, and its link resolved,
// but gone by the time it is opened: deleted between the walk and the
// read, which Load now does for all files at once after walking.
type vanishingFS struct {
	fstest.MapFS
	bad string
}

func (f vanishingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.MapFS.Open(name)
}

// TestReadAfterWalk: files are read after the walk, on all cores, yet
// each failure is reported at its own path, in the words of the link that
// led to it, and every other file is read whole.
func TestReadAfterWalk(t *testing.T) {
	files := fstest.MapFS{
		"content/_index.md": {Data: []byte("---\ntitle: Home\n---\n")},
		"content/gone.md":   {Data: []byte("../shared/gone.md"), Mode: fs.ModeSymlink},
		"shared/gone.md":    {Data: []byte("soon gone")},
	}
	for i := range 200 {
		files[fmt.Sprintf("content/p%03d.md", i)] = &fstest.MapFile{Data: []byte(strings.Repeat("x", i))}
	}
	site, err := Load(context.Background(), vanishingFS{MapFS: files, bad: "shared/gone.md"})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("Load: %v, want one Error", err)
	}
	if e := errs[0]; e.Path != "content/gone.md" || e.Msg != "symbolic link to ../shared/gone.md points to nothing" {
		t.Errorf("the vanished file's Error is %q", e)
	}
	if len(site.Content) != 201 {
		t.Fatalf("%d content files read, want 201", len(site.Content))
	}
	for i, f := range site.Content[1:] {
		if want := fmt.Sprintf("content/p%03d.md", i); f.Path != want || len(f.Data) != i {
			t.Errorf("content file %d is %s with %d bytes, want %s with %d", i, f.Path, len(f.Data), want, i)
		}
	}
}
