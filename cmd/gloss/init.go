package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/gloss-ssg/gloss/internal/scaffold"
)

// cmdInit writes the starter site into DIR (default: the current folder),
// which must be empty or not exist yet (scaffold.Init): gloss never writes
// over a file it did not make.
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
	if err := scaffold.Init(dir); err != nil {
		return scaffoldError(fs, stderr, err)
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
