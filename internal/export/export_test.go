package export

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

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
// in "/", and a symbolic link says where it points.
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
		if d.Type()&fs.ModeSymlink != 0 {
			to, err := os.Readlink(p)
			out[rel] = "a link to " + to
			return err
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

// listing is the marker gloss writes for an output of the given files
// (path, content pairs).
func listing(files ...string) string {
	res := result(files...)
	paths := res.Paths()
	written := make([]listed, len(paths))
	for i, p := range paths {
		written[i] = listed{size: int64(len(res.Files[p])), sum: checksum(res.Files[p])}
	}
	return string(markerText(paths, written))
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
			second := result("index.html", "two", ".nojekyll", "from static/")
			// A file added to gloss's output is the author's: refused,
			// and everything stays.
			before := tree(t, out)
			var r *Refusal
			if err := Write(second, out, opt); !errors.As(err, &r) || !r.Added || r.Reason != "it is gloss's output, "+
				"but holds 1 file gloss did not write (robots.txt)" {
				t.Fatalf("Write over an added file: %v", err)
			}
			if got := tree(t, out); !maps(got, before) {
				t.Errorf("a refused write changed the output:\n%q", got)
			}
			// A kept file the build writes too, with other bytes, that
			// gloss did not write: refused, with a hint.
			os.Remove(filepath.Join(out, "robots.txt"))
			before = tree(t, out)
			if err := Write(second, out, opt); !errors.As(err, &r) || r.Forceable || r.Hint == "" ||
				!strings.Contains(r.Reason, "it holds .nojekyll, which the site's keep: list keeps") {
				t.Fatalf("Write over a kept file the build writes: %v", err)
			}
			if got := tree(t, out); !maps(got, before) {
				t.Errorf("a refused write changed the output:\n%q", got)
			}
			// The same bytes: the build's own replaces it.
			write(t, out, ".nojekyll", "from static/")
			if err := Write(second, out, opt); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"index.html": "two", Marker: listing("index.html", "two", ".nojekyll", "from static/"),
				".git/": "", ".git/HEAD": "ref", "CNAME": "example.org", ".nojekyll": "from static/", "_redirects": "/a /b"}
			if got := tree(t, out); !maps(got, want) {
				t.Errorf("output:\n%q\nwant:\n%q", got, want)
			}
			// A kept name gloss wrote itself is gloss's to replace.
			if err := Write(result("index.html", "three", ".nojekyll", "changed in static/"), out, opt); err != nil {
				t.Fatal(err)
			}
			if got := tree(t, out)[".nojekyll"]; got != "changed in static/" {
				t.Errorf(".nojekyll: %q", got)
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
			"public/"+Marker, listing("index.html", "old"), "public/index.html", "old",
			".public.new-111/"+Marker, markerHeader, ".public.new-111/big.bin", "half a build",
			".public.old-222/"+Marker, markerHeader, ".public.old-222/index.html", "older",
			".public.new-333/mine.txt", "not gloss's: no marker",
			".public.old-444/"+Marker+"/x", "a folder is no marker",
			".other.new-555/"+Marker, markerHeader, // another output's
			".public.new-666/"+Marker, markerHeader, ".public.new-666/.git/HEAD", "carried, then killed")
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
			".public.old-1/"+Marker, listing("index.html", "previous"), ".public.old-1/index.html", "previous",
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
		write(t, parent, "public/"+Marker, listing(), "public/CNAME", "a.example",
			".public.new-1/"+Marker, markerHeader, ".public.new-1/CNAME", "b.example")
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
	write(t, parent, "public/"+Marker, listing("index.html", "old"), "public/index.html", "old", "public/.git/HEAD", "ref")
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
		// layouts/ is not there: an output would make it.
		{filepath.Join(dir, "site", "layouts"), "it is the site's layouts/ folder", false},
		{filepath.Join(dir, "site", "layouts", "pub"), "it lies inside the site's layouts/ folder", false},
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
	// A folder holding nothing but a file browser's metadata is empty.
	write(t, dir, "finder/.DS_Store", "Finder")
	if _, err := CheckDir(filepath.Join(dir, "finder"), Options{}); err != nil {
		t.Errorf("a folder with only .DS_Store: %v", err)
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

// TestOwnFiles: an output whose marker lists its files is replaced only
// while it holds nothing else and each listed file is as gloss wrote it;
// a file whose time changed but whose bytes did not is still gloss's.
func TestOwnFiles(t *testing.T) {
	files := []string{"index.html", "<p>home", "a/index.html", "<p>a", "site.zip", "PK"}
	for _, tt := range []struct {
		name   string
		change func(t *testing.T, out string)
		reason string // "" for allowed
	}{
		{name: "as gloss left it", change: func(*testing.T, string) {}},
		{name: "touched, same bytes", change: func(t *testing.T, out string) {
			later := time.Now().Add(time.Hour)
			for _, p := range []string{"index.html", "a/index.html"} {
				if err := os.Chtimes(filepath.Join(out, p), later, later); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{name: "a listed file removed", change: func(t *testing.T, out string) { os.Remove(filepath.Join(out, "a", "index.html")) }},
		{name: "an empty folder added", change: func(t *testing.T, out string) { os.Mkdir(filepath.Join(out, "empty"), 0o755) }},
		{name: "kept entries added", change: func(t *testing.T, out string) { write(t, out, "CNAME", "x", ".git/HEAD", "ref") }},
		{name: "a file browser's own files added", change: func(t *testing.T, out string) {
			write(t, out, ".DS_Store", "Finder", "a/.DS_Store", "Finder", "a/._index.html", "AppleDouble",
				"Thumbs.db", "Explorer", "a/desktop.ini", "Explorer")
		}},
		{name: "an editor's swap file added", change: func(t *testing.T, out string) { write(t, out, "a/.index.html.swp", "unsaved") },
			reason: "it is gloss's output, but holds 1 file gloss did not write (a/.index.html.swp)"},
		{name: "a file added", change: func(t *testing.T, out string) { write(t, out, "a/notes.txt", "mine") },
			reason: "it is gloss's output, but holds 1 file gloss did not write (a/notes.txt)"},
		{name: "files added", change: func(t *testing.T, out string) {
			write(t, out, "b", "1", "c/d", "2", "e", "3", "f", "4")
		}, reason: "it is gloss's output, but holds 4 files gloss did not write (b, c/d, e, ...)"},
		{name: "a link added", change: func(t *testing.T, out string) {
			if err := os.Symlink("/etc", filepath.Join(out, "etc")); err != nil {
				t.Fatal(err)
			}
		}, reason: "it is gloss's output, but holds 1 file gloss did not write (etc)"},
		{name: "a file changed, same size, later time", change: func(t *testing.T, out string) {
			write(t, out, "index.html", "<p>HOME")
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(out, "index.html"), later, later)
		}, reason: "it is gloss's output, but holds 1 file changed since gloss wrote it (index.html)"},
		{name: "a file changed, other size", change: func(t *testing.T, out string) { write(t, out, "a/index.html", "<p>a, edited") },
			reason: "it is gloss's output, but holds 1 file changed since gloss wrote it (a/index.html)"},
		{name: "a listed file made a link", change: func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "site.zip"))
			os.Symlink("index.html", filepath.Join(out, "site.zip"))
		}, reason: "it is gloss's output, but holds 1 file changed since gloss wrote it (site.zip)"},
		{name: "added and changed", change: func(t *testing.T, out string) { write(t, out, "index.html", "mine", "x.txt", "mine") },
			reason: "it is gloss's output, but holds 1 file gloss did not write (x.txt) and 1 file changed since gloss wrote it (index.html)"},
		{name: "the marker edited", change: func(t *testing.T, out string) {
			f, _ := os.OpenFile(filepath.Join(out, Marker), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("my notes\n")
			f.Close()
		}, reason: "its .gloss-output file was not written by gloss (line 4 of its list is not as gloss writes it)"},
		{name: "an earlier gloss's marker", change: func(t *testing.T, out string) { write(t, out, Marker, earlierMarker) },
			reason: "it holds 3 entries (a/, index.html, site.zip) and a .gloss-output marker that lists no files, " +
				"from a gloss that did not list them: if nothing of yours is in it, build once with --force"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if err := Write(result(files...), out, Options{}); err != nil {
				t.Fatal(err)
			}
			tt.change(t, out)
			before := tree(t, out)
			_, err := CheckDir(out, Options{})
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("CheckDir: %v", err)
				}
				if err := Write(result("index.html", "new"), out, Options{}); err != nil {
					t.Fatal(err)
				}
				return
			}
			var r *Refusal
			if !errors.As(err, &r) || r.Reason != tt.reason || !r.Forceable {
				t.Fatalf("CheckDir: %v, want %q", err, tt.reason)
			}
			if err := Write(result("index.html", "new"), out, Options{}); !errors.As(err, &r) {
				t.Fatalf("Write: %v, want a refusal", err)
			}
			if got := tree(t, out); !maps(got, before) {
				t.Errorf("a refused write changed the output:\n%q\nwant\n%q", got, before)
			}
			if err := Write(result("index.html", "new"), out, Options{Force: true}); err != nil {
				t.Fatalf("forced: %v", err)
			}
			if got := tree(t, out)["index.html"]; got != "new" {
				t.Errorf("forced: index.html %q", got)
			}
		})
	}
}

