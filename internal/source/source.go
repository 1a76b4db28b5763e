// Package source owns finding a site (Find: the nearest folder holding
// content/, as git finds a repository) and reading it: the files under
// content/, layouts/ and static/ of a site directory, through fs.FS so
// that tests and the dev server can build from memory. Hidden files and editor leftovers are
// skipped, except static/.well-known/ and static/.nojekyll, which hosts
// need; other hidden files of static/ are listed so the build can warn
// about them. Everything else is returned sorted by path, so later stages
// see the same order whatever the file system's.
//
// Only regular files inside the site folder are read. A symbolic link is
// followed when its target, resolved one path element at a time, stays
// inside the site folder and is a regular file or a folder that is not
// hidden: a linked file is read under the link's name, a linked folder is
// read as if its files were under the link. A link that leaves the site
// (an absolute target, or one that climbs out with ".."), points to
// nothing, loops, or reaches a hidden file, and any device, named pipe or
// socket, is an Error at that path, which the build reports with the
// site's other errors, and it publishes nothing. The links followed are
// listed (Site.Links), so that an edit of what one points to can be read
// as an edit of the link too (Linked, Update).
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/gloss-ssg/gloss/internal/parallel"
)

// File is one source file; Path is relative to the site with forward
// slashes ("content/principles/second.md").
type File struct {
	Path string
	Data []byte
}

// Site is everything read from a site directory.
type Site struct {
	Content []File
	Layouts []File
	Static  []File
	// Hidden lists the hidden files and folders of static/ that are not
	// published (static/.htaccess), sorted; editor and system leftovers
	// (.DS_Store, swap files, .gitkeep) are not listed.
	Hidden []string
	// Links maps each site path the read reached through a symbolic link
	// (the link itself, or a top folder that is one) to the link-free
	// site path it stands for: "content/again" → "content/notes". Linked
	// uses it to read a link again when what it points to changes.
	Links map[string]string
}

