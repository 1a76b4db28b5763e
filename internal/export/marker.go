package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/parallel"
)

// The marker names every file gloss wrote into the output, with its size
// and CRC-32C, so that the next build can tell gloss's own files from
// one someone put there since, or changed, and refuse to delete it: a
// verification file for a host, a redirect list, a hand-edited page.
// Folders are not listed: emptying one loses nothing.

// markerHeader opens the marker, for whoever finds the file. A killed
// build's temporary folder holds the header alone (it is written first,
// so that the next build knows the folder is gloss's to remove); a
// finished output has the list after it.
const markerHeader = "This folder was written by gloss build, which replaces it on every\n" +
	"build, keeping .git, CNAME, .nojekyll and the site's keep: list. It\n" +
	"will not replace the folder while it holds a file not listed below, or\n" +
	"a listed file changed since (gloss build --force replaces it anyway).\n" +
	"Delete this file and gloss will no longer replace the folder.\n"

// listLine opens the list of files: one line each, its CRC-32C in hex, its
// size in bytes and its slash path, quoted as Go quotes strings.
const listLine = "\nfiles (CRC-32C, bytes, path):\n"

// earlierMarker is what gloss wrote into the marker before it listed its
// files. Such an output cannot say which of its files are gloss's.
const earlierMarker = "This folder was written by gloss build, which replaces it whole on every\n" +
	"build (keeping .git, CNAME, .nojekyll and the site's keep: list).\n" +
	"Delete this file and gloss will no longer replace the folder.\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is the CRC-32C of a file's bytes, as the marker lists it:
// hardware-assisted on common processors (200 MB, a 10,000-page output,
// in about 20 ms on one core).
func checksum(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

// listed is what the marker says of one file.
type listed struct {
	size int64
	sum  uint32
}

// markerText is the marker of an output holding files (sorted slash
// paths) of the given sizes and checksums. The same files give the same
// bytes.
func markerText(paths []string, written []listed) []byte {
	var b bytes.Buffer
	b.Grow(len(markerHeader) + len(listLine) + 40*len(paths))
	b.WriteString(markerHeader)
	b.WriteString(listLine)
	for i, p := range paths {
		fmt.Fprintf(&b, "%08x %d %s\n", written[i].sum, written[i].size, strconv.Quote(p))
	}
	return b.Bytes()
}

// errUnlisted says a marker lists no files: one from an earlier gloss, or
// the header of a build that never finished.
var errUnlisted = errors.New("the marker lists no files")

// parseMarker reads the list from a marker's bytes: errUnlisted for a
// marker gloss wrote without one, another error for bytes gloss did not
// write.
func parseMarker(data []byte) (map[string]listed, error) {
	text := string(data)
	if text == earlierMarker || text == markerHeader {
		return nil, errUnlisted
	}
	body, ok := strings.CutPrefix(text, markerHeader+listLine)
	if !ok {
		return nil, errors.New("it does not start as gloss writes it")
	}
	list := map[string]listed{}
	if body == "" {
		return list, nil // an output with no files
	}
	for n, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		sum, rest, ok1 := strings.Cut(line, " ")
		size, quoted, ok2 := strings.Cut(rest, " ")
		s, err1 := strconv.ParseUint(sum, 16, 32)
		z, err2 := strconv.ParseInt(size, 10, 64)
		p, err3 := strconv.Unquote(quoted)
		if !ok1 || !ok2 || len(sum) != 8 || err1 != nil || err2 != nil || z < 0 || err3 != nil {
			return nil, fmt.Errorf("line %d of its list is not as gloss writes it", n+1)
		}
		list[p] = listed{size: z, sum: uint32(s)}
	}
	return list, nil
}

// stray is a file in an output that gloss may not delete.
type stray struct {
	path    string // slash path inside the output
	changed bool   // listed, but changed since; else not gloss's at all
}

