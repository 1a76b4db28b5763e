package build_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// copySite copies this repository's site (content, layouts, static) into a
// temporary folder, for tests that edit it.
func copySite(t *testing.T) string {
	t.Helper()
	return sitetest.CopyRepo(t)
}

// devOptions are the dev server's: the search index keeps one name
// (build.Options.StableNames), so that an edit changes only the pages it
// affects. A session with content-hashed names is tested in
// search_test.go.
var devOptions = build.Options{StableNames: true}

// assertSameAsClean checks that an incremental result equals a clean build
// of the same sources, file for file and diagnostic for diagnostic.
func assertSameAsClean(t *testing.T, step string, dir string, got *build.Result) {
	t.Helper()
	want := buildOnce(t, os.DirFS(dir), devOptions)
	if g, w := diagText(got), diagText(want); g != w {
		t.Fatalf("%s: diagnostics differ from a clean build\nincremental:\n%s\nclean:\n%s", step, g, w)
	}
	if got.Failed() {
		return
	}
	for p, w := range want.Files {
		if g, ok := got.Files[p]; !ok {
			t.Fatalf("%s: %s missing from the incremental build", step, p)
		} else if !bytes.Equal(g, w) {
			t.Fatalf("%s: %s differs from a clean build\nincremental:\n%s\nclean:\n%s", step, p, g, w)
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			t.Fatalf("%s: %s is in the incremental build only", step, p)
		}
	}
}

func diagText(r *build.Result) string {
	var b strings.Builder
	r.Diags.Write(&b, "text")
	return b.String()
}

type siteEditor struct {
	t   *testing.T
	dir string
}

func (e siteEditor) write(rel, text string) string {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return rel
}

