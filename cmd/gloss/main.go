// Command gloss builds annotated explainer sites. This file is flags and
// wiring only; the engine is under internal/.
//
// Exit status: 0 success, 1 content or template errors (all printed), 2
// usage errors, an output gloss will not overwrite among them, 3 I/O
// failures (a site file that cannot be read, an output that cannot be
// written, an address that cannot be listened on).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/devloop"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/export"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/markdown"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/scaffold"
	"github.com/gloss-ssg/gloss/internal/serve"
	"github.com/gloss-ssg/gloss/internal/source"
)

const usage = `gloss builds annotated explainer sites from Markdown.

Usage:
  gloss build   [--site DIR] [--out DIR] [--force] [--no-offline] [--drafts] [--format text|json]
  gloss check   [--site DIR] [--drafts] [--format text|json]
  gloss zip     [--site DIR] [-o FILE] [--drafts] [--format text|json]
  gloss serve   [--site DIR] [--addr 127.0.0.1:1313] [--poll] [--allow-host NAME] [--drafts]
  gloss render  [--site DIR] < fragment.md
  gloss new     [--site DIR] [--draft] SECTION SLUG
  gloss init    [DIR]
  gloss theme   [--site DIR] --list | eject FILE
  gloss version  (or gloss --version)

Run "gloss COMMAND --help" for a command's flags. Without --site, a
command works on the nearest folder holding content/, from the current
folder up (stopping at a git root without one).
Exit status: 0 success, 1 content or template errors, 2 usage errors
(an output gloss will not overwrite included), 3 I/O failures (reading
the site, writing the output).
`

// exitError carries an exit status up to main.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func main() {
	if len(os.Args) > 1 {
		tuneGC(os.Args[1])
	}
	// Set once, here: the pages' generator meta, the Atom feed and gloss
	// version all read it.
	build.Version = versionOf(debug.ReadBuildInfo())
	stop := startProfile()
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func([]string, io.Reader, io.Writer, io.Writer) error{
		"build": cmdBuild, "check": cmdCheck, "serve": cmdServe, "render": cmdRender, "new": cmdNew, "version": cmdVersion,
		"zip": cmdZip, "init": cmdInit, "theme": cmdTheme,
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if name == "--version" || name == "-version" {
		name = "version"
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "gloss: unknown command %q\n\n%s", name, usage)
		return 2
	}
	err := cmd(args[1:], stdin, stdout, stderr)
	var code exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &code):
		return int(code)
	default: // content errors come as exitError(1): anything else is I/O
		fmt.Fprintf(stderr, "gloss %s: %v\n", name, err)
		return 3
	}
}

// flagSet returns a FlagSet whose usage names the command.
func flagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: gloss %s\n", synopsis)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags { // a command without flags gets no empty "Flags:" heading
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones. Usage errors exit 2.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout) // asked-for help is output, not an error
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, exitError(2)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func usageError(stderr io.Writer, fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(stderr, "gloss %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return exitError(2)
}

// siteHelp describes --site, and where gloss looks without it.
const siteHelp = "the site `DIR`ectory, holding content/ (default: the nearest folder holding content/, from the current one up)"

type buildFlags struct {
	site, format string
	drafts       bool
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.site, "site", "", siteHelp)
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked draft: true")
	fs.StringVar(&b.format, "format", "text", "diagnostics as `text` (path:line:col: error: message) or json (one object a line)")
}

func (b *buildFlags) check(fs *flag.FlagSet, stderr io.Writer, positional []string) error {
	if len(positional) > 0 {
		return usageError(stderr, fs, "unexpected argument %q", positional[0])
	}
	if b.format != "text" && b.format != "json" {
		return usageError(stderr, fs, "--format must be text or json, not %q", b.format)
	}
	return resolveSite(fs, &b.site, stderr)
}

func summary(ds diag.List) string {
	errs, warns := ds.Count()
	var parts []string
	if errs > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", errs, diag.Plural(errs, "error", "errors")))
	}
	if warns > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", warns, diag.Plural(warns, "warning", "warnings")))
	}
	return strings.Join(parts, ", ")
}

