package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/scaffold"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// cmdTheme shows the default theme's files (--list) and copies one into
// the site (eject FILE), where it then overrides the theme's.
func cmdTheme(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("theme", "theme [--site DIR] --list | eject FILE", stderr)
	site := fs.String("site", "", siteHelp)
	list := fs.Bool("list", false, "list the default theme's files, marking those the site overrides")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	switch {
	case *list && len(positional) == 0:
		// Listing needs no site: outside one, nothing is marked
		// overridden.
		if *site == "" {
			if found, err := discover(); err == nil {
				*site = found
			}
		}
		return themeList(*site, stdout)
	case !*list && len(positional) == 2 && positional[0] == "eject":
		if err := resolveSite(fs, site, stderr); err != nil {
			return err
		}
		return themeEject(fs, *site, positional[1], stdout, stderr)
	case !*list && len(positional) > 0 && positional[0] == "eject":
		return usageError(stderr, fs, "eject needs one FILE, such as: gloss theme eject layouts/page.html")
	}
	return usageError(stderr, fs, "give --list, or eject FILE")
}

// themeList prints the theme's files, one a line, those the site has a
// file of its own for marked "overridden".
func themeList(site string, stdout io.Writer) error {
	files := theme.Files()
	width := 0
	for _, f := range files {
		width = max(width, len(f))
	}
	overridden := 0
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(site, filepath.FromSlash(f))); site != "" && err == nil {
			overridden++
			fmt.Fprintf(stdout, "%-*s  overridden by the site\n", width, f)
		} else {
			fmt.Fprintln(stdout, f)
		}
	}
	if site == "" {
		fmt.Fprintf(stdout, "\n%d theme files (no site here to compare with); inside a site, copy one into it with: gloss theme eject FILE\n", len(files))
		return nil
	}
	fmt.Fprintf(stdout, "\n%d theme files, %d overridden by the site in %s; copy one into the site with: gloss theme eject FILE\n",
		len(files), overridden, site)
	return nil
}

// themeEject copies one theme file into the site (scaffold.Eject).
func themeEject(fs *flag.FlagSet, site, name string, stdout, stderr io.Writer) error {
	dst, err := scaffold.Eject(site, name)
	if err != nil {
		return scaffoldError(fs, stderr, err)
	}
	fmt.Fprintln(stdout, dst)
	return nil
}
