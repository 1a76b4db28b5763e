package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gloss-ssg/gloss/internal/export"
	"github.com/gloss-ssg/gloss/internal/starter"
)

// cmdInit writes the starter site into DIR (default: the current folder),
// which must be empty or not exist yet: gloss never writes over a file it
// did not make.
func cmdInit(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("init", "init [DIR]", stderr)
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) > 1 {
		return usageError(stderr, fs, "unexpected argument %q", positional[1])
	}
	dir := "."
	if len(positional) == 1 {
		dir = positional[0]
	}
	if err := emptyDir(dir); err != nil {
		fmt.Fprintf(stderr, "gloss init: %v; gloss init writes only into an empty or new folder\n"+
			"  name a new folder, such as: gloss init my-explainer; nothing was written\n", err)
		return exitError(2)
	}
	if why, err := inSiteSources(dir); err != nil {
		return err
	} else if why != "" {
		fmt.Fprintf(stderr, "gloss init: will not write to %s: %s\n"+
			"  name a folder outside that site's content/, layouts/ and static/; nothing was written\n", dir, why)
		return exitError(2)
	}
	if err := writeStarter(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gloss: made a starter site in %s (see its README.md). Next:\n", dir)
	cd := ""
	if dir != "." {
		cd = "cd " + shellQuote(dir) + " && "
	}
	fmt.Fprintf(stdout, "  %sgloss serve    # preview at http://%s, rebuilt as you edit\n", cd, "127.0.0.1:1313")
	fmt.Fprintf(stdout, "  %sgloss build    # the site and its offline zip, into public/\n", cd)
	return nil
}

// shellQuote writes p as a POSIX shell reads it back: as it is when it
// holds only characters no shell treats specially, else in single quotes;
// a leading "-" gets "./", so that cd does not take it for an option.
func shellQuote(p string) string {
	if strings.HasPrefix(p, "-") {
		p = "./" + p
	}
	if p != "" && strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+,:@") == "" {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// emptyDir reports why dir may not take the starter: it is not a folder,
// or holds something (a .git folder alone is fine: a fresh repository).
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if to, lerr := os.Readlink(dir); lerr == nil {
			return fmt.Errorf("%s is a symbolic link to %s, which does not exist", dir, to)
		}
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			return fmt.Errorf("%s is not empty (it holds %s)", dir, e.Name())
		}
	}
	return nil
}

// inSiteSources says why dir, empty or not there yet, lies in the
// sources of a site around it, whose next build would read the starter's
// files as its own pages, layouts or static files; or returns "".
func inSiteSources(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	site, err := findSite(abs)
	if err != nil {
		return "", nil // no site around it
	}
	_, err = export.CheckDir(dir, export.Options{Site: site})
	var r *export.Refusal
	if errors.As(err, &r) {
		return "the site in " + site + " would read the starter as its own (" + r.Reason + ")", nil
	}
	return "", nil // anything else is for writing to find out
}

// writeStarter copies the starter into dir, creating each file anew
// (O_EXCL), so that even a file that appeared since the check is kept.
func writeStarter(dir string) error {
	src := starter.FS()
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return fmt.Errorf("making %s: %w", dst, err)
			}
			return nil
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return fmt.Errorf("reading the starter's %s: %w", p, err)
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
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
		return nil
	})
}
