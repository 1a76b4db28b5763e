package build

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode/utf16"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/offline"
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

// Read reads the site in fsys once. Its error is for I/O failures (see
// Build); the site's own reading problems are reported by each Build.
func Read(fsys fs.FS, opts Options) (*Snapshot, error) {
	s := NewSession(fsys, opts)
	s.oneShot, s.keepBodies = true, true
	src, err := source.Load(fsys)
	var errs source.Errors
	if errors.As(err, &errs) {
		if err := ioError(errs); err != nil {
			return nil, err
		}
	}
	return &Snapshot{sess: s, src: src, err: err}, nil
}

// Build builds the snapshot with opts (its Style, Download, Progress and
// Drafts; the snapshot keeps its own Highlighter). It may be called more
// than once, not concurrently. Its only error is ctx's, as for Build.
func (sn *Snapshot) Build(ctx context.Context, opts Options) (*Result, error) {
	if sn.err != nil {
		return readFailure(sn.err), nil
	}
	opts.Highlighter = sn.sess.opts.Highlighter
	sn.sess.opts = opts
	return sn.sess.build(ctx, sn.src)
}

// checkZipNames adds what the offline zip needs of the output paths to
// checkOutputNames' checks: a usable zip name, no path longer than
// MaxZipPath once inside the zip's folder, and nothing in the way of the
// zip's own README.txt or of the zip itself in the hosted output.
func (r *run) checkZipNames(paths []string) {
	name := offline.ZipName(r.site)
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
		case strings.EqualFold(p, offline.ZipReadme):
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip's own %s", p, offline.ZipReadme).
				WithHint("rename or remove it"))
		case strings.EqualFold(p, zip):
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "output path %s is taken by the offline zip", p).
				WithHint("rename it, or give the zip another name with site.zip_name"))
		}
		if n := utf16Len(name) + 1 + utf16Len(p); n > offline.MaxZipPath {
			r.shapeDiags = append(r.shapeDiags, diag.Errorf(from, 1, 1, "path %s in the offline zip is %d characters long; the limit is %d",
				path.Join(name, p), n, offline.MaxZipPath).
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
