package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/devloop"
	"github.com/gloss-ssg/gloss/internal/export"
)

// arena lays out what a user's disk holds around a site: a git checkout
// holding the site (with the author's own notes beside its sources), a
// folder with an unrelated document, a loose file, and symbolic links
// into the sources. It returns the arena's root; the site is at
// checkout/site.
func arena(t *testing.T) string {
	t.Helper()
	root := writeSite(t, `
-- checkout/.git/HEAD --
ref: refs/heads/main
-- checkout/.git/config --
[core]
-- checkout/README.md --
The checkout's own readme.
-- checkout/site/notes-by-author.txt --
The author's own file, beside the sources.
-- docs/report.docx --
An unrelated document.
-- notes.txt --
A loose file.
-- home/.bashrc --
export EDITOR=vi
-- empty/.keep-me-empty --
`)
	os.Remove(filepath.Join(root, "empty", ".keep-me-empty"))
	site := filepath.Join(root, "checkout", "site")
	for name, data := range siteFiles(t) {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, to := range map[string]string{
		"to-content": filepath.Join(site, "content"),
		"to-layouts": "checkout/site/layouts", // relative, as ln -s makes them
		"to-site":    site,
		"dangling":   filepath.Join(root, "nowhere"),
		"to-empty":   filepath.Join(root, "empty"),
	} {
		if err := os.Symlink(to, filepath.Join(root, link)); err != nil {
			t.Fatalf("making a symbolic link: %v", err)
		}
	}
	return root
}

// siteFiles is goodSite as files.
func siteFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	dir := writeSite(t, goodSite)
	for p, data := range readTree(t, dir) {
		if !strings.HasSuffix(p, "/") {
			files[p] = data
		}
	}
	return files
}

