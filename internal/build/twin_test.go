package build_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// twinEdges is a site whose bodies try every way a body rendered once for
// both link styles could come out wrong: links, images and glossary terms
// to other pages and to headings, a term inside a link, text and code
// that look like slot tokens, a link that fails, and raw HTML.
const twinEdges = `
-- content/_index.md --
---
title: Twins
site: {title: Twins, language: en}
---
Read [the first](a/first.md), [its heading](a/first.md#the-heading),
[[term]], ![a picture](a/pic.png) and [home](_index.md).
-- content/a/_index.md --
---
title: Section A
---
Links [up](../_index.md) and [down](first.md "titled").
-- content/a/first.md --
---
title: First
---
## The heading

A body that writes gloss-slot-0- in its text must keep it, so it is
rendered without slots: [back](../_index.md).
-- content/a/second.md --
---
title: Second
sources:
  - {id: s1, title: A source, url: "https://example.org/x"}
---
Code ` + "`gloss-slot-1-`" + ` and a link [in a [[term]] link](first.md), a
citation [@s1], an [outside link](https://example.org/a?b=c&d=e), a
[fragment](#here), <a href="first/">raw</a>, and [again](first.md) and
[again](first.md#the-heading).

## Here
-- content/a/third.md --
---
title: Third
---
An entity spells gloss&#45;slot&#45;0&#45; and gloss-slot&#x2d;0- beside
[a link](first.md).
-- content/a/pic.png --
png
-- content/glossary/_index.md --
---
title: Glossary
---
-- content/glossary/term.md --
---
title: Term
---
A [[term]] links [to the first page](../a/first.md).
`

// TestTwinBodies builds sites as gloss build does, the offline variant
// with Twin and then the hosted one from the same Snapshot, and requires
// each variant byte for byte equal to a build of that style alone, with
// the hosted build rendering only the bodies no twin was made for, none
// of the preview cards, and executing the layouts of few pages (those
// that ask for site-wide data, or whose layout reads a variant field
// outside a partial: the theme's home page and 404).
func TestTwinBodies(t *testing.T) {
	build.ShareAllLayouts(t)
	testTwinBodies(t, false)
}

// TestTwinBodiesSpilled is TestTwinBodies with every page template kept
// in a temporary file between the builds (Options.Spill), which leaves
// nothing in the temporary folder.
func TestTwinBodiesSpilled(t *testing.T) {
	build.ShareAllLayouts(t)
	build.SpillEveryTemplate(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	testTwinBodies(t, true)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the builds left %s in the temporary folder", left[0].Name())
	}
}

// TestTwinBodiesNowhereToSpill: with no temporary folder to keep the
// templates in, the second build executes the layouts again, and both
// variants are still byte for byte a build of their style alone.
func TestTwinBodiesNowhereToSpill(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	spilledTwice(t, func(*build.Snapshot) {})
}

// spilledTwice builds the golden site as gloss build does, with every
// page template spilled, calling between after the offline build, and
// requires each variant byte for byte a build of its style alone, with
// the second build executing every layout again: with no template kept
// (between leaves none), that is the only way to get them right.
func spilledTwice(t *testing.T, between func(*build.Snapshot)) {
	t.Helper()
	build.ShareAllLayouts(t)
	build.SpillEveryTemplate(t)
	fsys := goldenSite(t, "site.txtar").fs
	_, off, host := twinBuilds(t, fsys, true, between)
	sameOutput(t, "offline", off, buildOnce(t, fsys, build.Options{Style: graph.Files, Minify: true}))
	sameOutput(t, "hosted", host, buildOnce(t, fsys, build.Options{Style: graph.Pretty, Minify: true, Fingerprint: true}))
	if host.Layouts != host.Pages {
		t.Errorf("the second build executed %d layouts for %d pages: with no template kept, it executes them all", host.Layouts, host.Pages)
	}
}

