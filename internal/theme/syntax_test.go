package theme_test

import (
	"bytes"
	"testing"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// TestDefaultSyntaxIsCurrent checks that the theme's minified copy of the
// default highlighting stylesheet is what a build makes and minifies
// today, for build's default styles: otherwise run go generate
// ./internal/theme.
func TestDefaultSyntaxIsCurrent(t *testing.T) {
	css, err := markdown.Stylesheet(build.DefaultLightStyle, build.DefaultDarkStyle)
	if err != nil {
		t.Fatal(err)
	}
	want, err := assets.Minify(build.SyntaxCSS, css)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := theme.Minified(build.SyntaxCSS, css)
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("%s: the minified copy of the default stylesheet is missing or stale: run go generate ./internal/theme", build.SyntaxCSS)
	}
	other, err := markdown.Stylesheet("monokai", build.DefaultDarkStyle)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := theme.Minified(build.SyntaxCSS, other); ok {
		t.Error("another pair of styles was taken for the default one")
	}
	if _, ok := theme.Minified("css/other.css", css); ok {
		t.Error("the default stylesheet was known under another name")
	}
}
