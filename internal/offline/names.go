package offline

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/portable"
)

// MaxZipPath is the longest path allowed inside the offline zip, its
// top-level folder included, in UTF-16 code units (what Windows counts).
// Windows' MAX_PATH is 260 characters for the whole path, and many
// programs (Explorer's "Extract all" among them) still hold to it. A
// classroom PC extracts into something like
// C:\Users\firstname.lastname\Downloads\<zip_name>\, about 60 to 100
// characters before the zip's own paths begin; 150 keeps the total under
// 260 with room to spare for longer user names and OneDrive folders.
const MaxZipPath = 150

// ZipReadme is the name of the instructions file at the top of the zip.
const ZipReadme = "README.txt"

// maxZipNameLen caps the zip name made from a long site title, so the
// folder leaves most of MaxZipPath to the pages.
const maxZipNameLen = 40

// ZipName is the name of the offline zip (without ".zip") and of its
// top-level folder: site.zip_name, or else a slug of the site's title.
func ZipName(site *graph.Site) string {
	if site.Settings.ZipName != "" {
		return site.Settings.ZipName
	}
	title := site.Settings.Title
	if title == "" && site.Home != nil {
		title = site.Home.Meta.Title
	}
	return slug(title)
}

// slug lowercases s, keeps its letters and digits, drops apostrophes and
// joins the rest with single hyphens: "China's data, annotated" →
// "chinas-data-annotated". An empty result is "site". It is the heading
// slug (markdown.Slugify) with every other character a separator, since a
// file name has no use for the punctuation a heading's ID drops silently.
func slug(s string) string {
	out := markdown.Slugify(strings.Map(func(c rune) rune {
		switch {
		case c == '\'' || c == '’':
			return -1
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			return c
		}
		return ' '
	}, s))
	if r := []rune(out); len(r) > maxZipNameLen {
		out = string(r[:maxZipNameLen])
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	if out == "" {
		return "site"
	}
	return out
}

// CheckZipPaths reports what the offline zip needs of a build's output paths: a
// usable zip name, no path longer than MaxZipPath once inside the zip's
// folder, and nothing in the way of the zip's own README.txt or of the
// zip itself in the hosted output. sources maps each path to the site
// file it came from.
func CheckZipPaths(site *graph.Site, paths []string, sources map[string]string) diag.List {
	var ds diag.List
	name := ZipName(site)
	if site.Settings.ZipName != "" {
		pos := site.Settings.Pos
		if pos.Line == 0 {
			pos = site.Home.Meta.Keys["site"]
		}
		msg := ""
		if strings.ContainsAny(name, "/\\") {
			msg = "it must be one name, without slashes"
		} else if name == "." || name == ".." {
			msg = "it must be a name, not " + name
		} else if strings.HasPrefix(name, ".") {
			// A dot file is hidden on macOS and Linux, and many static
			// hosts (GitHub Pages' Jekyll among them) do not publish it.
			msg = "it must not start with a dot, which hides the zip and its folder"
		} else {
			msg = portable.BadName(name)
		}
		if msg != "" {
			return append(ds, diag.Errorf(site.Home.File, pos.Line, pos.Col, "site.zip_name %q: %s", name, msg).
				WithHint("use letters, digits and hyphens, such as \"my-explainer\""))
		}
	}
	zip := name + ".zip"
	for _, p := range paths {
		from := sources[p]
		switch {
		case strings.EqualFold(p, ZipReadme):
			ds = append(ds, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip's own %s", p, ZipReadme).
				WithHint("rename or remove it"))
		case strings.EqualFold(p, zip):
			ds = append(ds, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip", p).
				WithHint("rename it, or give the zip another name with site.zip_name"))
		}
		if n := utf16Len(name) + 1 + utf16Len(p); n > MaxZipPath {
			ds = append(ds, diag.Errorf(from, 1, 1, "path %s in the offline zip is %d characters long; the limit is %d",
				path.Join(name, p), n, MaxZipPath).
				WithHint("shorten the file or folder names: Windows cannot open longer paths once the zip is extracted"))
		}
	}
	return ds
}

func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n += utf16.RuneLen(c)
	}
	return n
}
