package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestSmallSite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "_index.md"))
	for i := range 5 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("articles/a%d.md", i)))
	}
	writeFile(t, filepath.Join(dir, "articles/deep/er/b.md"))
	// 7 files in all, 3 of them nested, across 4 folders.
	for _, c := range []struct {
		limit int
		want  bool
	}{{7, true}, {100, true}, {6, false}, {1, false}, {0, false}} {
		if got := smallSite(dir, c.limit); got != c.want {
			t.Errorf("7 files, limit %d: small %v, want %v", c.limit, got, c.want)
		}
	}
	if !smallSite(filepath.Join(dir, "missing"), 10) {
		t.Error("a missing folder is not small; the build reports it, not this")
	}
}

func TestHugePagesDisabled(t *testing.T) {
	for godebug, want := range map[string]bool{
		"":                            false,
		"disablethp=1":                true,
		"disablethp=0":                false,
		"madvdontneed=1,disablethp=1": true,
		"disablethp=1,disablethp=0":   false,
		" disablethp=1":               true,
		"xdisablethp=1":               false,
	} {
		if got := hugePagesDisabled(godebug); got != want {
			t.Errorf("GODEBUG=%q: disabled %v, want %v", godebug, got, want)
		}
	}
}

// writeFile writes an empty file at p, making its folders.
func writeFile(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