func (e siteEditor) read(rel string) string {
	data, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

func (e siteEditor) replace(rel, old, new string) string {
	text := e.read(rel)
	if !strings.Contains(text, old) {
		e.t.Fatalf("%s does not contain %q", rel, old)
	}
	return e.write(rel, strings.Replace(text, old, new, 1))
}

func (e siteEditor) remove(rel string) string {
	if err := os.RemoveAll(filepath.Join(e.dir, filepath.FromSlash(rel))); err != nil {
		e.t.Fatal(err)
	}
	return rel
}

// TestSessionEqualsCleanBuild applies a scripted series of edits, each
// rebuilt incrementally and compared with a clean build: body, title,
// relation and weight edits, pages added, renamed and deleted (with links
// to them), a broken and mended front matter, layouts, static files and
// site settings.
func TestSessionEqualsCleanBuild(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), devOptions)
	first := rebuild(t, sess, nil)
	assertSameAsClean(t, "first build", dir, first)
	good := first.Files // the output of the last build without errors
	if len(first.Changed) != len(first.Files) {
		t.Errorf("first build: %d changed of %d files", len(first.Changed), len(first.Files))
	}

	steps := []struct {
		name        string
		edit        func() []string
		wantChanged []string // output paths that must be among Changed
		notChanged  []string // output paths that must not be
	}{
		{"body edit", func() []string {
			return []string{e.replace("content/principles/second.md", "## In plain words", "## In plain words\n\nA new sentence.")}
			// print.md gathers the principles' bodies.
		}, []string{"principles/second/index.html", "print/index.html"}, []string{"principles/first/index.html", "principles/index.html"}},
		{"a broken link and a missing heading in a body", func() []string {
			return []string{e.replace("content/principles/first.md", "## In plain words", "## In plain words\n\nSee [nowhere](nowhere.md) and [no heading](second.md#nowhere).")}
		}, nil, nil},
		{"another body edit keeps that body's diagnostics", func() []string {
			return []string{e.replace("content/principles/third.md", "## In plain words", "## In plain words\n\nAnother sentence.")}
			// A failed build: nothing is reported as changed.
		}, nil, nil},
		{"broken link mended", func() []string {
			return []string{e.replace("content/principles/first.md", "\n\nSee [nowhere](nowhere.md) and [no heading](second.md#nowhere).", "")}
			// Changed since the last good build, before the broken link.
		}, []string{"principles/third/index.html"}, []string{"principles/first/index.html"}},
		{"title edit reaches lists, neighbours and inverses", func() []string {
			return []string{e.replace("content/principles/second.md", "title: ", "title: Edited ")}
		}, []string{"principles/second/index.html", "principles/index.html", "principles/first/index.html", "principles/third/index.html", "index.html"}, []string{"glossary/backdoor/index.html"}},
		{"relation edit updates the inverse on both sides", func() []string {
			return []string{e.replace("content/principles/sixth.md", "counterexamples: [cloud-act]", "counterexamples: [cloud-act, crypto-ag]")}
		}, []string{"counterexamples/crypto-ag/index.html", "principles/sixth/index.html"}, []string{"counterexamples/au-headquarters/index.html"}},
		{"new page", func() []string {
			return []string{e.write("content/glossary/zz-new-term.md", "---\ntitle: A new term\nsummary: New.\n---\n\nSee [the CLOUD Act](../counterexamples/cloud-act.md#what-happened).\n")}
		}, []string{"glossary/zz-new-term/index.html", "glossary/index.html"}, nil},
		{"link to a missing anchor", func() []string {
			return []string{e.write("content/glossary/zz-new-term.md", "---\ntitle: A new term\nsummary: New.\n---\n\nSee [the CLOUD Act](../counterexamples/cloud-act.md#nowhere).\n")}
		}, nil, nil},
		{"anchor mended", func() []string {
			return []string{e.write("content/glossary/zz-new-term.md", "---\ntitle: A new term\nsummary: New.\n---\n\nSee [the CLOUD Act](../counterexamples/cloud-act.md#what-happened) and [backdoor](backdoor.md).\n")}
		}, []string{"glossary/zz-new-term/index.html"}, nil},
		{"a glossary term used lists the page on its entry", func() []string {
			return []string{e.write("content/glossary/zz-new-term.md", "---\ntitle: A new term\nsummary: New.\n---\n\nSee [the CLOUD Act](../counterexamples/cloud-act.md#what-happened), [backdoor](backdoor.md) and the [[Entity List|list]].\n")}
		}, []string{"glossary/zz-new-term/index.html", "glossary/entity-list/index.html"}, []string{"glossary/cfius/index.html"}},
		{"a term matched by title follows the title", func() []string {
			return []string{
				e.replace("content/glossary/zz-new-term.md", "[[Entity List|list]]", "[[Foreign investment review|CFIUS]]"),
				e.replace("content/glossary/cfius.md", "title: CFIUS", "title: Foreign investment review"),
			}
		}, []string{"glossary/zz-new-term/index.html", "glossary/entity-list/index.html", "glossary/cfius/index.html"}, nil},
		{"the title changes back: the term no longer resolves", func() []string {
			return []string{e.replace("content/glossary/cfius.md", "title: Foreign investment review", "title: CFIUS")}
		}, nil, nil},
		{"term mended", func() []string {
			return []string{e.replace("content/glossary/zz-new-term.md", "[[Foreign investment review|CFIUS]]", "[[CFIUS]]")}
			// The page reads as it did in the last good build, where the
			// title matched; the entry got its title back.
		}, []string{"glossary/cfius/index.html"}, nil},
		{"body edit of a related, listed page", func() []string {
			return []string{e.replace("content/counterexamples/cloud-act.md", "## What happened", "## What happened\n\nAn added sentence.")}
		}, []string{"counterexamples/cloud-act/index.html"}, []string{"principles/sixth/index.html"}},
		{"heading renamed under a link", func() []string {
			return []string{e.replace("content/counterexamples/cloud-act.md", "## What happened", "## What took place")}
		}, nil, nil},
		{"heading restored", func() []string {
			return []string{e.replace("content/counterexamples/cloud-act.md", "## What took place", "## What happened")}
		}, nil, nil},
		{"page linked to is deleted", func() []string { return []string{e.remove("content/glossary/backdoor.md")} }, nil, nil},
		{"page restored under a new name", func() []string {
			return []string{e.write("content/glossary/backdoor-2.md", "---\ntitle: Backdoor\nsummary: Hidden access.\n---\n\nText.\n")}
		}, nil, nil},
		{"links follow the new name", func() []string {
			var changed []string
			filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					rel = filepath.ToSlash(rel)
					if text := e.read(rel); strings.Contains(text, "backdoor.md") {
						changed = append(changed, e.write(rel, strings.ReplaceAll(text, "backdoor.md", "backdoor-2.md")))
					}
				}
				return nil
			})
			return changed
		}, nil, nil},
		{"front matter broken", func() []string {
			return []string{e.replace("content/principles/third.md", "title: ", "title: [unclosed")}
		}, nil, nil},
		{"front matter mended", func() []string {
			return []string{e.replace("content/principles/third.md", "title: [unclosed", "title: ")}
		}, nil, []string{"principles/third/index.html"}}, // the same as the last good build
		{"weight change reorders the section", func() []string {
			return []string{e.replace("content/principles/eighth.md", "weight: 8", "weight: 1")}
		}, []string{"principles/index.html"}, nil},
		{"layout edit", func() []string {
			return []string{e.replace("layouts/page.html", "<article>", "<article class=\"edited\">")}
		}, []string{"principles/first/index.html", "counterexamples/cloud-act/index.html"}, nil},
		{"static file edit", func() []string {
			return []string{e.write("static/css/site.css", e.read("static/css/site.css")+"\n/* edited */\n")}
		}, []string{"css/site.css"}, []string{"index.html"}},
		{"site settings edit", func() []string {
			return []string{e.replace("content/_index.md", "language: en", "language: en-GB")}
		}, []string{"index.html", "principles/first/index.html"}, nil},
		{"section title edit reaches the search index, whose bodies' text the session let go", func() []string {
			return []string{e.replace("content/principles/_index.md", "title: The eight principles", "title: The eight points")}
		}, []string{"search/index.js", "principles/index.html", "principles/first/index.html"}, nil},
		{"new folder with a page", func() []string {
			e.write("content/notes/deep/er/page.md", "---\ntitle: Deep page\n---\n\nBody.\n")
			return []string{"content/notes"}
		}, []string{"notes/deep/er/page/index.html", "notes/index.html"}, nil},
		{"folder removed", func() []string { return []string{e.remove("content/notes")} }, nil, nil},
		{"a file that is not Markdown", func() []string {
			return []string{e.write("content/principles/map.txt", "a map")}
		}, []string{"principles/map.txt"}, nil},
	}
	// Edits of bodies alone (a gathered page, a related one, a heading a
	// link names), of layouts or of static files update the last build's
	// content model in place; any other edit makes it again.
	bodyOnly := map[string]bool{"body edit": true, "body edit of a related, listed page": true,
		"a broken link and a missing heading in a body": true, "another body edit keeps that body's diagnostics": true, "broken link mended": true,
		"link to a missing anchor": true, "anchor mended": true, "a glossary term used lists the page on its entry": true,
		"term mended": true, "heading renamed under a link": true, "heading restored": true,
		"links follow the new name": true, "layout edit": true, "static file edit": true}
	for _, st := range steps {
		changed := st.edit()
		reused, skipped, bodies := sess.GraphsReused(), sess.PagesSkipped(), sess.BodiesReused()
		res := rebuild(t, sess, changed)
		assertSameAsClean(t, st.name, dir, res)
		good = assertChanged(t, st.name, good, res)
		if got := sess.GraphsReused() > reused; got != bodyOnly[st.name] {
			t.Errorf("%s: content model reused %v, want %v", st.name, got, bodyOnly[st.name])
		}
		// And then the bodies that did not change are taken as they were,
		// unlooked at.
		if got := sess.BodiesReused() - bodies; bodyOnly[st.name] && got < res.Pages-len(changed) {
			t.Errorf("%s: %d of %d bodies taken as they were, want all but the %d edited", st.name, got, res.Pages, len(changed))
		}
		// And then most pages are kept without being signed.
		if got := sess.PagesSkipped() - skipped; bodyOnly[st.name] && !strings.HasPrefix(st.name, "layout") && got < len(res.Files)/4 {
			t.Errorf("%s: %d pages kept unsigned, want most", st.name, got)
		}
		for _, p := range st.wantChanged {
			if !slices.Contains(res.Changed, p) {
				t.Errorf("%s: %s not reported as changed (changed: %v)", st.name, p, res.Changed)
			}
		}
		for _, p := range st.notChanged {
			if slices.Contains(res.Changed, p) {
				t.Errorf("%s: %s reported as changed, but it is not", st.name, p)
			}
		}
	}
}

