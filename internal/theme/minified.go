package theme

import (
	"bytes"
	"embed"
	"io/fs"
)

// The theme's stylesheets and scripts, minified when gloss itself is
// built (go generate), so that a published build of a site using them as
// they are does not minify them again each time: at 40 pages that was a
// tenth of the build. TestMinifiedIsCurrent fails when a file in static/
// changes without them.
//
// The same goes for the highlighting stylesheet a site that names no
// styles gets (css/syntax.css from chroma's github and github-dark),
// which each build makes and would minify again: generated/ holds it as
// builds make it, minified/ minified (TestDefaultSyntaxIsCurrent).
//
//go:generate go run ./gen
//go:embed minified
var minified embed.FS

//go:embed generated
var generated embed.FS

// Minified returns the minified form of the theme's static file p
// ("css/site.css"), or of the default highlighting stylesheet, when data
// is that file as the theme has it.
func Minified(p string, data []byte) ([]byte, bool) {
	orig, err := fs.ReadFile(files, "static/"+p)
	if err != nil {
		orig, err = fs.ReadFile(generated, "generated/"+p)
	}
	if err != nil || !bytes.Equal(orig, data) {
		return nil, false
	}
	min, err := fs.ReadFile(minified, "minified/"+p)
	if err != nil {
		return nil, false
	}
	return min, true
}
