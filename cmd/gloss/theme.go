package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

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
		return themeEject(*site, positional[1], stdout, stderr)
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

// themeEject copies one theme file into the site under the same path. It
// never replaces a file: a site file of that name is refused (exit 2).
func themeEject(site, name string, stdout, stderr io.Writer) error {
	name = path.Clean(filepath.ToSlash(name))
	files := theme.Files()
	if !slices.Contains(files, name) {
		// "page.html" for "layouts/page.html", "css/site.css" for "static/…".
		var matches []string
		for _, f := range files {
			if strings.HasSuffix(f, "/"+name) {
				matches = append(matches, f)
			}
		}
		if len(matches) != 1 {
			fmt.Fprintf(stderr, "gloss theme: the theme has no file %s; see gloss theme --list\n", name)
			return exitError(2)
		}
		name = matches[0]
	}
	data, err := fs.ReadFile(theme.FS(), name)
	if err != nil {
		return fmt.Errorf("reading the theme's %s: %w", name, err)
	}
	dst := filepath.Join(site, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("making %s: %w", filepath.Dir(dst), err)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "gloss theme: %s already exists; not overwritten (it already overrides the theme's)\n"+
			"  edit it there, or move it away and eject again for the theme's version; nothing was written\n", dst)
		return exitError(2)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	fmt.Fprintln(stdout, dst)
	return nil
}
