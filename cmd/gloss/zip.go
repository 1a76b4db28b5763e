package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/export"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/publish"
)

func cmdZip(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("zip", "zip [--site DIR] [-o FILE] [--drafts] [--format text|json]", stderr)
	var b buildFlags
	b.register(fs)
	out := fs.String("o", "", "write the zip to `FILE` (default: ZIP_NAME.zip in the current directory, ZIP_NAME being site.zip_name or a slug of the site's title)")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if err := b.check(fs, stderr, positional); err != nil {
		return err
	}
	if *out != "" { // before the build: refuse at once
		if _, err := export.CheckFile(*out, b.site); err != nil {
			return refused(stderr, "zip", err)
		}
	}
	start := time.Now()
	rep, err := publishSite(&b, stderr, publish.Options{Variants: publish.OfflineOnly})
	if err != nil {
		return err
	}
	file := *out
	if file == "" {
		file = rep.ZipName + ".zip"
	}
	if rep.Failed() {
		if b.format == "text" {
			fmt.Fprintf(stderr, "gloss: build failed with %s; %s not written\n", summary(rep.Diags), file)
		}
		return exitError(1)
	}
	target, err := export.CheckFile(file, b.site)
	if err != nil {
		return refused(stderr, "zip", err)
	}
	if err := export.WriteFile(target, rep.Zip); err != nil {
		return err
	}
	if b.format == "text" {
		msg := fmt.Sprintf("gloss: wrote %s (%d pages, %s) in %s", file, rep.Pages,
			layout.HumanSize(rep.Zip.Size()), time.Since(start).Round(time.Millisecond))
		if s := summary(rep.Diags); s != "" {
			msg += " (" + s + ")"
		}
		fmt.Fprintln(stderr, msg)
	}
	return nil
}

// refused reports an output gloss will not write (an *export.Refusal):
// what is there and how to proceed, with exit status 2. Other errors
// pass through.
func refused(stderr io.Writer, cmd string, err error) error {
	var r *export.Refusal
	if !errors.As(err, &r) {
		if cmd == "build" {
			return fmt.Errorf("writing output: %w", err)
		}
		return err
	}
	hint := "choose another -o file, outside the site's sources"
	switch {
	case r.Hint != "":
		hint = r.Hint
	case cmd == "build" && r.Added:
		hint = "move your files out of the folder first (into static/ to publish them with the site), " +
			"or name them in the site's keep: list to keep them in the output (top-level names); " +
			"--force replaces the folder anyway, and they are lost"
	case cmd == "build" && r.Forceable:
		hint = "use --force to replace what is there (gloss keeps .git, CNAME and .nojekyll), or choose another --out folder"
	case cmd == "build":
		hint = "choose another --out folder, outside the site's sources (the default is public/ in the site folder)"
	}
	fmt.Fprintf(stderr, "gloss %s: will not write to %s: %s\n  %s; nothing was written\n", cmd, r.Path, r.Reason, hint)
	return exitError(2)
}

// noteUnmarked tells of hidden folders beside the output that look like
// leftovers of interrupted builds but lack gloss's marker, which gloss
// therefore leaves: most often from a gloss before the marker.
func noteUnmarked(stderr io.Writer, out string) {
	stray := export.Unmarked(out)
	if len(stray) == 0 {
		return
	}
	fmt.Fprintf(stderr, "gloss: note: hidden folders beside the output look like leftovers of interrupted builds "+
		"but carry no %s marker, so gloss left them; delete them yourself if you do not need them:\n", export.Marker)
	for _, p := range stray {
		fmt.Fprintf(stderr, "  %s\n", p)
	}
}

// siteKeep reads site.keep from the home page before the build, so that
// the output is checked at once with it. A home page that does not parse
// is left for the build to report.
func siteKeep(site, format string, stderr io.Writer) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(site, "content", "_index.md"))
	if err != nil {
		return nil, nil
	}
	doc, errs := frontmatter.Parse(data)
	if len(errs) > 0 || doc.Meta.Site == nil {
		return nil, nil
	}
	s := doc.Meta.Site
	if err := export.CheckKeep(s.Keep); err != nil {
		diag.List{diag.Errorf("content/_index.md", s.Pos.Line, s.Pos.Col, "site.%v", err)}.Write(stderr, format)
		return nil, exitError(1)
	}
	return s.Keep, nil
}
