package build

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/source"
)

// assets writes the site's stylesheets and scripts (static/**/*.css and
// *.js, and the generated highlighting stylesheet, syntax) minified and
// fingerprinted as the options ask, and records the names layouts link
// them by. A file minify cannot parse is an error at its line.
func (r *run) assets(src *source.Site, syntax []byte) {
	var files []assets.File
	from := map[string]string{}
	for _, f := range src.Static {
		p := strings.TrimPrefix(f.Path, "static/")
		if p == SyntaxCSS {
			// The generated stylesheet owns its name; the clash is the
			// static file's, whose name the author chose.
			r.add(diag.Errorf(f.Path, 1, 1, "%s is the name of the highlighting stylesheet gloss writes", SyntaxCSS).
				WithHint("rename this file; to change the colours of code, name chroma styles in the home page's site.highlight"))
			continue
		}
		if assets.Processed(p) {
			files = append(files, assets.File{Path: p, Data: f.Data})
			from[p] = f.Path
		}
	}
	if syntax != nil {
		files = append(files, assets.File{Path: SyntaxCSS, Data: syntax})
		from[SyntaxCSS] = r.site.Home.File
	}
	// The session's memo minifies a file once for both variants of a
	// published build.
	out := assets.Process(files, assets.Options{Minify: r.opts.Minify, Fingerprint: r.opts.Fingerprint, Memo: &r.sess.minified})
	for p, name := range out.Names { // a fingerprinted copy comes from its file
		from[name] = from[p]
	}
	for _, f := range out.Files {
		r.output(f.Path, f.Data, from[f.Path])
	}
	for _, p := range slices.Sorted(maps.Keys(out.Errors)) {
		line, col := 1, 1
		var pe *parse.Error
		if errors.As(out.Errors[p], &pe) {
			line, col = pe.Line, pe.Column
		}
		msg := out.Errors[p].Error()
		if pe != nil {
			msg = pe.Message
		}
		r.add(diag.Errorf(from[p], line, col, "cannot minify: %s", msg))
	}
	r.assetNames = out.Names
	if len(out.Names) > 0 {
		var h sigHash
		h.init(r.sess.shapeSeed)
		for _, p := range slices.Sorted(maps.Keys(out.Names)) {
			h.str(p)
			h.str(out.Names[p])
		}
		r.assetSum = h.sum()
	}
}