// TestOutputSafety runs build and zip with outputs that would destroy
// something, and some that are fine. Every file there before is still
// there byte for byte afterwards, except where a case says it may go;
// a refusal exits 2, says what is there and how to proceed, and writes
// nothing at all.
func TestOutputSafety(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tests := []struct {
		name string
		args []string // "@" starts a path inside the arena; "%" inside the site
		want int
		// setup runs in the arena before the snapshot.
		setup func(t *testing.T, root string)
		// mayChange lists the arena paths (prefixes) the command may
		// replace or remove; new files may appear only under them too.
		mayChange []string
		say       string // in stderr
		// check, if set, looks at the arena after a success.
		check func(t *testing.T, root string)
		// from, if set, is the arena folder the command runs in, without
		// --site: gloss finds the site from there up.
		from string
	}{
		{name: "out is the site folder", args: []string{"build", "--out", "%"}, want: 2, say: "is the site folder itself"},
		{name: "out holds the site (the git checkout)", args: []string{"build", "--out", "@checkout"}, want: 2, say: "holds the site folder"},
		{name: "out is the checkout's parent, forced", args: []string{"build", "--force", "--out", "@"}, want: 2, say: "holds the site folder"},
		{name: "out is content/", args: []string{"build", "--out", "%content"}, want: 2, say: "is the site's content/ folder"},
		{name: "out is layouts/", args: []string{"build", "--out", "%layouts"}, want: 2, say: "is the site's layouts/ folder"},
		{name: "out is static/", args: []string{"build", "--out", "%static"}, want: 2, say: "is the site's static/ folder"},
		{name: "out is content/, forced", args: []string{"build", "--force", "--out", "%content"}, want: 2, say: "content/ folder"},
		{name: "out inside content/, not there yet", args: []string{"build", "--out", "%content/pub"}, want: 2, say: "lies inside the site's content/ folder"},
		{name: "out inside static/, existing", args: []string{"build", "--force", "--out", "%static/css"}, want: 2, say: "lies inside the site's static/ folder"},
		// A site that uses the theme's layouts and static files has no
		// layouts/ or static/ of its own: an output there would make
		// the folder, which the next build reads as sources.
		{name: "out is static/, not there yet", args: []string{"build", "--out", "%static"}, want: 2, say: "is the site's static/ folder",
			setup: removeSiteDirs("static")},
		{name: "out inside layouts/, not there yet", args: []string{"build", "--force", "--out", "%layouts/pub"}, want: 2,
			say: "lies inside the site's layouts/ folder", setup: removeSiteDirs("layouts")},
		{name: "out through a link to content/", args: []string{"build", "--out", "@to-content"}, want: 2, say: "is the site's content/ folder"},
		{name: "out under a relative link to layouts/", args: []string{"build", "--out", "@to-layouts/pub"}, want: 2, say: "inside the site's layouts/ folder"},
		{name: "out is a link to the site", args: []string{"build", "--force", "--out", "@to-site"}, want: 2, say: "is the site folder itself"},
		{name: "out is a broken link", args: []string{"build", "--out", "@dangling"}, want: 2, say: "broken symbolic link"},
		{name: "site given through a link, out its content/", args: []string{"build", "--site", "@to-site", "--out", "%content"}, want: 2, say: "content/ folder"},
		{name: "out holds an unrelated document", args: []string{"build", "--out", "@docs"}, want: 2,
			say: "it holds 1 entry gloss did not write (report.docx) and no .gloss-output marker\n  use --force"},
		{name: "out is a file", args: []string{"build", "--out", "@notes.txt"}, want: 2, say: "it is a file, not a folder"},
		{name: "out is a file, forced", args: []string{"build", "--force", "--out", "@notes.txt"}, want: 2, say: "it is a file, not a folder"},
		{name: "out is a repository's .git, forced", args: []string{"build", "--force", "--out", "@checkout/.git"}, want: 2, say: "inside a .git folder"},
		{name: "out is the home folder, forced", args: []string{"build", "--force", "--out", "@home"}, want: 2, say: "your home folder",
			setup: func(t *testing.T, root string) { t.Setenv("HOME", filepath.Join(root, "home")) }},
		{name: "out holds the current folder, forced", args: []string{"build", "--force", "--out", "@docs"}, want: 2, say: "holds the current folder",
			setup: func(t *testing.T, root string) { t.Chdir(filepath.Join(root, "docs")) }},
		{name: "out holds a folder named like the marker", args: []string{"build", "--out", "@docs"}, want: 2,
			say:   "it holds 2 entries gloss did not write (.gloss-output/, report.docx) and no .gloss-output marker",
			setup: func(t *testing.T, root string) { mkfile(t, root, "docs/"+export.Marker+"/x", "not the marker") }},

		{name: "zip over a Markdown source", args: []string{"zip", "-o", "%content/notes/one.md"}, want: 2, say: "lies inside the site's content/ folder"},
		{name: "zip new file inside static/", args: []string{"zip", "-o", "%static/site.zip"}, want: 2, say: "static/ folder"},
		{name: "zip into static/, not there yet", args: []string{"zip", "-o", "%static/site.zip"}, want: 2, say: "lies inside the site's static/ folder",
			setup: removeSiteDirs("static", "layouts")},
		{name: "zip through a link to content/", args: []string{"zip", "-o", "@to-content/x.zip"}, want: 2, say: "content/ folder"},
		{name: "zip over an unrelated file", args: []string{"zip", "-o", "@notes.txt"}, want: 2, say: "not a zip gloss wrote"},
		{name: "zip over another program's zip", args: []string{"zip", "-o", "@other.zip"}, want: 2, say: "not a zip gloss wrote",
			setup: func(t *testing.T, root string) { mkfile(t, root, "other.zip", string(foreignZip(t))) }},
		{name: "zip over a folder", args: []string{"zip", "-o", "@docs"}, want: 2, say: "it is a folder"},
		{name: "zip into the current folder, which is content/", args: []string{"zip"}, want: 2, say: "content/ folder",
			setup: func(t *testing.T, root string) { t.Chdir(filepath.Join(root, "checkout/site/content")) }},

		{name: "out is new", args: []string{"build", "--out", "@new/public"}, want: 0, mayChange: []string{"new/"}},
		{name: "out is empty", args: []string{"build", "--out", "@empty"}, want: 0, mayChange: []string{"empty/"}},
		{name: "out is a link to an empty folder", args: []string{"build", "--out", "@to-empty"}, want: 0, mayChange: []string{"empty/"},
			check: func(t *testing.T, root string) { wantFiles(t, root, "empty/index.html", "empty/"+export.Marker) }},
		{name: "out holds only kept files", args: []string{"build", "--out", "@deploy"}, want: 0, mayChange: []string{"deploy/"},
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "deploy/.git", "gitdir: /elsewhere/.git/worktrees/deploy\n")
				mkfile(t, root, "deploy/CNAME", "example.org\n")
			},
			check: func(t *testing.T, root string) { wantFiles(t, root, "deploy/index.html", "deploy/test-site.zip") }},
		{name: "rebuild keeps .git, CNAME and .nojekyll", args: []string{"build"}, want: 0, mayChange: []string{"checkout/site/public/"},
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "checkout/site/content/notes/gone.md", "---\ntitle: Gone\n---\nA page since removed.\n")
				buildArenaSite(t, root)
				wantFiles(t, root, "checkout/site/public/notes/gone/index.html")
				os.Remove(filepath.Join(root, "checkout/site/content/notes/gone.md"))
				for name, data := range map[string]string{".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/objects/ab/cd": "\x00blob",
					"CNAME": "gloss.example.org\n", ".nojekyll": ""} {
					mkfile(t, root, "checkout/site/public/"+name, data)
				}
			},
			check: func(t *testing.T, root string) {
				wantFiles(t, root, "checkout/site/public/index.html")
				if _, err := os.Stat(filepath.Join(root, "checkout/site/public/notes/gone")); err == nil {
					t.Error("the rebuild kept the output of a page since removed")
				}
			}},
		// A file put into gloss's output, or a page of it edited by hand,
		// is the author's: the rebuild refuses, and all of it stays.
		{name: "rebuild over a file added to the output", args: []string{"build"}, want: 2,
			say: "it is gloss's output, but holds 2 files gloss did not write (google1234.html, notes/draft.txt)\n  move your files out",
			setup: func(t *testing.T, root string) {
				buildArenaSite(t, root)
				mkfile(t, root, "checkout/site/public/google1234.html", "google-site-verification: google1234.html")
				mkfile(t, root, "checkout/site/public/notes/draft.txt", "the author's draft")
			}},
		{name: "rebuild over a page edited in the output", args: []string{"build"}, want: 2,
			say: "it is gloss's output, but holds 1 file changed since gloss wrote it (notes/one/index.html)",
			setup: func(t *testing.T, root string) {
				buildArenaSite(t, root)
				p := filepath.Join(root, "checkout/site/public/notes/one/index.html")
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				// The same size, so only the bytes tell.
				mkfile(t, root, "checkout/site/public/notes/one/index.html", strings.Replace(string(data), "Text.", "TEXT!", 1))
				later := time.Now().Add(time.Minute)
				os.Chtimes(p, later, later)
			}},
		{name: "rebuild over a kept file the build also writes", args: []string{"build"}, want: 2,
			say: "it holds _redirects, which the site's keep: list keeps there and the build writes too, from other bytes\n" +
				"  take _redirects out of keep:, or out of the site's static/ folder; nothing was written",
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "checkout/site/content/_index.md", "---\ntitle: Home\nsite:\n  title: Test site\n  keep: [_redirects]\n---\n")
				buildArenaSite(t, root)
				mkfile(t, root, "checkout/site/public/_redirects", "/old /new 301\n")
				mkfile(t, root, "checkout/site/static/_redirects", "/a /b 302\n")
			}},
		{name: "rebuild over a file added, forced", args: []string{"build", "--force"}, want: 0, mayChange: []string{"checkout/site/public/"},
			setup: func(t *testing.T, root string) {
				buildArenaSite(t, root)
				mkfile(t, root, "checkout/site/public/notes/draft.txt", "the author's draft, which --force lets go")
			}},
		{name: "rebuild over an output whose files were touched", args: []string{"build"}, want: 0, mayChange: []string{"checkout/site/public/"},
			// As git checkout or cp without -p leave them: new times, the
			// same bytes.
			setup: func(t *testing.T, root string) {
				buildArenaSite(t, root)
				later := time.Now().Add(time.Minute)
				filepath.WalkDir(filepath.Join(root, "checkout/site/public"), func(p string, d os.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						os.Chtimes(p, later, later)
					}
					return err
				})
			}},
		{name: "forced over a foreign folder", args: []string{"build", "--force", "--out", "@docs"}, want: 0,
			// Zola's rule: --force replaces what is there; kept entries stay.
			mayChange: []string{"docs/report.docx", "docs/"},
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "docs/.git/HEAD", "ref: refs/heads/pages\n")
				mkfile(t, root, "docs/CNAME", "docs.example.org\n")
			},
			check: func(t *testing.T, root string) { wantFiles(t, root, "docs/index.html", "docs/"+export.Marker) }},
		{name: "rebuild keeps the site's keep: list", args: []string{"build"}, want: 0, mayChange: []string{"checkout/site/public/"},
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "checkout/site/content/_index.md", "---\ntitle: Home\nsite:\n  title: Test site\n  keep: [_redirects, .well-known]\n---\n")
				buildArenaSite(t, root)
				mkfile(t, root, "checkout/site/public/_redirects", "/old /new 301\n")
				mkfile(t, root, "checkout/site/public/.well-known/security.txt", "Contact: mailto:a@example.org\n")
			},
			check: func(t *testing.T, root string) {
				wantFiles(t, root, "checkout/site/public/_redirects", "checkout/site/public/.well-known/security.txt")
			}},
		{name: "a keep: name that is a path", args: []string{"build"}, want: 1, say: "content/_index.md:4:3: error: site.keep: \"a/b\" is not one name",
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "checkout/site/content/_index.md", "---\ntitle: Home\nsite:\n  title: Test site\n  keep: [a/b]\n---\n")
			}},
		{name: "zip removes its own leftovers, only those", args: []string{"zip", "-o", "@class.zip"}, want: 0,
			mayChange: []string{"class.zip", ".class.zip.new-123"},
			setup: func(t *testing.T, root string) {
				mkfile(t, root, ".class.zip.new-123", "PK\x03\x04half a zip")
				mkfile(t, root, ".class.zip.new-12a", "PK\x03\x04not named as gloss names them")
				mkfile(t, root, ".class.zip.new-456", "not a zip")
			},
			check: func(t *testing.T, root string) {
				if _, err := os.Stat(filepath.Join(root, ".class.zip.new-123")); err == nil {
					t.Error("a killed zip's temporary file is still there")
				}
			}},
		{name: "unmarked leftovers are left, and reported", args: []string{"build"}, want: 0, mayChange: []string{"checkout/site/public/"},
			say: "carry no .gloss-output marker, so gloss left them; delete them yourself if you do not need them:\n  ",
			setup: func(t *testing.T, root string) {
				mkfile(t, root, "checkout/site/.public.new-99/index.html", "from a gloss before the marker, or not gloss's at all")
			}},
		{name: "zip over gloss's own zip", args: []string{"zip", "-o", "@class.zip"}, want: 0, mayChange: []string{"class.zip"},
			setup: func(t *testing.T, root string) {
				if code, _, stderr := gloss(t, "", "zip", "--site", filepath.Join(root, "checkout/site"), "-o", filepath.Join(root, "class.zip")); code != 0 {
					t.Fatalf("first zip: %s", stderr)
				}
			}},
		{name: "zip into the site folder", args: []string{"zip", "-o", "%site.zip"}, want: 0, mayChange: []string{"checkout/site/site.zip"}},
		{name: "zip into a folder not there yet", args: []string{"zip", "-o", "@handouts/week-1/class.zip"}, want: 0,
			mayChange: []string{"handouts/"},
			check:     func(t *testing.T, root string) { wantFiles(t, root, "handouts/week-1/class.zip") }},

		// Run inside the site, without --site: the default output is the
		// site's public/, not the current folder's; paths the author
		// types stay relative to where they typed them.
		{name: "build from a section's folder", args: []string{"build"}, want: 0, from: "checkout/site/content/notes",
			mayChange: []string{"checkout/site/public/"},
			check:     func(t *testing.T, root string) { wantFiles(t, root, "checkout/site/public/index.html") }},
		{name: "build from a section's folder, out relative to it", args: []string{"build", "--out", "pub"}, want: 2,
			from: "checkout/site/content/notes", say: "lies inside the site's content/ folder"},
		{name: "zip from a section's folder, into it", args: []string{"zip"}, want: 2,
			from: "checkout/site/content/notes", say: "lies inside the site's content/ folder"},
		{name: "zip from a section's folder, out the checkout", args: []string{"zip", "-o", "../../../../class.zip"}, want: 0,
			from: "checkout/site/content/notes", mayChange: []string{"class.zip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := arena(t)
			if tt.setup != nil {
				tt.setup(t, root)
			}
			site := filepath.Join(root, "checkout", "site")
			args := []string{tt.args[0], "--site", site}
			if tt.from != "" {
				t.Chdir(filepath.Join(root, tt.from))
				args = args[:1]
			}
			for _, a := range tt.args[1:] {
				switch {
				case a == "@":
					a = root
				case strings.HasPrefix(a, "@"):
					a = filepath.Join(root, a[1:])
				case a == "%":
					a = site
				case strings.HasPrefix(a, "%"):
					a = filepath.Join(site, a[1:])
				}
				args = append(args, a)
			}
			before := readArena(t, root)
			code, _, stderr := gloss(t, "", args...)
			if code != tt.want {
				t.Fatalf("gloss %q: exit %d, want %d\n%s", args, code, tt.want, stderr)
			}
			if tt.say != "" && !strings.Contains(stderr, tt.say) {
				t.Errorf("stderr lacks %q:\n%s", tt.say, stderr)
			}
			if code == 2 && !strings.HasSuffix(stderr, "; nothing was written\n") {
				t.Errorf("a refusal should say how to proceed and that nothing was written:\n%s", stderr)
			}
			after := readArena(t, root)
			may := func(p string) bool {
				for _, m := range tt.mayChange {
					if p == m || strings.HasSuffix(m, "/") && strings.HasPrefix(p, m) {
						return true
					}
				}
				return false
			}
			kept := func(p string) bool { // what a replaced output keeps
				for _, k := range export.DefaultKeep {
					if strings.Contains(p, "/"+k) {
						return true
					}
				}
				return false
			}
			for p, data := range before {
				got, ok := after[p]
				if ok && got == data || may(p) && !kept(p) {
					continue
				}
				if !ok {
					t.Errorf("%s is gone", p)
				} else {
					t.Errorf("%s changed", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok && !may(p) {
					t.Errorf("%s is new", p)
				}
			}
			if tt.check != nil {
				tt.check(t, root)
			}
		})
	}
}

