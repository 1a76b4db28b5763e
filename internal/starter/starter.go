// Package starter holds the site gloss init writes: a small, working
// explainer of a neutral subject (an imaginary town's tree charter) with
// every kind of annotation gloss supports, and only content/, since the
// look comes from the default theme in the binary.
package starter

import (
	"embed"
	"io/fs"
)

//go:embed all:site
var files embed.FS

// FS returns the starter site, with README.md and content/ at its root.
func FS() fs.FS {
	sub, err := fs.Sub(files, "site")
	if err != nil {
		panic(err) // "site" is a valid path, embedded above
	}
	return sub
}
