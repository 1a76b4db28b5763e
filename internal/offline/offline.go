// Package offline owns what belongs to the offline variant of a site and
// the zip that carries it to classrooms: the zip's name and the limits its
// paths must keep (names.go), its README.txt, and the zip itself, whose
// bytes depend only on the files given. The offline variant is the site
// built so that it opens from disk (graph.Files: every internal link
// names a file, since file:// has no directory index); building it, and
// the hosted variant that links to the zip, is package publish's.
//
// The zip has one top-level folder named after the site (ZipName), with
// index.html and a README.txt at its top. Its bytes depend only on the
// sources: entries are sorted, folders have entries of their own, modes are
// 0644 and 0755, and every time is the same: $SOURCE_DATE_EPOCH when set,
// else the newest date among the pages, never before 1980 nor after 2107
// (zip cannot say earlier or later).
//
// A zip is an Archive: held as the pieces compression left, never copied
// into one slice, and, for the time a big site's hosted variant is being
// built, kept in a temporary file out of the heap (Archive.Spill).
package offline

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// Pack makes the zip of a site's offline variant: its files (output
// paths → bytes) and README.txt in one folder named ZipName(site), every
// entry stamped with mtime, or, when mtime is zero, with the newest date
// among the site's pages. Pack empties files, and lets each file's bytes
// go once they are compressed, so that a big site does not hold all its
// pages and its zip at once: pass a copy (maps.Clone) to keep them.
func Pack(site *graph.Site, files map[string][]byte, mtime time.Time) (*Archive, error) {
	if mtime.IsZero() {
		mtime = newestDate(site)
	}
	name := ZipName(site)
	all := make(map[string][]byte, len(files)+1)
	for p, data := range files {
		all[p] = data
	}
	all[ZipReadme] = Readme(siteTitle(site), name)
	clear(files)
	return zipFiles(all, name, clampTime(mtime), true)
}

// ParseEpoch reads $SOURCE_DATE_EPOCH
// (https://reproducible-builds.org/specs/source-date-epoch/): the time of
// every zip entry, for Pack. Unset ("") is the zero time.
func ParseEpoch(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a whole number of seconds since 1970", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// newestDate is the latest date among the site's pages (zero if none).
func newestDate(site *graph.Site) time.Time {
	var t time.Time
	for _, p := range site.Pages {
		if d := p.Meta.Date.Time; d.After(t) {
			t = d
		}
	}
	return t.UTC()
}

// Zip times run from 1980 to 2107 (MS-DOS dates).
var (
	minTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
)

func clampTime(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Second)
	if t.Before(minTime) {
		return minTime
	}
	if t.After(maxTime) {
		return maxTime
	}
	return t
}

func siteTitle(site *graph.Site) string {
	if site.Settings.Title != "" {
		return site.Settings.Title
	}
	return site.Home.Meta.Title
}

// Readme is the README.txt at the top of the zip: how to open the site,
// in plain words, for a classroom. Lines end in CRLF for old Notepads.
func Readme(title, folder string) []byte {
	text := title + ": offline copy\n\n" +
		"This folder is the whole website. It works without the internet.\n\n" +
		"How to open it:\n\n" +
		"1. Extract all the files from the zip first.\n" +
		"   - Windows: right-click the zip file, choose \"Extract All...\", then \"Extract\".\n" +
		"   - Mac: double-click the zip file.\n" +
		"   - Chromebook or Linux: open the zip file and copy the folder out of it.\n" +
		"2. Open the folder " + folder + " (it may be inside another folder\n" +
		"   of the same name).\n" +
		"3. Open index.html. It opens in your web browser.\n\n" +
		"A page opened straight from inside the zip, without extracting it first,\n" +
		"shows without its styles and its links do not work. If that happens,\n" +
		"close it, extract all the files, and open index.html from the folder.\n\n" +
		"Keep the files together in their folder. You can copy the whole folder\n" +
		"to a USB stick or a shared drive.\n"
	return []byte(strings.ReplaceAll(text, "\n", "\r\n"))
}