// FuzzParseMarker holds the marker's list to a round trip for any paths
// and contents, and parseMarker to never panicking on bytes of any kind.
func FuzzParseMarker(f *testing.F) {
	f.Add("index.html", "a", "dir/x y\n\"z\".html", "")
	f.Add("", "", "\x00", "PK\x03")
	f.Fuzz(func(t *testing.T, p1, c1, p2, c2 string) {
		res := result(p1, c1, p2, c2)
		text := listing(p1, c1, p2, c2)
		list, err := parseMarker([]byte(text))
		if err != nil {
			t.Fatalf("parseMarker of its own marker: %v\n%s", err, text)
		}
		if len(list) != len(res.Files) {
			t.Fatalf("%d entries, want %d", len(list), len(res.Files))
		}
		for p, data := range res.Files {
			if got := list[p]; got.size != int64(len(data)) || got.sum != checksum(data) {
				t.Errorf("%q: %+v", p, got)
			}
		}
		parseMarker([]byte(p1 + c1 + p2 + c2))
		parseMarker([]byte(markerHeader + listLine + p1))
	})
}

// pieces is a file held as pieces, as offline.Archive holds a zip.
type pieces [][]byte

func (p pieces) Size() int64 { return int64(len(p.bytes())) }
func (p pieces) bytes() []byte {
	var b []byte
	for _, s := range p {
		b = append(b, s...)
	}
	return b
}
func (p pieces) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, s := range p {
		k, err := w.Write(s)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
func (p pieces) Equal(data []byte) bool { return bytes.Equal(p.bytes(), data) }

// TestWritePieced checks that a file held as pieces (the offline zip) is
// written whole, and listed in the marker with the size and checksum of
// its bytes, as a file held in one slice is; and that a kept file of the
// same name is compared with its bytes.
func TestWritePieced(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	zip := pieces{[]byte("PK\x03\x04"), []byte("header"), bytes.Repeat([]byte("data"), 300000), []byte("end")}
	res := result("index.html", "one", "site.zip", "")
	res.Files["site.zip"] = nil
	res.Pieced = map[string]build.Pieced{"site.zip": zip}
	if err := Write(res, out, Options{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "one", "site.zip": string(zip.bytes()),
		Marker: listing("index.html", "one", "site.zip", string(zip.bytes()))}
	if got := tree(t, out); !maps(got, want) {
		t.Fatalf("output: %d files, want %d; the zip %d bytes, want %d; the marker:\n%s\nwant:\n%s", len(got), len(want),
			len(got["site.zip"]), zip.Size(), got[Marker], want[Marker])
	}
	// The marker says gloss wrote the zip: a second build replaces it.
	if err := Write(res, out, Options{}); err != nil {
		t.Fatalf("a second write over gloss's own output: %v", err)
	}
	// A kept name the build writes as pieces: the same bytes are the
	// build's to replace, other bytes are refused.
	keep := Options{Keep: []string{"site.zip"}}
	os.Remove(filepath.Join(out, Marker))
	write(t, out, Marker, markerHeader) // a marker that lists nothing
	os.Remove(filepath.Join(out, "index.html"))
	if err := Write(res, out, keep); err != nil {
		t.Fatalf("a kept file with the zip's own bytes: %v", err)
	}
	os.Remove(filepath.Join(out, Marker))
	write(t, out, Marker, markerHeader, "site.zip", "PK\x03\x04other")
	os.Remove(filepath.Join(out, "index.html"))
	before := tree(t, out)
	var r *Refusal
	if err := Write(res, out, keep); !errors.As(err, &r) || !strings.Contains(r.Reason, "it holds site.zip") {
		t.Fatalf("a kept file with other bytes: %v", err)
	}
	if got := tree(t, out); !maps(got, before) {
		t.Errorf("a refused write changed the output")
	}
}

// TestMakeDirs checks that every folder the files need is made, with the
// parents no file of its own is in, and that a file where a folder must go
// is an error naming it, not a folder taken for made.
func TestMakeDirs(t *testing.T) {
	root := t.TempDir()
	paths := []string{"index.html", "a/b/c/index.html", "a/x.html", "d/index.html", "a/b/c/e/f.png"}
	for _, workers := range []int{1, 3} {
		dir := filepath.Join(root, strings.Repeat("w", workers))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := makeDirs(dir, paths, workers); err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		got := slices.Sorted(func(yield func(string) bool) {
			for p := range tree(t, dir) {
				yield(p)
			}
		})
		want := []string{"a/", "a/b/", "a/b/c/", "a/b/c/e/", "d/"}
		if !slices.Equal(got, want) {
			t.Errorf("%d workers: made %q, want %q", workers, got, want)
		}
		if err := makeDirs(dir, paths, workers); err != nil {
			t.Errorf("%d workers, the folders there already: %v", workers, err)
		}
	}
	blocked := filepath.Join(root, "blocked")
	write(t, root, "blocked/a/b", "a file where a folder goes")
	err := makeDirs(blocked, paths, 2)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(blocked, "a", "b")) {
		t.Errorf("a file in a folder's place: %v, want an error naming it", err)
	}
	if data, _ := os.ReadFile(filepath.Join(blocked, "a", "b")); string(data) != "a file where a folder goes" {
		t.Errorf("the file in the way now holds %q", data)
	}
}
