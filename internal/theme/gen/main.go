// Command gen writes internal/theme/minified: each stylesheet and script
// of the theme's static/ folder, minified as a published build would
// (package assets), and the default highlighting stylesheet, which every
// build of a site that names no highlight styles writes, as it is
// (internal/theme/generated) and minified. Run by go generate in
// internal/theme.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/assets"
	"github.com/gloss-ssg/gloss/internal/markdown"
)

// The default highlight styles and where the stylesheet is written:
// build.DefaultLightStyle, build.DefaultDarkStyle and build.SyntaxCSS,
// which this command cannot import (build embeds this package's output).
// TestDefaultSyntaxIsCurrent holds them to build's.
const (
	defaultLight = "github"
	defaultDark  = "github-dark"
	syntaxCSS    = "css/syntax.css"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	for _, dir := range []string{"minified", "generated"} {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	css, err := markdown.Stylesheet(defaultLight, defaultDark)
	if err != nil {
		return err
	}
	if err := write("generated", syntaxCSS, css); err != nil {
		return err
	}
	min, err := assets.Minify(syntaxCSS, css)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", syntaxCSS, err)
	}
	if err := write("minified", syntaxCSS, min); err != nil {
		return err
	}
	return filepath.WalkDir("static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel("static", p)
		if err != nil {
			return err
		}
		if !assets.Processed(filepath.ToSlash(rel)) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		min, err := assets.Minify(filepath.ToSlash(rel), data)
		if err != nil {
			return fmt.Errorf("minifying %s: %w", p, err)
		}
		return write("minified", rel, min)
	})
}

// write writes data to dir/rel, making its folders.
func write(dir, rel string, data []byte) error {
	out := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}