// TestSessionRandomEdits makes random edits (body text, titles, weights,
// relation lists, new and deleted pages) and checks every rebuild against
// a clean build.
func TestSessionRandomEdits(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), devOptions)
	first := rebuild(t, sess, nil)
	assertSameAsClean(t, "first build", dir, first)
	good := first.Files // the output of the last build without errors
	rnd := rand.New(rand.NewPCG(7, 7))
	principles := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
	cases := []string{"cloud-act", "crypto-ag", "clean-network", "zhenhua-data", "nsa-prism", "au-headquarters"}
	for i := range 60 {
		var changed []string
		p := "content/principles/" + principles[rnd.IntN(len(principles))] + ".md"
		switch rnd.IntN(6) {
		case 0:
			changed = append(changed, e.write(p, e.read(p)+fmt.Sprintf("\nMore text %d.\n", i)))
		case 1:
			changed = append(changed, e.write(p, strings.Replace(e.read(p), "title: ", fmt.Sprintf("title: T%d ", i), 1)))
		case 2:
			text := e.read(p)
			start := strings.Index(text, "counterexamples: [")
			end := strings.Index(text[start:], "]")
			pick := cases[rnd.IntN(len(cases))]
			list := text[start+len("counterexamples: [") : start+end]
			if !strings.Contains(list, pick) {
				list += ", " + pick
			}
			changed = append(changed, e.write(p, text[:start]+"counterexamples: ["+list+text[start+end:]))
		case 3:
			changed = append(changed, e.write(fmt.Sprintf("content/glossary/r%d.md", i),
				fmt.Sprintf("---\ntitle: Random %d\nweight: %d\n---\n\nSee [a principle](../%s).\n", i, rnd.IntN(3), strings.TrimPrefix(p, "content/"))))
		case 4:
			matches, _ := filepath.Glob(filepath.Join(dir, "content", "glossary", "r*.md"))
			if len(matches) > 0 {
				rel, _ := filepath.Rel(dir, matches[rnd.IntN(len(matches))])
				changed = append(changed, e.remove(filepath.ToSlash(rel)))
			}
		case 5:
			text := e.read(p)
			changed = append(changed, e.write(p, strings.Replace(text, "## ", "## Renamed ", 1)))
		}
		res := rebuild(t, sess, changed)
		assertSameAsClean(t, fmt.Sprintf("random edit %d", i), dir, res)
		good = assertChanged(t, fmt.Sprintf("random edit %d", i), good, res)
	}
}

