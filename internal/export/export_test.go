package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
)

func result(files ...string) *build.Result {
	res := &build.Result{Files: map[string][]byte{}}
	for i := 0; i < len(files); i += 2 {
		res.Files[files[i]] = []byte(files[i+1])
	}
	return res
}

// tree returns every file under root as slash path → content; folders end
// in "/".
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, root string, files ...string) {
	t.Helper()
	for i := 0; i < len(files); i += 2 {
		p := filepath.Join(root, filepath.FromSlash(files[i]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestWriteSwaps replaces an output twice, by exchange where the system
// has it and by two renames, and keeps the Keep entries (the defaults and
// the site's own) each time; a file the build writes itself wins over a
// kept one.
func TestWriteSwaps(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		name := "exchange"
		if fallback {
			name = "two renames"
		}
		t.Run(name, func(t *testing.T) {
			if fallback {
				exchange = func(a, b string) error { return errors.New("no exchange") }
				t.Cleanup(func() { exchange = exchangeFolders })
			} else if runtime.GOOS != "linux" {
				t.Skip("exchange is Linux's")
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			opt := Options{Keep: []string{"_redirects"}}
			if err := Write(result("index.html", "one", "old.html", "stale"), out, opt); err != nil {
				t.Fatal(err)
			}
			write(t, out, ".git/HEAD", "ref", "CNAME", "example.org", ".nojekyll", "", "_redirects", "/a /b",
				"robots.txt", "made by hand, but inside gloss's output")
			if err := Write(result("index.html", "two", ".nojekyll", "from static/"), out, opt); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"index.html": "two", Marker: markerText, ".git/": "", ".git/HEAD": "ref",
				"CNAME": "example.org", ".nojekyll": "from static/", "_redirects": "/a /b"}
			if got := tree(t, out); !maps(got, want) {
				t.Errorf("output:\n%q\nwant:\n%q", got, want)
			}
			if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
				t.Errorf("beside the output: %q", got)
			}
		})
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

// TestExchange: on Linux the two folders trade places in one step.
func TestExchange(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("exchange is Linux's")
	}
	dir := t.TempDir()
	write(t, dir, "a/x", "in a", "b/y", "in b")
	if err := exchangeFolders(filepath.Join(dir, "a"), filepath.Join(dir, "b")); err != nil {
		t.Skipf("this file system cannot exchange: %v", err)
	}
	want := map[string]string{"a/": "", "a/y": "in b", "b/": "", "b/x": "in a"}
	if got := tree(t, dir); !maps(got, want) {
		t.Errorf("after exchange: %q", got)
	}
}

// TestLeftovers: the temporary folders of killed builds are removed when
// they carry the marker, and only then; kept entries they still hold go
// back to the output; a missing output is restored from the old one
// before the new one replaces it.
func TestLeftovers(t *testing.T) {
	t.Run("marked and unmarked", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		write(t, parent,
			"public/"+Marker, markerText, "public/index.html", "old",
			".public.new-111/"+Marker, markerText, ".public.new-111/big.bin", "half a build",
			".public.old-222/"+Marker, markerText, ".public.old-222/index.html", "older",
			".public.new-333/mine.txt", "not gloss's: no marker",
			".public.old-444/"+Marker+"/x", "a folder is no marker",
			".other.new-555/"+Marker, markerText, // another output's
			".public.new-666/"+Marker, markerText, ".public.new-666/.git/HEAD", "carried, then killed")
		if err := Write(result("index.html", "new"), out, Options{}); err != nil {
			t.Fatal(err)
		}
		want := []string{".other.new-555", ".public.new-333", ".public.old-444", "public"}
		if got := names(t, parent); !slices.Equal(got, want) {
			t.Errorf("beside the output: %q, want %q", got, want)
		}
		if got := tree(t, out)[".git/HEAD"]; got != "carried, then killed" {
			t.Errorf("the .git a killed build had carried is not back: %q", got)
		}
	})
	t.Run("killed between the two renames", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		write(t, parent,
			".public.old-1/"+Marker, markerText, ".public.old-1/index.html", "previous",
			".public.old-1/.git/HEAD", "deploy worktree", ".public.old-1/CNAME", "example.org")
		if err := Write(result("index.html", "new"), out, Options{}); err != nil {
			t.Fatal(err)
		}
		got := tree(t, out)
		if got[".git/HEAD"] != "deploy worktree" || got["CNAME"] != "example.org" || got["index.html"] != "new" {
			t.Errorf("output: %q", got)
		}
		if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
			t.Errorf("beside the output: %q", got)
		}
	})
	t.Run("a leftover holding what the output has too", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		write(t, parent, "public/"+Marker, markerText, "public/CNAME", "a.example",
			".public.new-1/"+Marker, markerText, ".public.new-1/CNAME", "b.example")
		if err := Write(result("index.html", "new"), out, Options{}); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, filepath.Join(parent, ".public.new-1"))["CNAME"]; got != "b.example" {
			t.Errorf("a leftover's only copy of a kept file was lost: %q", got)
		}
		if got := tree(t, out)["CNAME"]; got != "a.example" {
			t.Errorf("CNAME: %q", got)
		}
	})
}