func cmdBuild(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("build", "build [--site DIR] [--out DIR] [--force] [--no-offline] [--drafts] [--format text|json]", stderr)
	var b buildFlags
	b.register(fs)
	out := fs.String("out", "", "write the site, with its offline zip, to `DIR` (default: public/ in the site directory)")
	noOffline := fs.Bool("no-offline", false, "build only the hosted site: no offline variant, zip or download link")
	force := fs.Bool("force", false, "replace an output folder gloss did not make (keeping .git, CNAME, .nojekyll); never the site's sources")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if err := b.check(fs, stderr, positional); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(b.site, "public")
	}
	keep, err := siteKeep(b.site, b.format, stderr)
	if err != nil {
		return err
	}
	opts := export.Options{Site: b.site, Force: *force, Keep: keep}
	if _, err := export.CheckDir(*out, opts); err != nil { // before the build: refuse at once
		return refused(stderr, "build", err)
	}
	variants := publish.Both
	if *noOffline {
		variants = publish.HostedOnly
	}
	start := time.Now()
	rep, err := publishSite(&b, stderr, publish.Options{Variants: variants, Spill: true})
	if err != nil {
		return err
	}
	defer rep.Close()
	took := time.Since(start)
	if rep.Failed() {
		if b.format == "text" {
			fmt.Fprintf(stderr, "gloss: build failed with %s; %s left as it was\n", summary(rep.Diags), *out)
		}
		return exitError(1)
	}
	res := rep.Hosted
	if err := export.Write(res, *out, opts); err != nil {
		return refused(stderr, "build", err)
	}
	if b.format == "text" {
		zip := rep.ZipName + ".zip"
		what := fmt.Sprintf("offline zip %s, %s", zip, layout.HumanSize(rep.Zip.Size()))
		if *noOffline {
			what = "no offline zip"
		}
		msg := fmt.Sprintf("gloss: built %d pages, %d files (%s) into %s in %s", rep.Pages, len(res.Files),
			what, *out, took.Round(time.Millisecond))
		if s := summary(rep.Diags); s != "" {
			msg += " (" + s + ")"
		}
		fmt.Fprintln(stderr, msg)
		noteUnmarked(stderr, *out)
	}
	return nil
}

func cmdCheck(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("check", "check [--site DIR] [--drafts] [--format text|json]", stderr)
	var b buildFlags
	b.register(fs)
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if err := b.check(fs, stderr, positional); err != nil {
		return err
	}
	start := time.Now()
	rep, err := publishSite(&b, stderr, publish.Options{NoZip: true})
	if err != nil {
		return err
	}
	took := time.Since(start)
	if rep.Failed() {
		if b.format == "text" {
			fmt.Fprintf(stderr, "gloss: check found %s\n", summary(rep.Diags))
		}
		return exitError(1)
	}
	if b.format == "text" {
		msg := fmt.Sprintf("gloss: checked %d pages, hosted and offline, in %s", rep.Pages, took.Round(time.Millisecond))
		if s := summary(rep.Diags); s != "" {
			msg += " (" + s + ")"
		}
		fmt.Fprintln(stderr, msg+"; nothing written")
	}
	return nil
}

// hostList collects repeated --allow-host flags.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

func cmdServe(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("serve", "serve [--site DIR] [--addr 127.0.0.1:1313] [--poll] [--allow-host NAME] [--drafts]", stderr)
	site := fs.String("site", "", siteHelp)
	addr := fs.String("addr", serve.DefaultAddr, "listen on `HOST:PORT` (loopback by default; 0.0.0.0:1313 exposes the server to the network)")
	poll := fs.Bool("poll", false, "watch by polling, for file systems without change events (WSL /mnt, network mounts)")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	var hosts hostList
	fs.Var(&hosts, "allow-host", "also answer requests for this host `NAME` (repeatable); others get 403")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError(stderr, fs, "unexpected argument %q", positional[0])
	}
	if err := resolveSite(fs, site, stderr); err != nil {
		return err
	}
	// A malformed address is a usage error (2); a well-formed one that
	// cannot be listened on (port in use, no permission) fails in
	// devloop.Run, like any other I/O error (3).
	if err := serve.CheckAddr(*addr); err != nil {
		return usageError(stderr, fs, "--addr %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = devloop.Run(ctx, devloop.Options{Site: *site, Addr: *addr, AllowHosts: hosts, Poll: *poll,
		Drafts: *drafts, Out: stderr, FollowHeap: followHeap(os.Getenv)})
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w (is another gloss serve running? stop it, or pick another port: --addr 127.0.0.1:0 takes any free one)", err)
	}
	return err
}