// buildArenaSite builds the arena's site into its public/ once, as its
// author did before the case at hand.
func buildArenaSite(t *testing.T, root string) {
	t.Helper()
	if code, _, stderr := gloss(t, "", "build", "--site", filepath.Join(root, "checkout/site")); code != 0 {
		t.Fatalf("first build: %s", stderr)
	}
}

// readArena is readTree that records symbolic links as links, not
// following them.
func readArena(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	var walk func(dir, rel string)
	walk = func(dir, rel string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			p, r := filepath.Join(dir, e.Name()), rel+e.Name()
			switch {
			case e.Type()&os.ModeSymlink != 0:
				to, _ := os.Readlink(p)
				tree[r] = "-> " + to
			case e.IsDir():
				tree[r+"/"] = ""
				walk(p, r+"/")
			default:
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				tree[r] = string(data)
			}
		}
	}
	walk(root, "")
	return tree
}

func mkfile(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wantFiles(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(n))); err != nil || !st.Mode().IsRegular() {
			t.Errorf("no file %s (%v)", n, err)
		}
	}
}

// foreignZip is a zip another program wrote: no gloss comment, no
// README.txt.
func foreignZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("photos/cat.jpg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("not really a cat"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestServeWritesNothing: gloss serve builds into memory. After it has
// built, served a page, rebuilt on an edit and stopped, the site folder
// holds exactly what it held (and the edit), and the current folder is
// still empty.
func TestServeWritesNothing(t *testing.T) {
	site := writeSite(t, goodSite)
	cwd := t.TempDir()
	t.Chdir(cwd)
	before := readArena(t, site)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	built := make(chan *build.Result, 4)
	done := make(chan error, 1)
	go func() {
		done <- devloop.Run(ctx, devloop.Options{Site: site, Addr: "127.0.0.1:0",
			Ready: func(url string) { ready <- url }, Built: func(res *build.Result) { built <- res }})
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	<-built
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<h1>Home</h1>") {
		t.Fatalf("GET /: %d %.200s", resp.StatusCode, body)
	}
	edited := "---\ntitle: One, edited\n---\nNew text.\n"
	mkfile(t, site, "content/notes/one.md", edited)
	before["content/notes/one.md"] = edited
	select {
	case <-built:
	case <-time.After(30 * time.Second):
		t.Fatal("no rebuild after an edit")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	after := readArena(t, site)
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("serve wrote %s into the site folder", p)
		}
	}
	for p, data := range before {
		if after[p] != data {
			t.Errorf("serve changed or removed %s", p)
		}
	}
	if entries, _ := os.ReadDir(cwd); len(entries) > 0 {
		t.Errorf("serve wrote %d entries into the current folder", len(entries))
	}
}

// removeSiteDirs is a setup that removes the arena site's folders dirs,
// as a site that uses the theme's files has none.
func removeSiteDirs(dirs ...string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		for _, d := range dirs {
			if err := os.RemoveAll(filepath.Join(root, "checkout", "site", d)); err != nil {
				t.Fatal(err)
			}
		}
	}
}
