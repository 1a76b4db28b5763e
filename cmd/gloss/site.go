package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gloss-ssg/gloss/internal/source"
)

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// resolveSite fills in *site when --site was not given, from the current
// folder up (see source.Find). The folder found is made relative to the
// current one ("." when it is the current one) so that messages name
// paths as the author would type them, and paths the author typed stay
// relative to where they typed them. A --site that was given is used as
// it is. Not finding a site is a usage error (exit 2).
func resolveSite(fs *flag.FlagSet, site *string, stderr io.Writer) error {
	if *site != "" {
		if !isDir(*site) {
			return usageError(stderr, fs, "--site %s is not a directory", *site)
		}
		return nil
	}
	found, err := discover()
	var none *source.NoSiteError
	if errors.As(err, &none) {
		fmt.Fprintf(stderr, "gloss %s: %v\n", fs.Name(), err)
		return exitError(2)
	}
	if err != nil {
		return err
	}
	*site = found
	return nil
}

// discover runs source.Find from the current folder and returns the site
// relative to it.
func discover() (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the current folder: %w", err)
	}
	found, err := source.Find(cwd)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(cwd, found)
	if err != nil { // cannot happen: both are absolute on the same volume
		return found, nil
	}
	return rel, nil
}