// twinBuilds builds fsys as gloss build does: the offline variant as a
// Twin (with spill, the page templates past the budget kept in a file),
// then, after between, the hosted one from the same Snapshot.
func twinBuilds(t *testing.T, fsys fs.FS, spill bool, between func(*build.Snapshot)) (sn *build.Snapshot, off, host *build.Result) {
	t.Helper()
	sn, err := build.Read(fsys, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if off, err = sn.Build(ctx, build.Options{Style: graph.Files, Minify: true, Twin: true, Spill: spill}); err != nil {
		t.Fatal(err)
	}
	between(sn)
	if host, err = sn.Build(ctx, build.Options{Style: graph.Pretty, Minify: true, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	return sn, off, host
}

func testTwinBodies(t *testing.T, spill bool) {
	sites := map[string]fs.FS{
		"edges":  sitetest.Parse(twinEdges),
		"golden": goldenSite(t, "site.txtar").fs,
		"repo":   sitetest.RepoSite(t),
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			sn, off, host := twinBuilds(t, fsys, spill, func(*build.Snapshot) {})
			wantOff := buildOnce(t, fsys, build.Options{Style: graph.Files, Minify: true})
			wantHost := buildOnce(t, fsys, build.Options{Style: graph.Pretty, Minify: true, Fingerprint: true})
			sameOutput(t, "offline", off, wantOff)
			sameOutput(t, "hosted", host, wantHost)
			if off.Bodies != off.Pages {
				t.Errorf("the first build rendered %d bodies of %d pages", off.Bodies, off.Pages)
			}
			if name != "edges" && host.Bodies*4 > host.Pages {
				t.Errorf("the second build rendered %d bodies of %d pages: twins were not used", host.Bodies, host.Pages)
			}
			if off.PreviewCards == 0 && name == "repo" {
				t.Error("the first build made no preview cards")
			}
			if name != "edges" && host.Layouts*4 > host.Pages {
				t.Errorf("the second build executed %d layouts for %d pages: the first's were not shared", host.Layouts, host.Pages)
			}
			if host.PreviewCards != 0 {
				t.Errorf("the second build made %d preview cards again: a card has no URL, the first build's serve", host.PreviewCards)
			}
			// a/first.md and a/second.md hold slot-like text; so does
			// a/third.md's HTML, once its entities are read.
			if name == "edges" && host.Bodies != 3 {
				t.Errorf("the second build rendered %d bodies, want 3 (those with slot-like text)", host.Bodies)
			}
			// The second build let its search analysis and the bodies'
			// text go; a build after it renders the text again, and its
			// index is the same.
			for _, again := range []struct {
				name string
				opts build.Options
				want *build.Result
			}{
				{"hosted again", build.Options{Style: graph.Pretty, Minify: true, Fingerprint: true}, wantHost},
				{"offline again", build.Options{Style: graph.Files, Minify: true}, wantOff},
			} {
				res, err := sn.Build(context.Background(), again.opts)
				if err != nil {
					t.Fatal(err)
				}
				sameOutput(t, again.name, res, again.want)
			}
		})
	}
}

func sameOutput(t *testing.T, variant string, got, want *build.Result) {
	t.Helper()
	if fmt.Sprint(got.Diags) != fmt.Sprint(want.Diags) {
		t.Errorf("%s: diagnostics differ:\n%s\nwant:\n%s", variant, got.Diags, want.Diags)
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("%s: %d files, want %d", variant, len(got.Files), len(want.Files))
	}
	for p, data := range want.Files {
		if !bytes.Equal(got.Files[p], data) {
			t.Errorf("%s: %s differs:\n%s\nwant:\n%s", variant, p, got.Files[p], data)
		}
	}
}

// TestSnapshotCloseLetsSpillGo: closing a Snapshot between its builds
// removes the templates' file, and the next build, executing the layouts
// instead, still makes the hosted variant byte for byte.
func TestSnapshotCloseLetsSpillGo(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	spilledTwice(t, func(sn *build.Snapshot) {
		sn.Close()
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("Close left %s in the temporary folder", left[0].Name())
		}
	})
}