// Error is a problem with one path of the site: a symbolic link that
// leaves it, a device, a folder that cannot be read.
type Error struct {
	Path string // site path: "static/env.txt"
	Msg  string
	// Err is the file system's error when the path could not be read at
	// all (permission denied, a failing disk): an I/O failure, where the
	// other Errors are problems of the site's own making. Nil otherwise.
	Err error
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// Unwrap returns the file system's error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Unwrap returns the problems, so that errors.Is finds a file system
// error among them.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// IO returns the Errors that are I/O failures (those with an Err), nil
// if there are none.
func (es Errors) IO() Errors {
	var out Errors
	for _, e := range es {
		if e.Err != nil {
			out = append(out, e)
		}
	}
	return out
}

// Errors are the problems found in one read, sorted by path.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Dirs are the folders of a site that gloss reads.
var Dirs = []string{"content", "layouts", "static"}

// maxLinks is how many symbolic links one path may pass through before it
// is taken for a loop (Linux's own limit is 40).
const maxLinks = 40

// Load reads the site's files from fsys, whose root is the site directory.
// When ctx ends first, it stops between reads and returns ctx's error
// alone.
// A missing folder is empty, except content/, which every site needs.
// Problems with single paths (see the package comment) come back as
// Errors, together with every file that could be read; any other error
// comes alone. It reads files on all cores: fsys must allow concurrent
// reads, as os.DirFS, embed.FS and fstest.MapFS do.
func Load(ctx context.Context, fsys fs.FS) (*Site, error) {
	s := &Site{}
	rd := newReader(ctx, fsys)
	var found []*foundFile
	for _, dir := range Dirs {
		real, info, err := rd.resolve(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist) && rd.link == "":
			if dir == "content" {
				return nil, fmt.Errorf("no content/ folder: is this a gloss site?")
			}
			continue
		case err != nil:
			rd.fail(dir, err)
			continue
		case !info.IsDir():
			rd.errs = append(rd.errs, &Error{Path: dir, Msg: "not a folder"})
			continue
		}
		rd.noteLink(dir, real)
		rd.walk(dir, real, ancestors(real), func(f *foundFile) { found = append(found, f) })
	}
	// Read after the walk, on all cores: at 10,000 pages reading the files
	// one after the other took 0.3 s, each a few system calls.
	parallel.ForEach(len(found), func(i int) {
		f := found[i]
		f.data, f.err = rd.readFile(f.real)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	byDir := map[string][]File{}
	for _, f := range found {
		if f.err != nil {
			rd.readFailed(f, f.err)
			continue
		}
		dir, _, _ := strings.Cut(f.logical, "/")
		byDir[dir] = append(byDir[dir], File{Path: f.logical, Data: f.data})
	}
	for _, files := range byDir {
		sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	}
	s.Content, s.Layouts, s.Static = byDir["content"], byDir["layouts"], byDir["static"]
	sort.Strings(rd.hidden)
	s.Hidden = rd.hidden
	s.Links = rd.linked
	if len(rd.errs) > 0 {
		return s, rd.sorted()
	}
	return s, nil
}

// foundFile is a regular file the walk found, to read.
type foundFile struct {
	logical, real string // site path, and link-free path
	link          string // reader.link when found, for its messages
	data          []byte
	err           error
}

// readFailed records that f could not be read, in the words of the link
// that led to it, if any.
func (rd *reader) readFailed(f *foundFile, err error) {
	rd.link = f.link
	rd.fail(f.logical, err)
}

// reader reads files and folders of one site, following links as the
// package comment says, and collects the problems it meets.
type reader struct {
	ctx    context.Context // readSized stops when it ends
	fsys   fs.FS
	links  fs.ReadLinkFS // nil when fsys cannot tell links apart
	errs   Errors
	hidden []string
	// link is the target of the first link resolve met, as written, for
	// its messages; "" when the path holds no link.
	link string
	// linked collects Site.Links: site path → link-free path.
	linked map[string]string
}

// noteLink records that the site path logical stands for the link-free
// path real, when they differ.
func (rd *reader) noteLink(logical, real string) {
	if logical == real {
		return
	}
	if rd.linked == nil {
		rd.linked = map[string]string{}
	}
	rd.linked[logical] = real
}

// isLink reports whether the site path p is a symbolic link itself (not
// only a path through one).
func (rd *reader) isLink(p string) bool {
	if rd.links == nil {
		return false
	}
	info, err := rd.links.Lstat(p)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

func newReader(ctx context.Context, fsys fs.FS) *reader {
	rd := &reader{ctx: ctx, fsys: fsys}
	rd.links, _ = fsys.(fs.ReadLinkFS)
	return rd
}

func (rd *reader) sorted() Errors {
	sort.SliceStable(rd.errs, func(i, j int) bool { return rd.errs[i].Path < rd.errs[j].Path })
	return rd.errs
}

// linkError is why a link cannot be followed.
type linkError struct{ msg string }

func (e *linkError) Error() string { return e.msg }

// fail records err, met at site path p, as an Error at p.
func (rd *reader) fail(p string, err error) {
	var le *linkError
	msg := ""
	var ioErr error
	switch {
	case errors.As(err, &le):
		msg = le.msg
	case errors.Is(err, fs.ErrNotExist) && rd.link != "":
		msg = fmt.Sprintf("symbolic link to %s points to nothing", rd.link)
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is p already
		}
		msg = fmt.Sprintf("cannot read: %v", err)
		ioErr = err
	}
	rd.errs = append(rd.errs, &Error{Path: p, Msg: msg, Err: ioErr})
}

// resolve turns a clean site path whose elements may be symbolic links
// into one without links, element by element, so that ".." after a link
// climbs from where the link really points, as the operating system does.
// It returns the link-free path and what it names, or why it cannot be
// followed. A path with no link in it is returned as it is.
func (rd *reader) resolve(p string) (string, fs.FileInfo, error) {
	rd.link = ""
	if rd.links == nil {
		info, err := fs.Stat(rd.fsys, p)
		return p, info, err
	}
	todo := strings.Split(p, "/")
	done := "." // link-free
	hops := 0
	for len(todo) > 0 {
		el := todo[0]
		todo = todo[1:]
		switch el {
		case "", ".":
			continue
		case "..":
			if done == "." {
				return "", nil, rd.leaves()
			}
			done = path.Dir(done)
			continue
		}
		next := path.Join(done, el)
		info, err := rd.links.Lstat(next)
		if err != nil {
			return "", nil, err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			if len(todo) == 0 {
				return done, info, rd.checkTarget(done, info)
			}
			continue
		}
		if hops++; hops > maxLinks {
			return "", nil, &linkError{fmt.Sprintf("symbolic link to %s loops", rd.link)}
		}
		target, err := rd.links.ReadLink(next)
		if err != nil {
			return "", nil, err
		}
		if rd.link == "" {
			rd.link = target
		}
		if filepath.IsAbs(target) || filepath.VolumeName(target) != "" || strings.HasPrefix(target, "/") || strings.HasPrefix(target, `\`) {
			return "", nil, rd.leaves()
		}
		todo = append(strings.Split(filepath.ToSlash(target), "/"), todo...)
	}
	// The last elements were "." or "..": done names a folder, perhaps
	// the site folder itself, which a link may not hand out whole.
	info, err := rd.links.Lstat(done)
	if err != nil {
		return "", nil, err
	}
	if done == "." && rd.link != "" {
		return "", nil, &linkError{fmt.Sprintf("symbolic link to %s names the site folder itself", rd.link)}
	}
	return done, info, rd.checkTarget(done, info)
}

func (rd *reader) leaves() error {
	return &linkError{fmt.Sprintf("symbolic link to %s leaves the site; gloss reads only files inside the site folder", rd.link)}
}

// checkTarget refuses what a link may not reach: a hidden file or folder
// (the site's .git or .env, which gloss never reads on its own), and
// anything but a regular file or a folder.
func (rd *reader) checkTarget(p string, info fs.FileInfo) error {
	if rd.link == "" {
		return nil
	}
	els := strings.Split(p, "/")
	for i, el := range els {
		if el != "." && strings.HasPrefix(el, ".") && !publishedHidden(els[:i+1]) {
			return &linkError{fmt.Sprintf("symbolic link to %s reaches the hidden %s, which gloss never publishes", rd.link, p)}
		}
	}
	if !info.IsDir() && !info.Mode().IsRegular() {
		return &linkError{fmt.Sprintf("symbolic link to %s: %s is %s; gloss reads only regular files", rd.link, p, kind(info.Mode()))}
	}
	return nil
}

// kind names a file type that is neither a regular file nor a folder.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// walk reads the folder at the link-free path real, naming what it finds
// under the site path logical. stack holds the link-free folders being
// walked, to tell a link back to one of them, which would never end.
func (rd *reader) walk(logical, real string, stack []string, add func(*foundFile)) {
	entries, err := fs.ReadDir(rd.fsys, real)
	if err != nil {
		rd.link = ""
		rd.fail(logical, err)
		return
	}
	for _, e := range entries {
		lp, rp := logical+"/"+e.Name(), real+"/"+e.Name()
		if skip, warn := rd.skipped(lp); skip {
			if warn {
				rd.hidden = append(rd.hidden, lp)
			}
			continue
		}
		rd.entry(lp, rp, e.Type(), stack, add)
	}
}

// entry takes one thing found in a folder: a file (for add to read), a
// folder or a link.
func (rd *reader) entry(lp, rp string, typ fs.FileMode, stack []string, add func(*foundFile)) {
	rd.link = ""
	linked := false // lp is a link, to rp once resolved
	if typ&fs.ModeSymlink != 0 {
		if rd.links == nil {
			rd.errs = append(rd.errs, &Error{Path: lp, Msg: "symbolic link, which gloss cannot resolve in this file system"})
			return
		}
		real, info, err := rd.resolve(rp)
		if err != nil {
			rd.fail(lp, err)
			return
		}
		rp, typ, linked = real, info.Mode().Type(), true
	}
	switch {
	case typ.IsDir():
		for _, s := range stack {
			if s == rp {
				rd.errs = append(rd.errs, &Error{Path: lp, Msg: fmt.Sprintf("symbolic link to %s loops back to %s, which holds it", rd.link, rp)})
				return
			}
		}
		if linked {
			rd.noteLink(lp, rp)
		}
		rd.walk(lp, rp, append(stack[:len(stack):len(stack)], rp), add)
	case typ.IsRegular():
		if linked {
			rd.noteLink(lp, rp)
		}
		add(&foundFile{logical: lp, real: rp, link: rd.link})
	default:
		rd.errs = append(rd.errs, &Error{Path: lp, Msg: kind(typ) + "; gloss reads only regular files"})
	}
}

// readFile reads a regular file, from any goroutine, checking the opened
// file again: what was a file when the folder was listed may have been
// replaced by a link to a device since, and a device must never be read.
func (rd *reader) readFile(p string) ([]byte, error) {
	f, err := rd.fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &linkError{kind(info.Mode()) + "; gloss reads only regular files"}
	}
	return readSized(rd.ctx, f, info.Size())
}

// readChunk is the most readSized reads at once. Between reads it looks
// whether ctx ended, so that a newer save, or Ctrl+C, does not wait for
// a large file to be read to its end: a video in static/ read from a
// slow disk, or one still being copied in, whose every batch of events
// would otherwise read it again, whole, before the next could start.
// A read of 4 MB from the page cache takes about a millisecond.
const readChunk = 4 << 20

// readSized reads f to its end into a buffer of the size its Stat gave,
// as os.ReadFile does: a site's files are held for a whole build, and
// io.ReadAll's doubling would leave a quarter of their memory unused. A
// file that grew since is still read whole. It returns ctx's error if
// ctx ends before the end is reached.
func readSized(ctx context.Context, f io.Reader, size int64) ([]byte, error) {
	if size < 0 || size > 1<<30 {
		size = 512 // unknown: grown as it comes
	}
	data := make([]byte, 0, size+1) // +1: the end is seen without growing
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := f.Read(data[len(data):min(cap(data), len(data)+readChunk)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// skipped reports whether the site path p is left out of the site, and
// whether it is a hidden file of static/ that the build should warn about.
func (rd *reader) skipped(p string) (skip, warn bool) {
	name := path.Base(p)
	if !Ignored(name) || publishedHidden(strings.Split(p, "/")) {
		return false, false
	}
	return true, strings.HasPrefix(p, "static/") && strings.HasPrefix(name, ".") && !leftover(name)
}

// leftover reports whether a hidden name is one that tools leave behind
// unasked (macOS's .DS_Store and ._ files, editors' swap and lock files,
// git's files), which the build skips without a word.
func leftover(name string) bool {
	for _, p := range []string{".DS_Store", "._", ".#", ".goutputstream-", ".git", ".keep", ".Trash", ".Spotlight-V100", ".fseventsd", ".directory", ".localized"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	ext := path.Ext(name) // vim: .name.swp, .swo, .swn…
	return len(ext) == 4 && strings.HasPrefix(ext, ".sw")
}

// Ignored reports whether a file or folder name is hidden or an editor's
// temporary file, which are not part of a site: dotfiles (.DS_Store, vim's
// .x.swp, emacs's .#x), backups (x~), emacs autosaves (#x#), vim's 4913
// probe, JetBrains' safe-write files and *.tmp. Skipped applies it to a
// site path, with the two exceptions of static/ (.well-known, .nojekyll).
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913",
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasSuffix(name, ".tmp"):
		return true
	}
	return false
}

// Update brings files (site path → bytes, as Load reads them) up to date
// with the named paths, which may be files or folders, new, changed or
// deleted: a path that no longer exists is removed with everything below
// it; a folder is read whole. Files not named keep their very slices, so
// later stages can tell them unchanged without comparing bytes; so do
// files read again with the same bytes. links, if not nil, is kept up to
// date as Site.Links is made. Problems with single paths come back as
// Errors (their files are left out), as from Load. When ctx ends first,
// Update returns ctx's error alone, with the path it was reading as it
// was and the paths before it brought up to date: the caller names them
// all again.
func Update(ctx context.Context, fsys fs.FS, files map[string][]byte, links map[string]string, paths []string) error {
	rd := newReader(ctx, fsys)
	// A path below another named is read with it, once: reading it again
	// on its own would report its problems twice.
	paths = outermost(paths)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		p = path.Clean(p)
		if !inSite(p) {
			continue
		}
		// Drop p and everything below it (it may have been a folder), then
		// read back what is there now.
		old := map[string][]byte{}
		for f, data := range files {
			if atOrBelow(f, p) {
				old[f] = data
				delete(files, f)
			}
		}
		oldLinks := map[string]string{}
		for l, real := range links {
			if atOrBelow(l, p) {
				oldLinks[l] = real
				delete(links, l)
			}
		}
		rd.linked = nil
		if Skipped(p) {
			continue
		}
		real, info, err := rd.resolve(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && rd.link == "" {
				continue // deleted
			}
			rd.fail(p, err)
			continue
		}
		if rd.isLink(p) {
			rd.noteLink(p, real)
		}
		// An update reads a few files, each as the walk meets it.
		add := func(f *foundFile) {
			data, err := rd.readFile(f.real)
			if err != nil {
				if ctx.Err() != nil {
					return // not a problem of the file's
				}
				rd.readFailed(f, err)
				return
			}
			if prev, ok := old[f.logical]; ok && string(prev) == string(data) {
				data = prev
			}
			files[f.logical] = data
		}
		if info.IsDir() {
			// The folders around p, as a walk from the top would hold
			// them: a link to one of them loops, as Load finds it.
			stack, link := ancestors(real), rd.link
			if up, _, err := rd.resolve(path.Dir(p)); err == nil {
				if slices.Contains(ancestors(up), real) {
					// p is the link that loops (the folders above it do
					// not): its own target names it, as in Load.
					target := rd.link
					if t, err := rd.links.ReadLink(p); err == nil {
						target = t
					}
					rd.errs = append(rd.errs, &Error{Path: p, Msg: fmt.Sprintf("symbolic link to %s loops back to %s, which holds it", target, real)})
					continue
				}
				stack = append(stack, ancestors(up)...)
			}
			rd.link = link
			rd.walk(p, real, stack, add)
		} else {
			rd.entry(p, real, info.Mode().Type(), nil, add)
		}
		if err := ctx.Err(); err != nil {
			maps.DeleteFunc(files, func(f string, _ []byte) bool { return atOrBelow(f, p) })
			maps.Copy(files, old)
			if links != nil {
				maps.Copy(links, oldLinks)
			}
			return err
		}
		if links != nil {
			maps.Copy(links, rd.linked)
		}
	}
	if len(rd.errs) > 0 {
		return rd.sorted()
	}
	return nil
}

// outermost returns the clean paths of paths, sorted, without those
// below another: a folder's path stands for everything in it.
func outermost(paths []string) []string {
	sorted := make([]string, len(paths))
	for i, p := range paths {
		sorted[i] = path.Clean(p)
	}
	slices.Sort(sorted) // a folder before what it holds
	named := map[string]bool{}
	out := sorted[:0]
	for _, p := range sorted {
		inside := false
		for q := p; q != "." && q != "/" && !inside; q = path.Dir(q) {
			inside = named[q]
		}
		if !inside {
			named[p] = true
			out = append(out, p)
		}
	}
	return out
}

// Linked returns paths, changed paths of the site, with each symbolic
// link in links (Site.Links) whose target they touch: a path at or below
// the link-free path it stands for, or above it. A changed path is taken
// link-free first, through the links it passes (a watcher names paths
// under a linked content/ by their site names); a link it is named
// through is not added, as reading the path reads what changed. A watcher reports the
// edit of a linked file, or of a file in a linked folder, at the file's
// own path; Update then reads the link again too, whole, so that what it
// names is as fresh as its target (and a file gone from a linked folder
// is gone, not a link to nothing). paths comes back as it is when it
// touches no link's target.
func Linked(links map[string]string, paths []string) []string {
	var more []string
	for _, named := range paths {
		named = path.Clean(named)
		p := linkFree(links, named)
		for l, real := range links {
			if atOrBelow(named, l) {
				continue // named through the link: read as it is
			}
			if atOrBelow(p, real) || atOrBelow(real, p) {
				more = append(more, l)
			}
		}
	}
	if len(more) == 0 {
		return paths
	}
	all := append(slices.Clone(paths), more...)
	slices.Sort(all)
	return slices.Compact(all)
}

// linkFree is the site path p with its longest leading part that is a
// link in links replaced by what that link stands for.
func linkFree(links map[string]string, p string) string {
	for q := p; q != "." && q != "/"; q = path.Dir(q) {
		if real, ok := links[q]; ok {
			return real + p[len(q):]
		}
	}
	return p
}

// ancestors lists the link-free folder p and the folders above it, up to
// the site's own: those a link found below p must not lead back to.
func ancestors(p string) []string {
	var out []string
	for ; p != "." && p != "/"; p = path.Dir(p) {
		out = append(out, p)
	}
	return out
}

// Skipped reports whether Load leaves the site path p out because one of
// its elements is hidden or an editor's leftover (see Ignored), which is
// so for every such path but static/.well-known/… and static/.nojekyll.
func Skipped(p string) bool {
	els := strings.Split(p, "/")
	for i, el := range els {
		if Ignored(el) && !publishedHidden(els[:i+1]) {
			return true
		}
	}
	return false
}

// publishedHidden reports whether the hidden last element of the site
// path els is one gloss publishes: static/.well-known, which hosts read
// (security.txt, ACME challenges), and static/.nojekyll, which tells
// GitHub Pages to serve the files as they are.
func publishedHidden(els []string) bool {
	if len(els) != 2 || els[0] != "static" {
		return false
	}
	return els[1] == ".well-known" || els[1] == ".nojekyll"
}

// inSite reports whether a site path is under one of the folders gloss
// reads.
func inSite(p string) bool {
	for _, d := range Dirs {
		if atOrBelow(p, d) {
			return true
		}
	}
	return false
}

// atOrBelow reports whether the site path p is dir or a path inside it.
func atOrBelow(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// SortedPaths returns the paths of files, sorted.
func SortedPaths(files map[string][]byte) []string {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// FromMap returns the files of a map as a Site, each group in the order of
// paths, which must be the map's keys sorted (SortedPaths): the dev server
// keeps that list between builds and sorts again only when files come or
// go.
func FromMap(files map[string][]byte, paths []string) *Site {
	s := &Site{}
	for _, p := range paths {
		f := File{Path: p, Data: files[p]}
		switch {
		case strings.HasPrefix(p, "content/"):
			s.Content = append(s.Content, f)
		case strings.HasPrefix(p, "layouts/"):
			s.Layouts = append(s.Layouts, f)
		case strings.HasPrefix(p, "static/"):
			s.Static = append(s.Static, f)
		}
	}
	return s
}
