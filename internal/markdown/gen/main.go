// Command gen writes internal/markdown/chromacss: for each chroma style,
// the class stylesheet chroma's HTML formatter writes for it
// (chromahtml.WithClasses). The markdown package embeds these instead of
// importing chroma's styles package, whose init parses every style's XML
// on each start of gloss. Run by go generate in internal/markdown.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := os.RemoveAll("chromacss"); err != nil {
		return err
	}
	if err := os.Mkdir("chromacss", 0o755); err != nil {
		return err
	}
	f := chromahtml.New(chromahtml.WithClasses(true))
	for name, style := range styles.Registry {
		var css bytes.Buffer
		if err := f.WriteCSS(&css, style); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join("chromacss", name+".css"), css.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