// strays walks the output dir, whose marker lists the files gloss wrote,
// and returns every file in it that gloss did not write or that has
// changed since, sorted by path, leaving out the marker and the keep
// entries (carried into the next output). A file's bytes are read only
// when its size is as listed and it was modified no earlier than the
// marker, written after every file: a folder copied or checked out anew
// is then read once, and an untouched one not at all.
//
// The walk goes a level of folders at a time, each level's folders read
// on every core: it is system calls (a 10,000-page output is 10,000
// folders), which one goroutine would make one after another.
func strays(dir string, list map[string]listed, keep []string) ([]stray, error) {
	st, err := os.Stat(filepath.Join(dir, Marker))
	if err != nil {
		return nil, fmt.Errorf("checking %s: %w", dir, err)
	}
	written := st.ModTime()
	var (
		mu       sync.Mutex
		out      []stray
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	// check looks at one file of the output.
	check := func(rel string, d fs.DirEntry) (stray, bool, error) {
		want, ok := list[rel]
		if !ok || !d.Type().IsRegular() {
			return stray{path: rel, changed: ok}, true, nil
		}
		info, err := d.Info()
		if err != nil {
			return stray{}, false, err
		}
		if info.Size() != want.size {
			return stray{path: rel, changed: true}, true, nil
		}
		if info.ModTime().Before(written) {
			return stray{}, false, nil
		}
		sum, err := fileChecksum(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return stray{}, false, err
		}
		return stray{path: rel, changed: true}, sum != want.sum, nil
	}
	level := []string{""}
	for len(level) > 0 {
		var next []string
		parallel.Run(max(2, runtime.GOMAXPROCS(0)), len(level), func() func(int) {
			return func(i int) {
				folder := level[i]
				entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(folder)))
				if err != nil {
					fail(err)
					return
				}
				var subs []string
				var found []stray
				for _, e := range entries {
					rel := path.Join(folder, e.Name())
					if folder == "" && (rel == Marker || slices.Contains(keep, rel)) {
						continue
					}
					if e.IsDir() {
						subs = append(subs, rel)
						continue
					}
					if systemMetadata(e.Name()) {
						continue
					}
					s, isStray, err := check(rel, e)
					if err != nil {
						fail(err)
						return
					}
					if isStray {
						found = append(found, s)
					}
				}
				mu.Lock()
				next = append(next, subs...)
				out = append(out, found...)
				mu.Unlock()
			}
		})
		if firstErr != nil {
			return nil, fmt.Errorf("checking %s: %w", dir, firstErr)
		}
		level = next
	}
	slices.SortFunc(out, func(a, b stray) int { return strings.Compare(a.path, b.path) })
	return out, nil
}

// systemMetadata reports whether a file name is one an operating system's
// file browser writes into any folder it shows: macOS Finder's .DS_Store
// and ._ files, Windows Explorer's Thumbs.db and desktop.ini. They hold
// view settings and thumbnails, nothing of an author's, and a Mac user
// who opens public/ in the Finder would otherwise be refused the next
// build. Editors' swap files are not among them: they can hold unsaved
// edits.
func systemMetadata(name string) bool {
	return name == ".DS_Store" || strings.HasPrefix(name, "._") || name == "Thumbs.db" || name == "desktop.ini"
}

func fileChecksum(name string) (uint32, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, bufio.NewReaderSize(f, 64<<10)); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}

// strayReason says what strays holds, naming a few of each kind.
func strayReason(ss []stray) string {
	var added, changed []string
	for _, s := range ss {
		if s.changed {
			changed = append(changed, s.path)
		} else {
			added = append(added, s.path)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s gloss did not write (%s)",
			len(added), diag.Plural(len(added), "file", "files"), few(added)))
	}
	if len(changed) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s changed since gloss wrote %s (%s)",
			len(changed), diag.Plural(len(changed), "file", "files"), diag.Plural(len(changed), "it", "them"), few(changed)))
	}
	return "it is gloss's output, but holds " + strings.Join(parts, " and ")
}

// few joins the first three names, and says there are more.
func few(names []string) string {
	if len(names) > 3 {
		names = append(names[:3:3], "...")
	}
	return strings.Join(names, ", ")
}

// keptClash names a file under a kept entry of the output dir (a Keep
// name) that the build writes too, with other bytes, where gloss did not
// write the one there: carrying the entry over would drop what the build
// wrote, and replacing it would lose the author's file. "" when there is
// none.
func keptClash(dir string, keep []string, list map[string]listed, res *build.Result) (string, error) {
	for _, k := range keep {
		if _, err := os.Lstat(filepath.Join(dir, k)); err != nil {
			continue
		}
		written := false
		for p := range res.Files {
			if p == k || strings.HasPrefix(p, k+"/") {
				written = true
				break
			}
		}
		if !written {
			continue // carried over whole
		}
		var clash string
		err := filepath.WalkDir(filepath.Join(dir, k), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if !d.Type().IsRegular() {
				clash = rel
				return filepath.SkipAll
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if want, ok := list[rel]; ok && want.size == int64(len(data)) && want.sum == checksum(data) {
				return nil // gloss's, as it left it
			}
			if builds(res, rel, data) {
				return nil // the same bytes again
			}
			clash = rel
			return filepath.SkipAll
		})
		if err != nil {
			return "", fmt.Errorf("checking %s: %w", dir, err)
		}
		if clash != "" {
			return clash, nil
		}
	}
	return "", nil
}

// builds reports whether res has an output at p holding data.
func builds(res *build.Result, p string, data []byte) bool {
	if pieced, ok := res.Pieced[p]; ok {
		return pieced.Equal(data)
	}
	made, ok := res.Files[p]
	return ok && bytes.Equal(made, data)
}
