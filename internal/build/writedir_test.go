package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/export"
)

// TestWriteDirReplaces writes one build over another: the folder then
// holds exactly the second build, nothing stale, and no temporary folders
// are left beside it.
func TestWriteDirReplaces(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	s := newSite(t, layoutsTxtar+explainerTxtar).build().assertClean()
	if err := export.WriteDir(s.res, out); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, filesOnly(readTree(t, out)), s.res.Files)

	s.edit(`
-- content/principles/first.md --
---
title: First principle
weight: 1
counterexamples: [alpha]
---
No longer names beta.
`)
	s.remove("content/counterexamples/beta.md").assertClean()
	if err := export.WriteDir(s.res, out); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, filesOnly(readTree(t, out)), s.res.Files)
	if _, err := os.Stat(filepath.Join(out, "counterexamples", "beta")); !os.IsNotExist(err) {
		t.Errorf("the removed page's folder is still there: %v", err)
	}
	assertOnlyEntry(t, parent, "public")
}

// TestWriteDirFailureLeavesOutput makes the write itself fail, after the
// temporary folder is half written: the previous output is untouched and
// the temporary folder is gone.
func TestWriteDirFailureLeavesOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	s := newSite(t, layoutsTxtar+explainerTxtar).build().assertClean()
	if err := export.WriteDir(s.res, out); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)

	// A Result no build would make: "a" is both a file and a folder.
	bad := &build.Result{Files: map[string][]byte{
		"index.html": []byte("new"),
		"a":          []byte("file"),
		"a/b.html":   []byte("file in folder"),
	}}
	err := export.WriteDir(bad, out)
	if err == nil {
		t.Fatal("WriteDir succeeded writing a path that is both a file and a folder")
	}
	assertSameFiles(t, readTree(t, out), before)
	assertOnlyEntry(t, parent, "public")
}

func filesOnly(tree map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, data := range tree {
		if !strings.HasSuffix(p, "/") && p != export.Marker {
			out[p] = data
		}
	}
	return out
}

// assertOnlyEntry fails unless dir holds exactly one entry, name: no
// temporary ".public.new-*" or ".public.old-*" folders left behind.
func assertOnlyEntry(t testing.TB, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != name {
		t.Errorf("%s holds %q, want only %q", dir, names, name)
	}
}
