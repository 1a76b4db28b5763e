// Command gen writes internal/theme/minified: each stylesheet and script
// of the theme's static/ folder, minified as a published build would
// (package assets). Run by go generate in internal/theme.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/assets"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := os.RemoveAll("minified"); err != nil {
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
		out := filepath.Join("minified", rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, min, 0o644)
	})
}
