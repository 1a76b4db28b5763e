package build

import (
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/source"
)

// Snapshot is a site's sources read once, to be built more than once: the
// offline variant, then the hosted one. Built from one snapshot, the two
// cannot disagree, even if an author saves a file between the two builds;
// the second build also reuses the first one's parsed front matter, layouts,
// highlighted code, and every rendered body whose links resolve the same in
// both styles (a body linking only to other sites, or to its own headings).
type Snapshot struct {
	sess *Session
	src  *source.Site
	err  error
}

// Read reads the site in fsys once. Reading errors are reported by Build.
func Read(fsys fs.FS, opts Options) *Snapshot {
	s := NewSession(fsys, opts)
	s.oneShot, s.keepBodies = true, true
	src, err := source.Load(fsys)
	return &Snapshot{sess: s, src: src, err: err}
}

// Build builds the snapshot with opts (its Style, Download, Progress and
// Drafts; the snapshot keeps its own Highlighter). It may be called more
// than once, not concurrently.
func (sn *Snapshot) Build(opts Options) *Result {
	if sn.err != nil {
		return readFailure(sn.err)
	}
	opts.Highlighter = sn.sess.opts.Highlighter
	sn.sess.opts = opts
	return sn.sess.build(sn.src)
}

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

// checkZipNames adds what the offline zip needs of the output paths to
// checkOutputNames' checks: a usable zip name, no path longer than
// MaxZipPath once inside the zip's folder, and nothing in the way of the
// zip's own README.txt or of the zip itself in the hosted output.
func (r *run) checkZipNames(paths []string) {
	name := ZipName(r.site)
	if r.site.Settings.ZipName != "" {
		pos := r.site.Settings.Pos
		if pos.Line == 0 {
			pos = r.site.Home.Meta.Keys["site"]
		}
		msg := ""
		if strings.ContainsAny(name, "/\\") {
			msg = "it must be one name, without slashes"
		} else if name == "." || name == ".." {
			msg = "it must be a name, not " + name
		} else {
			msg = badName(name)
		}
		if msg != "" {
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(r.site.Home.File, pos.Line, pos.Col, "site.zip_name %q: %s", name, msg).
				WithHint("use letters, digits and hyphens, such as \"my-explainer\""))
			return
		}
	}
	zip := name + ".zip"
	for _, p := range paths {
		from := r.res.Sources[p]
		switch {
		case strings.EqualFold(p, ZipReadme):
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip's own %s", p, ZipReadme).
				WithHint("rename or remove it"))
		case strings.EqualFold(p, zip):
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip", p).
				WithHint("rename it, or give the zip another name with site.zip_name"))
		}
		if n := utf16Len(name) + 1 + utf16Len(p); n > MaxZipPath {
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "path %s in the offline zip is %d characters long; the limit is %d",
				path.Join(name, p), n, MaxZipPath).
				WithHint("shorten the file or folder names: Windows cannot open longer paths once the zip is extracted"))
		}
	}
}

func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n += utf16.RuneLen(c)
	}
	return n
}