// assertChanged checks that a build without errors lists as Changed
// exactly the outputs that differ from good, the last such build's, and
// returns the output the next build's Changed is measured from.
func assertChanged(t *testing.T, step string, good map[string][]byte, res *build.Result) map[string][]byte {
	t.Helper()
	if res.Failed() {
		return good
	}
	if want := outputDiff(good, res.Files); !slices.Equal(res.Changed, want) {
		t.Errorf("%s: Changed is %v, want %v", step, res.Changed, want)
	}
	return res.Files
}

// rebuild runs one Build of a session that is never cancelled.
func rebuild(t testing.TB, sess *build.Session, changed []string) *build.Result {
	t.Helper()
	res, err := sess.Build(context.Background(), changed)
	if err != nil {
		t.Fatalf("session build: %v", err)
	}
	return res
}

// TestSessionCancelledBuilds cancels rebuilds part-way (before they start,
// or after a random number of pages) as the dev loop does when a newer
// edit arrives, then builds the edits of every cancelled build together
// with the next ones. Each build that completes must equal a clean build,
// and its Changed must name exactly the outputs that differ from the last
// completed build: a cancelled build's work is never taken for done.
func TestSessionCancelledBuilds(t *testing.T) {
	dir := copySite(t)
	e := siteEditor{t, dir}
	var calls, cancelAfter atomic.Int64
	var cancel context.CancelFunc
	opts := devOptions
	opts.Progress = func(int) { // called once a page is done
		if calls.Add(1) == cancelAfter.Load() {
			cancel()
		}
	}
	sess := build.NewSession(os.DirFS(dir), opts)
	last := rebuild(t, sess, nil)
	assertSameAsClean(t, "first build", dir, last)

	rnd := rand.New(rand.NewPCG(13, 13))
	principles := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
	var pending []string // named by cancelled builds, so not built yet
	cancelled := 0
	for i := range 40 {
		p := "content/principles/" + principles[rnd.IntN(len(principles))] + ".md"
		switch rnd.IntN(5) {
		case 0, 1:
			pending = append(pending, e.write(p, e.read(p)+fmt.Sprintf("\nCancelled text %d.\n", i)))
		case 2:
			pending = append(pending, e.write(p, strings.Replace(e.read(p), "title: ", fmt.Sprintf("title: C%d ", i), 1)))
		case 3: // every page is rendered again
			pending = append(pending, e.write("layouts/_base.html",
				e.read("layouts/_base.html")+fmt.Sprintf("<!-- %d -->\n", i)))
		case 4:
			pending = append(pending, e.write(fmt.Sprintf("content/glossary/c%d.md", i),
				fmt.Sprintf("---\ntitle: Cancelled %d\n---\n\nSee [a principle](../%s).\n", i, strings.TrimPrefix(p, "content/"))))
		}
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		calls.Store(0)
		cancelAfter.Store(int64(rnd.IntN(6))) // 0: cancelled before it starts
		if cancelAfter.Load() == 0 {
			cancel()
		}
		res, err := sess.Build(ctx, slices.Clone(pending))
		cancel()
		if err != nil {
			if !errors.Is(err, context.Canceled) || res != nil {
				t.Fatalf("edit %d: a cancelled build returned %v and a result %v", i, err, res != nil)
			}
			cancelled++
			continue
		}
		pending = nil
		step := fmt.Sprintf("edit %d", i)
		assertSameAsClean(t, step, dir, res)
		if want := outputDiff(last.Files, res.Files); !slices.Equal(res.Changed, want) {
			t.Fatalf("%s: Changed is %v, want %v", step, res.Changed, want)
		}
		last = res
	}
	if cancelled < 10 {
		t.Fatalf("only %d of 40 builds were cancelled: the test cancels too late to prove anything", cancelled)
	}
	assertSameAsClean(t, "the edits of the last cancelled builds", dir, rebuild(t, sess, pending))
}

