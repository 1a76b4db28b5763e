package publish_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// miniSite is a small site in this repository's theme (layouts and static
// are added from the repository by themed): a home page with its settings,
// a section with dated pages, a draft dated later than all of them, a
// page whose name needs UTF-8 and a picture beside a page.
const miniSite = `
-- content/_index.md --
---
title: Mini explainer
date: 2019-05-01
site:
  title: Mini explainer
  zip_name: mini
---
Read [the first point](points/one.md) and [the second](points/two.md#why).
-- content/points/_index.md --
---
title: Points
---
The points.
-- content/points/one.md --
---
title: One
date: 2020-09-08
summary: The first point.
---
## What it says
See [two](two.md#why), [the glossary](../glossary/données.md) and [a map](map.png).

` + "```go\nfunc main() {}\n```" + `
-- content/points/two.md --
---
title: Two
date: 2020-03-01T12:30:45+02:00
---
## Why
Only [an external link](https://example.org/) and a footnote.[^1]

[^1]: A note.
-- content/points/map.png --
not really a PNG, but copied as is
-- content/points/later.md --
---
title: Later
date: 2024-01-01
draft: true
---
A draft, left out, so its date does not count.
-- content/glossary/données.md --
---
title: Données
---
Data, in French.
`

// themed returns the files of a txtar site plus this repository's layouts
// and static files, as a MapFS.
func themed(t testing.TB, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	sitetest.AddRepo(t, fsys, "layouts", "static")
	sitetest.Add(fsys, archive)
	return fsys
}

// runBoth runs the driver for both variants, as gloss build does,
// keeping the offline variant's files for the tests to look at.
func runBoth(fsys fs.FS, opts publish.Options) (*publish.Report, error) {
	opts.KeepOffline = true
	return publish.Run(context.Background(), fsys, opts)
}

// runZip runs the driver for the offline variant and its zip, as gloss
// zip does.
func runZip(fsys fs.FS, opts publish.Options) (*publish.Report, error) {
	opts.Variants = publish.OfflineOnly
	return publish.Run(context.Background(), fsys, opts)
}

// epoch is a $SOURCE_DATE_EPOCH value as the command passes it.
func epoch(t testing.TB, s string) time.Time {
	t.Helper()
	e, err := offline.ParseEpoch(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// mustBuild runs runBoth and fails the test on any error diagnostic.
func mustBuild(t testing.TB, fsys fs.FS, opts publish.Options) *publish.Report {
	t.Helper()
	o, err := runBoth(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	if o.Failed() {
		t.Fatalf("build failed:\n%s", diagText(o))
	}
	return o
}

func diagText(o *publish.Report) string {
	var b strings.Builder
	for _, d := range o.Diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// readZip opens zip bytes, failing the test if they do not read back with
// every checksum right, and returns the entries by name.
func readZip(t testing.TB, data []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc) // checks the CRC-32 at EOF
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = b
	}
	return zr, files
}

// writeTree writes fsys under dir, in the given order of paths, each file
// with the given modification time.
func writeTree(t testing.TB, fsys fstest.MapFS, dir string, paths []string, mtime time.Time) {
	t.Helper()
	for _, name := range paths {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fsys[name].Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hrefs returns the values of every href and src attribute in an HTML
// document (this theme quotes them all with double quotes).
func hrefs(doc string) []string {
	var out []string
	for _, attr := range []string{` href="`, ` src="`} {
		rest := doc
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			j := strings.IndexByte(rest, '"')
			if j < 0 {
				break
			}
			out = append(out, strings.ReplaceAll(rest[:j], "&amp;", "&"))
			rest = rest[j:]
		}
	}
	return out
}

// resolve joins a relative URL to the output path of the page holding it.
func resolve(page, href string) string {
	href, _, _ = strings.Cut(href, "#")
	href, _, _ = strings.Cut(href, "?")
	if href == "" {
		return page
	}
	if u, err := url.PathUnescape(href); err == nil {
		href = u
	}
	return path.Join(path.Dir(page), href)
}

func isExternal(href string) bool {
	return strings.HasPrefix(href, "#") || strings.Contains(href, "://") ||
		strings.HasPrefix(href, "mailto:") || strings.HasPrefix(href, "data:")
}