// TestFailedWriteKeepsEverything: a write that fails after the kept
// entries were carried puts them back, and leaves no temporary folder.
func TestFailedWriteKeepsEverything(t *testing.T) {
	exchange = func(a, b string) error { return errors.New("no exchange") }
	t.Cleanup(func() { exchange = exchangeFolders })
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	write(t, parent, "public/"+Marker, markerText, "public/index.html", "old", "public/.git/HEAD", "ref")
	before := tree(t, out)
	rename = func(from, to string) error { return errors.New("disk on fire") }
	t.Cleanup(func() { rename = os.Rename })
	if err := Write(result("index.html", "new"), out, Options{}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Write: %v, want the failed rename", err)
	}
	if got := tree(t, out); !maps(got, before) {
		t.Errorf("output after a failed write:\n%q\nwant\n%q", got, before)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside the output: %q", got)
	}
}

// TestCheckDir covers what the command-level table does not reach.
func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site/content/_index.md", "x", "foreign/a", "1", "foreign/b/c", "2", "foreign/d", "3", "foreign/e", "4",
		"earlier/index.html", `<!doctype html><html><head><meta name="generator" content="gloss dev (go1.26.0)">`, "earlier/css/site.css", "")
	if err := os.Symlink(filepath.Join(dir, "site", "content"), filepath.Join(dir, "site", "static")); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	for _, tt := range []struct {
		out, reason string
		forceable   bool
	}{
		// static/ is a link to content/: both names are caught.
		{filepath.Join(dir, "site", "static"), "it is the site's content/ folder", false},
		{filepath.Join(dir, "foreign"), "it holds 4 entries gloss did not write (a, b/, d, ...) and no .gloss-output marker", true},
		{filepath.Join(dir, "site", "content", "..", "content", "x"), "it lies inside the site's content/ folder", false},
		// An output of a gloss from before the marker is still refused,
		// with a hint.
		{filepath.Join(dir, "earlier"), "it holds 2 entries gloss did not write (css/, index.html) and no .gloss-output marker; " +
			"it looks like the output of an earlier gloss, which wrote no marker: if nothing of yours is in it, build once with --force", true},
	} {
		_, err := CheckDir(tt.out, Options{Site: site})
		var r *Refusal
		if !errors.As(err, &r) || r.Reason != tt.reason || r.Forceable != tt.forceable {
			t.Errorf("%s: %v (%+v), want %q", tt.out, err, r, tt.reason)
		}
	}
	if got, err := CheckDir(filepath.Join(dir, "site", "public"), Options{Site: site}); err != nil || !strings.HasSuffix(got, "public") {
		t.Errorf("site/public: %q, %v", got, err)
	}
	for _, bad := range []string{"a/b", "..", Marker, ""} {
		if _, err := CheckDir(filepath.Join(dir, "out"), Options{Keep: []string{bad}}); err == nil {
			t.Errorf("keep %q accepted", bad)
		}
	}
}