func cmdRender(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("render", "render [--site DIR] < fragment.md", stderr)
	site := fs.String("site", "", "take Markdown settings (unsafe_html) from the site in `DIR` (default: the site around the current folder, if there is one)")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError(stderr, fs, "unexpected argument %q (the Markdown comes on standard input)", positional[0])
	}
	if *site == "" {
		// Outside a site found stays "", and the default settings apply:
		// the current folder has no content/ (else it would be the site).
		found, err := discover()
		var none *source.NoSiteError
		if err != nil && !errors.As(err, &none) {
			return err
		}
		*site = found
	}
	var settings frontmatter.SiteSettings
	if data, err := os.ReadFile(filepath.Join(*site, "content", "_index.md")); err == nil {
		doc, errs := frontmatter.Parse(data)
		for _, e := range errs {
			fmt.Fprintln(stderr, diag.Errorf("content/_index.md", e.Line, e.Col, "%s", e.Msg).WithHint(e.Hint))
		}
		if len(errs) > 0 {
			return exitError(1)
		}
		if doc.Meta.Site != nil {
			settings = *doc.Meta.Site
		}
	}
	src, err := io.ReadAll(stdin)
	if err != nil {
		return fmt.Errorf("reading standard input: %w", err)
	}
	out := markdown.New(markdown.Options{UnsafeHTML: settings.UnsafeHTML}).
		Render(src, markdown.Page{File: "<stdin>", BodyLine: 1})
	out.Diags.Sort().Write(stderr, "text")
	if _, err := stdout.Write(out.HTML); err != nil {
		return err
	}
	if out.Diags.HasErrors() {
		return exitError(1)
	}
	return nil
}

func cmdNew(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("new", "new [--site DIR] [--draft] SECTION SLUG", stderr)
	site := fs.String("site", "", siteHelp)
	draft := fs.Bool("draft", false, "mark the page draft: true, left out of builds without --drafts")
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) != 2 {
		return usageError(stderr, fs, "need a SECTION and a SLUG, such as: gloss new counterexamples crypto-ag")
	}
	if err := resolveSite(fs, site, stderr); err != nil {
		return err
	}
	file, err := scaffold.NewPage(scaffold.Page{Site: *site, Section: positional[0], Slug: positional[1], Draft: *draft, Today: time.Now()})
	if err != nil {
		return scaffoldError(fs, stderr, err)
	}
	fmt.Fprintln(stdout, file)
	return nil
}

// scaffoldError reports why package scaffold wrote nothing, and returns
// the exit status that says so: 2 for a refusal or a request that cannot
// be carried out as given, 1 for a mistake in the site.
func scaffoldError(fs *flag.FlagSet, stderr io.Writer, err error) error {
	var refusal *scaffold.Refusal
	var bad *scaffold.BadRequest
	var mistake *scaffold.Mistake
	switch {
	case errors.As(err, &refusal):
		fmt.Fprintf(stderr, "gloss %s: %s\n  %s; nothing was written\n", fs.Name(), refusal.Reason, refusal.Hint)
		return exitError(2)
	case errors.As(err, &bad):
		return usageError(stderr, fs, "%s", bad.Msg)
	case errors.As(err, &mistake):
		fmt.Fprintf(stderr, "gloss %s: %s\n", fs.Name(), mistake.Msg)
		if mistake.Hint != "" {
			fmt.Fprintf(stderr, "  %s\n", mistake.Hint)
		}
		return exitError(1)
	}
	return err
}

func cmdVersion(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flagSet("version", "version", stderr)
	positional, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError(stderr, fs, "unexpected argument %q", positional[0])
	}
	fmt.Fprintf(stdout, "gloss %s\n", build.Version)
	return nil
}
