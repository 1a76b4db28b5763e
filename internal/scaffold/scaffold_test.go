package scaffold_test

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/scaffold"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// unchanged fails the test unless the tree under root is byte for byte
// what it was.
func unchanged(t *testing.T, root string, before map[string][]byte) {
	t.Helper()
	if after := sitetest.ReadTree(t, root); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Errorf("the files under %s changed:\nbefore %v\nafter  %v", root,
			slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
}

func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteArchive(t, dir, `
-- content/_index.md --
---
title: Home
---
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/one.md --
---
title: One
---
-- content/notes/two/index.md --
---
title: Two
---
-- layouts/page.html --
mine
`)
	return dir
}

func TestEject(t *testing.T) {
	dir := site(t)
	got, err := scaffold.Eject(dir, "base.html")
	if want := filepath.Join(dir, "layouts", "_base.html"); err == nil || got != "" {
		// "base.html" is the end of no theme file's name ("_base.html").
		t.Errorf("Eject(base.html) = %q, %v; want a bad request (the file is %s)", got, err, want)
	}
	var bad *scaffold.BadRequest
	if !errors.As(err, &bad) {
		t.Errorf("Eject(base.html): %T, want *BadRequest", err)
	}
	got, err = scaffold.Eject(dir, "_partials/nav.html")
	if want := filepath.Join(dir, "layouts", "_partials", "nav.html"); err != nil || got != want {
		t.Fatalf("Eject = %q, %v; want %s", got, err, want)
	}
	before := sitetest.ReadTree(t, dir)
	_, err = scaffold.Eject(dir, "layouts/page.html") // the site's own
	var refusal *scaffold.Refusal
	if !errors.As(err, &refusal) || refusal.Hint == "" {
		t.Errorf("Eject over the site's page.html: %v; want a refusal that says how to go on", err)
	}
	unchanged(t, dir, before)
}

// A layouts/ or a folder in it that is a link out of the site is refused:
// builds read no file there, and the theme file would land in someone
// else's folder.
func TestEjectRefusesLinkOutOfSite(t *testing.T) {
	for _, link := range []string{"layouts", "layouts/_partials"} {
		t.Run(link, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteArchive(t, dir, "-- content/_index.md --\n---\ntitle: Home\n---\n-- layouts/page.html --\nmine\n")
			outside := t.TempDir()
			if err := os.WriteFile(filepath.Join(outside, "theirs.txt"), []byte("theirs"), 0o644); err != nil {
				t.Fatal(err)
			}
			at := filepath.Join(dir, filepath.FromSlash(link))
			if link == "layouts" {
				if err := os.RemoveAll(at); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(outside, at); err != nil {
				t.Fatal(err)
			}
			before := sitetest.ReadTree(t, outside)
			_, err := scaffold.Eject(dir, "_partials/nav.html")
			var refusal *scaffold.Refusal
			if !errors.As(err, &refusal) {
				t.Fatalf("Eject through %s, a link out of the site: %v; want a refusal", link, err)
			}
			unchanged(t, outside, before)
		})
	}
}

func TestNewPage(t *testing.T) {
	today := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		section, slug string
		want          any // the error's type, or nil
	}{
		{"notes", "three", nil},
		{"notes", "one", &scaffold.Refusal{}},      // there already
		{"notes", "two", &scaffold.Refusal{}},      // there as two/index.md
		{".", "notes", &scaffold.Refusal{}},        // the section content/notes/
		{"notes", "index", &scaffold.BadRequest{}}, // a folder's own page
		{"notes", "Caps", &scaffold.BadRequest{}},
		{"notes", "con", &scaffold.BadRequest{}}, // a Windows name
		{"essays", "x", &scaffold.Mistake{}},     // no such section
	} {
		dir := site(t)
		before := sitetest.ReadTree(t, dir)
		file, err := scaffold.NewPage(scaffold.Page{Site: dir, Section: tt.section, Slug: tt.slug, Today: today})
		switch want := tt.want.(type) {
		case nil:
			data, rerr := os.ReadFile(file)
			if err != nil || rerr != nil || string(data) != "---\ntitle: \"Three\"\nsummary: \"\"\ndate: 2026-12-04\n---\n\n" {
				t.Errorf("new %s %s = %q, %v; file %q", tt.section, tt.slug, file, err, data)
			}
			continue
		case *scaffold.Refusal:
			if !errors.As(err, &want) {
				t.Errorf("new %s %s: %v; want a refusal", tt.section, tt.slug, err)
			}
		case *scaffold.BadRequest:
			if !errors.As(err, &want) {
				t.Errorf("new %s %s: %v; want a bad request", tt.section, tt.slug, err)
			}
		case *scaffold.Mistake:
			if !errors.As(err, &want) || want.Hint != "the site's sections: notes (or . for a top-level page)" {
				t.Errorf("new %s %s: %v; want a mistake naming the sections", tt.section, tt.slug, err)
			}
		}
		unchanged(t, dir, before)
	}
}

func TestInitRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := sitetest.ReadTree(t, dir)
	var refusal *scaffold.Refusal
	if err := scaffold.Init(dir); !errors.As(err, &refusal) {
		t.Errorf("Init into a folder with a file: %v; want a refusal", err)
	}
	unchanged(t, dir, before)
	site := site(t)
	before = sitetest.ReadTree(t, site)
	if err := scaffold.Init(filepath.Join(site, "content", "sub")); !errors.As(err, &refusal) {
		t.Errorf("Init inside a site's content/: %v; want a refusal", err)
	}
	unchanged(t, site, before)
	fresh := filepath.Join(t.TempDir(), "new")
	if err := scaffold.Init(fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fresh, "content", "_index.md")); err != nil {
		t.Errorf("the starter's home page: %v", err)
	}
}
