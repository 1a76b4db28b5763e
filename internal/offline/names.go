package offline

import (
	"strings"
	"unicode"

	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
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