// outputDiff lists the output paths added, removed or changed from a to
// b, sorted.
func outputDiff(a, b map[string][]byte) []string {
	var out []string
	for p, data := range b {
		if old, ok := a[p]; !ok || !bytes.Equal(old, data) {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// TestSessionSourceFolderGone removes and restores the site's own
// folders whole, as an author moving content/ aside (or a branch without
// layouts/) does while the dev server runs: each build must say what a
// clean build says, and give what it gives once they are back.
func TestSessionSourceFolderGone(t *testing.T) {
	dir := copySite(t)
	sess := build.NewSession(os.DirFS(dir), devOptions)
	good := rebuild(t, sess, nil).Files
	for _, folder := range []string{"content", "layouts", "static"} {
		p := filepath.Join(dir, folder)
		if err := os.Rename(p, p+".away"); err != nil {
			t.Fatal(err)
		}
		res := rebuild(t, sess, []string{folder})
		assertSameAsClean(t, folder+" removed", dir, res)
		good = assertChanged(t, folder+" removed", good, res)
		if err := os.Rename(p+".away", p); err != nil {
			t.Fatal(err)
		}
		res = rebuild(t, sess, []string{folder})
		assertSameAsClean(t, folder+" restored", dir, res)
		good = assertChanged(t, folder+" restored", good, res)
	}
}

// TestSessionFollowsLinkedEdits: the watcher reports an edit at the path
// of the file edited, which for a page reached through a symbolic link
// (a linked file, a file in a linked folder) is the link's target. The
// session reads the link again with it: the linked page shows the edit,
// a page new in the linked folder appears under the link too, and one
// deleted there goes, each rebuild the same as a clean build.
func TestSessionFollowsLinkedEdits(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	s := newSite(t, layoutsTxtar+homeTxtar+sharedTxtar+`
-- content/notes/one.md --
---
title: One
---
The first note.
`)
	dir := s.writeTo(t.TempDir())
	makeLinks(t, dir, map[string]string{"content/alias.md": "shared.md", "content/again": "notes"})
	e := siteEditor{t, dir}
	sess := build.NewSession(os.DirFS(dir), devOptions)
	s.res = rebuild(t, sess, nil)
	s.assertOK().assertFile("alias/index.html", "Said once.").assertFile("again/one/index.html", "The first note.")

	e.write("content/shared.md", "---\ntitle: Shared\n---\nSaid twice.\n")
	s.res = rebuild(t, sess, []string{"content/shared.md"})
	s.assertOK().assertFile("alias/index.html", "Said twice.")
	assertSameAsClean(t, "linked file edited", dir, s.res)

	e.write("content/notes/two.md", "---\ntitle: Two\n---\nThe second note.\n")
	s.res = rebuild(t, sess, []string{"content/notes/two.md"})
	s.assertOK().assertFile("again/two/index.html", "The second note.")
	assertSameAsClean(t, "file added to a linked folder", dir, s.res)

	e.remove("content/notes/one.md")
	s.res = rebuild(t, sess, []string{"content/notes/one.md"})
	s.assertOK().assertNoFile("again/one/index.html", "notes/one/index.html")
	assertSameAsClean(t, "file removed from a linked folder", dir, s.res)

	// The linked file gone, the link points to nothing; back, it is
	// read again, though the session no longer counts it among links.
	e.remove("content/shared.md")
	s.res = rebuild(t, sess, []string{"content/shared.md"})
	s.assertDiags("content/alias.md:1:1: error: symbolic link to shared.md points to nothing")
	assertSameAsClean(t, "linked file removed", dir, s.res)
	e.write("content/shared.md", "---\ntitle: Shared\n---\nSaid again.\n")
	s.res = rebuild(t, sess, []string{"content/shared.md"})
	s.assertOK().assertFile("alias/index.html", "Said again.")
	assertSameAsClean(t, "linked file back", dir, s.res)

	// A link made during the session to a folder that holds it loops,
	// as a clean build finds, and an edit elsewhere does not read the
	// whole site again under it.
	if err := os.Symlink("..", filepath.Join(dir, "content", "notes", "up")); err != nil {
		t.Fatal(err)
	}
	// (content/again is notes/ too.)
	loops := []string{
		"content/again/up:1:1: error: symbolic link to .. loops back to content, which holds it",
		"content/notes/up:1:1: error: symbolic link to .. loops back to content, which holds it",
	}
	s.res = rebuild(t, sess, []string{"content/notes/up"})
	s.assertDiags(loops...)
	assertSameAsClean(t, "loop made", dir, s.res)
	e.write("content/shared.md", "---\ntitle: Shared\n---\nSaid at last.\n")
	s.res = rebuild(t, sess, []string{"content/shared.md"})
	s.assertDiags(loops...)
	assertSameAsClean(t, "edit beside a loop", dir, s.res)
}

// TestSessionFollowsLinksUnderALinkedContent: with content/ itself a
// link, the watcher names files by their site paths (content/…), and a
// link inside it stands for a link-free path (pages/…): an edit of its
// target still reaches it.
func TestSessionFollowsLinksUnderALinkedContent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	s := newSite(t, layoutsTxtar+homeTxtar+sharedTxtar)
	dir := s.writeTo(t.TempDir())
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "pages")); err != nil {
		t.Fatal(err)
	}
	makeLinks(t, dir, map[string]string{"content": "pages", "pages/alias.md": "shared.md"})
	sess := build.NewSession(os.DirFS(dir), devOptions)
	s.res = rebuild(t, sess, nil)
	s.assertOK().assertFile("alias/index.html", "Said once.")
	siteEditor{t, dir}.write("content/shared.md", "---\ntitle: Shared\n---\nSaid twice.\n")
	s.res = rebuild(t, sess, []string{"content/shared.md"})
	s.assertOK().assertFile("alias/index.html", "Said twice.")
	assertSameAsClean(t, "linked file edited under a linked content/", dir, s.res)
}

// sharedTxtar is the page the link tests link to.
const sharedTxtar = `
-- content/shared.md --
---
title: Shared
---
Said once.
`

// makeLinks makes each symbolic link of links (site path → target as
// written) in the site folder dir.
func makeLinks(t *testing.T, dir string, links map[string]string) {
	t.Helper()
	for p, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
}
